#include "pkg/netfilter/netlink_ipset.h"

#include <linux/netlink.h>

#include <algorithm>
#include <cerrno>
#include <optional>

#include "pkg/netfilter/ipset_errors.h"
#include "pkg/netfilter/ipset_messages.h"
#include "pkg/netlink/socket.h"

namespace ki::netfilter {
namespace {

namespace msg = ipsetmsg;
namespace wire = netlink::wire;

// Entries per ADD/DEL request: up to this many bytes of them (the ADT
// attribute's length is 16 bits; ipset itself sends one page).
constexpr size_t kBatchBytes = 32 << 10;
// A dump that raced a change is read again, this many times at most.
constexpr int kDumpAttempts = 3;

// One request of an Update: a create, or a run of one delta's entries.
struct Request {
  msg::Cmd cmd = msg::Cmd::kCreate;
  size_t index = 0;  // into create (kCreate) or deltas
  size_t begin = 0;  // entries [begin, end) of that delta's dels or adds
  size_t end = 0;
};

// The deltas' entries in binary form, parsed before anything is sent.
struct ParsedDelta {
  std::vector<EntryValue> del;
  std::vector<EntryValue> add;
};

Result<std::vector<EntryValue>> ParseAll(const SetDelta& d, const std::vector<std::string>& text) {
  std::vector<EntryValue> out;
  out.reserve(text.size());
  for (const std::string& e : text) {
    Result<EntryValue> v = ParseEntry(d.type, d.ipv6, e);
    if (!v.ok()) return v.status().Wrap("ipset set " + d.set);
    out.push_back(*v);
  }
  return out;
}

void PlanRuns(msg::Cmd cmd, size_t index, size_t n, size_t per_request, std::vector<Request>& out) {
  for (size_t begin = 0; begin < n; begin += per_request) {
    out.push_back({cmd, index, begin, std::min(n, begin + per_request)});
  }
}

Result<std::vector<ParsedDelta>> ParseDeltas(const std::vector<SetDelta>& deltas) {
  std::vector<ParsedDelta> parsed;
  parsed.reserve(deltas.size());
  for (const SetDelta& d : deltas) {
    Result<std::vector<EntryValue>> del = ParseAll(d, d.del);
    if (!del.ok()) return del.status();
    Result<std::vector<EntryValue>> add = ParseAll(d, d.add);
    if (!add.ok()) return add.status();
    parsed.push_back({std::move(*del), std::move(*add)});
  }
  return parsed;
}

// The creates, then per delta its deletions and its additions, in runs that
// fit one request each.
std::vector<Request> Plan(size_t creates, const std::vector<SetDelta>& deltas,
                          const std::vector<ParsedDelta>& parsed) {
  std::vector<Request> plan;
  for (size_t i = 0; i < creates; ++i) plan.push_back({msg::Cmd::kCreate, i, 0, 0});
  for (size_t i = 0; i < deltas.size(); ++i) {
    const size_t per =
        std::max<size_t>(1, kBatchBytes / msg::EntryBytes(deltas[i].type, deltas[i].ipv6));
    PlanRuns(msg::Cmd::kDel, i, parsed[i].del.size(), per, plan);
    PlanRuns(msg::Cmd::kAdd, i, parsed[i].add.size(), per, plan);
  }
  return plan;
}

// The first request the kernel refused, and its errno.
struct Refusal {
  size_t index = 0;
  int err = 0;
};

std::string CreateText(const SetSpec& s) {
  std::string out = "create " + s.name + " " + std::string(SetTypeName(s.type));
  if (s.type != SetType::kBitmapPort) out += s.ipv6 ? " family inet6" : " family inet";
  return out;
}

class NetlinkIpset final : public Ipset {
 public:
  NetlinkIpset(netlink::Socket socket, uint8_t protocol)
      : socket_(std::move(socket)), protocol_(protocol) {}

  Result<std::map<std::string, SavedSet>> List(const std::vector<std::string>& names) override {
    std::map<std::string, SavedSet> out;
    if (names.empty()) KI_RETURN_IF_ERROR(Dump("", out));
    for (const std::string& name : names) KI_RETURN_IF_ERROR(Dump(name, out));
    return out;
  }

  Status Update(const std::vector<SetSpec>& create, const std::vector<SetDelta>& deltas) override {
    Result<std::vector<ParsedDelta>> parsed = ParseDeltas(deltas);
    if (!parsed.ok()) return parsed.status();
    std::vector<uint8_t> revisions;
    for (const SetSpec& s : create) {
      Result<uint8_t> rev = Revision(s.type, s.ipv6);
      if (!rev.ok()) return rev.status();
      revisions.push_back(*rev);
    }
    const std::vector<Request> plan = Plan(create.size(), deltas, *parsed);
    Result<std::optional<Refusal>> refused =
        Send(plan.size(), [&](std::vector<uint8_t>& out, uint32_t seq, size_t i) {
          const Request& r = plan[i];
          if (r.cmd == msg::Cmd::kCreate) {
            msg::AppendCreate(out, {seq, protocol_}, create[r.index], revisions[r.index]);
          } else {
            msg::AppendEntries(out, {seq, protocol_}, Batch(r, deltas, *parsed));
          }
        });
    if (!refused.ok()) return refused.status();
    if (!*refused) return Status::Ok();
    const Request& r = plan[(*refused)->index];
    if (r.cmd == msg::Cmd::kCreate) return ExplainCreate(create[r.index], (*refused)->err);
    return ExplainEntries(Batch(r, deltas, *parsed), deltas[r.index], (*refused)->err);
  }

  Status Destroy(const std::vector<std::string>& names) override {
    Result<std::optional<Refusal>> refused =
        Send(names.size(), [&](std::vector<uint8_t>& out, uint32_t seq, size_t i) {
          msg::AppendDestroy(out, {seq, protocol_}, names[i]);
        });
    if (!refused.ok()) return refused.status();
    if (!*refused) return Status::Ok();
    return Status::Internal("ipset destroy " + names[(*refused)->index] + ": " +
                            msg::ErrorText((*refused)->err, msg::Cmd::kDestroy, SetType::kHashIp));
  }

 private:
  // Sends n requests pipelined (every one of them, whatever the kernel says
  // of the others); the first it refused, if any.
  Result<std::optional<Refusal>> Send(size_t n, const netlink::Socket::Appender& append) {
    std::optional<Refusal> first;
    Status st = socket_.Pipeline(n, append, [&](size_t i, int err) {
      if (err != 0 && (!first || i < first->index)) first = Refusal{i, err};
    });
    if (!st.ok()) return st.Wrap("ipset");
    return first;
  }

  static msg::EntryBatch Batch(const Request& r, const std::vector<SetDelta>& deltas,
                               const std::vector<ParsedDelta>& parsed) {
    const SetDelta& d = deltas[r.index];
    const std::vector<EntryValue>& v =
        r.cmd == msg::Cmd::kDel ? parsed[r.index].del : parsed[r.index].add;
    return {r.cmd == msg::Cmd::kDel ? msg::Adt::kDel : msg::Adt::kAdd,
            d.set,
            d.type,
            d.ipv6,
            std::span<const EntryValue>(v).subspan(r.begin, r.end - r.begin),
            static_cast<uint32_t>(r.begin + 1)};
  }

  // One request and its reply (data messages to on_data); the kernel's errno.
  Result<int> Ask(const std::function<void(std::vector<uint8_t>&, const msg::Frame&)>& build,
                  const netlink::Socket::OnData& on_data, bool* interrupted = nullptr) {
    return socket_.Transact(
        [&](std::vector<uint8_t>& out, uint32_t seq) {
          build(out, {seq, protocol_});
        },
        on_data, interrupted);
  }

  // The revision to create sets of this type with, asked once per type.
  Result<uint8_t> Revision(SetType type, bool ipv6) {
    if (auto it = revisions_.find(type); it != revisions_.end()) return it->second;
    std::optional<msg::Range> range;
    Result<int> err = Ask([&](std::vector<uint8_t>& out,
                              const msg::Frame& f) { msg::AppendType(out, f, type, ipv6); },
                          [&](const wire::Message& m) -> Status {
                            Result<msg::Range> r = msg::ParseType(m);
                            if (!r.ok()) return r.status();
                            range = *r;
                            return Status::Ok();
                          });
    const std::string what = "ipset: the kernel's " + std::string(SetTypeName(type)) + " sets";
    if (!err.ok()) return err.status().Wrap(what);
    if (*err != 0)
      return Status::Unavailable(what + ": " + msg::ErrorText(*err, msg::Cmd::kType, type));
    if (!range) return Status::Internal(what + ": no reply to TYPE");
    Result<uint8_t> rev = msg::ChooseRevision(type, *range);
    if (!rev.ok()) return rev.status().Wrap("ipset");
    revisions_[type] = *rev;
    return *rev;
  }

  // Adds set `name` (every set when empty) to out; a missing set is absent.
  Status Dump(const std::string& name, std::map<std::string, SavedSet>& out) {
    const std::string what = name.empty() ? "ipset list" : "ipset list " + name;
    for (int attempt = 1;; ++attempt) {
      msg::DumpReader reader;
      bool interrupted = false;
      Result<int> err =
          Ask([&](std::vector<uint8_t>& b, const msg::Frame& f) { msg::AppendList(b, f, name); },
              [&](const wire::Message& m) { return reader.Add(m); }, &interrupted);
      if (!err.ok()) return err.status().Wrap(what);
      if (*err == ENOENT) return Status::Ok();
      if (*err != 0) {
        return Status::Internal(what + ": " +
                                msg::ErrorText(*err, msg::Cmd::kList, SetType::kHashIp));
      }
      if (interrupted && attempt < kDumpAttempts) continue;
      out.merge(reader.sets());
      return Status::Ok();
    }
  }

  // A create failed: says what holds the name when it is taken.
  Status ExplainCreate(const SetSpec& s, int err) {
    std::string text = CreateText(s) + ": " + msg::ErrorText(err, msg::Cmd::kCreate, s.type);
    if (err == EEXIST) {
      std::optional<msg::SetHeader> h;
      Result<int> got = Ask([&](std::vector<uint8_t>& out,
                                const msg::Frame& f) { msg::AppendHeader(out, f, s.name); },
                            [&](const wire::Message& m) -> Status {
                              Result<msg::SetHeader> r = msg::ParseHeader(m);
                              if (r.ok()) h = *r;
                              return r.status();
                            });
      if (got.ok() && *got == 0 && h) {
        text += " (it is " + h->type + (h->family.empty() ? "" : " family " + h->family) +
                "; destroy it, or remove the proxy's state with --cleanup)";
      }
    }
    return Status::Internal("ipset " + text);
  }

  // A run of entries failed: the kernel stopped at one of them. Sending them
  // again one at a time (idempotent with -exist) finds which.
  Status ExplainEntries(const msg::EntryBatch& b, const SetDelta& d, int err) {
    const msg::Cmd cmd = b.adt == msg::Adt::kAdd ? msg::Cmd::kAdd : msg::Cmd::kDel;
    const std::string verb = b.adt == msg::Adt::kAdd ? "add " : "del ";
    for (size_t i = 0; i < b.entries.size(); ++i) {
      msg::EntryBatch one = b;
      one.entries = b.entries.subspan(i, 1);
      Result<int> got = Ask(
          [&](std::vector<uint8_t>& out, const msg::Frame& f) { msg::AppendEntries(out, f, one); },
          [](const wire::Message&) { return Status::Ok(); });
      if (!got.ok() || *got == 0) continue;
      return Status::Internal("ipset " + verb + d.set + " " +
                              FormatEntry(d.type, d.ipv6, b.entries[i]) + ": " +
                              msg::ErrorText(*got, cmd, d.type));
    }
    return Status::Internal("ipset " + verb + d.set + " (" + std::to_string(b.entries.size()) +
                            " entries): " + msg::ErrorText(err, cmd, d.type));
  }

  netlink::Socket socket_;
  uint8_t protocol_;
  std::map<SetType, uint8_t> revisions_;
};

}  // namespace

Result<std::unique_ptr<Ipset>> NewNetlinkIpset() {
  Result<netlink::Socket> socket = netlink::Socket::Open(NETLINK_NETFILTER);
  if (!socket.ok()) return socket.status().Wrap("ipset");
  std::optional<msg::Range> range;
  Result<int> err = socket->Transact(
      [](std::vector<uint8_t>& out, uint32_t seq) { msg::AppendProtocol(out, {seq}); },
      [&](const wire::Message& m) -> Status {
        Result<msg::Range> r = msg::ParseProtocol(m);
        if (r.ok()) range = *r;
        return r.status();
      });
  if (!err.ok()) return err.status().Wrap("ipset");
  if (*err == EINVAL) {
    return Status::Unavailable("ipset: the kernel has no ip_set support (modprobe ip_set)");
  }
  if (*err != 0) return Status::FromErrno(*err, "ipset: ask the kernel's ip_set for its protocol");
  if (!range) return Status::Internal("ipset: no reply to PROTOCOL");
  const uint8_t protocol = std::min(range->max, msg::kProtocol);
  if (protocol < msg::kProtocolMin || range->min > msg::kProtocol) {
    return Status::Unavailable("ipset: the kernel speaks protocol versions " +
                               std::to_string(range->min) + "-" + std::to_string(range->max) +
                               ", the proxy " + std::to_string(msg::kProtocolMin) + "-" +
                               std::to_string(msg::kProtocol));
  }
  return std::unique_ptr<Ipset>(std::make_unique<NetlinkIpset>(std::move(*socket), protocol));
}

}  // namespace ki::netfilter
