#include "pkg/netif/netlink_links.h"

#include <linux/netlink.h>
#include <net/if.h>
#include <netlink/errno.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <string>

#include "pkg/netif/errors.h"
#include "pkg/netif/messages.h"
#include "pkg/netif/nl_handles.h"
#include "pkg/netlink/socket.h"

namespace ki::netif {
namespace {

constexpr char kDummyKind[] = "dummy";
constexpr int kDumpAttempts = 5;

// libnl folds the kernel's errno into its own codes; back to the errno the
// error messages are written for.
int ErrnoOf(int nl_err) {
  switch (-nl_err) {
    case NLE_PERM:
      return EPERM;
    case NLE_NOACCESS:
      return EACCES;
    case NLE_EXIST:
      return EEXIST;
    case NLE_OBJ_NOTFOUND:
    case NLE_NODEV:
      return ENODEV;
    case NLE_OPNOTSUPP:
      return EOPNOTSUPP;
    case NLE_INVAL:
      return EINVAL;
    case NLE_RANGE:
      return ERANGE;
    case NLE_NOMEM:
      return ENOMEM;
    case NLE_BUSY:
      return EBUSY;
    case NLE_AGAIN:
      return EAGAIN;
    default:
      return EIO;
  }
}

// Runs a dump until one completes without racing a change
// (NLM_F_DUMP_INTR); `restart` runs before each attempt, to drop what an
// interrupted one collected.
Status DumpConsistent(netlink::Socket& sock, const std::string& what,
                      const netlink::Socket::Build& build, const netlink::Socket::OnData& on_data,
                      const std::function<void()>& restart) {
  for (int attempt = 0; attempt < kDumpAttempts; ++attempt) {
    restart();
    bool interrupted = false;
    Result<int> err = sock.Transact(build, on_data, &interrupted);
    if (!err.ok()) return err.status();
    if (*err != 0) return Status::FromErrno(*err, "netlink: dump the " + what);
    if (!interrupted) return Status::Ok();
  }
  return Status::Internal("netlink: the " + what + " kept changing during " +
                          std::to_string(kDumpAttempts) + " dumps");
}

std::string KindOf(rtnl_link* l) {
  const char* k = rtnl_link_get_type(l);
  return k != nullptr ? k : "";
}

class NetlinkLinks final : public Links {
 public:
  NetlinkLinks(NlSockPtr link_sock, netlink::Socket addr_sock)
      : link_sock_(std::move(link_sock)), addr_sock_(std::move(addr_sock)) {}
  NetlinkLinks(const NetlinkLinks&) = delete;
  NetlinkLinks& operator=(const NetlinkLinks&) = delete;

  Result<LinkState> EnsureDummy(std::string_view name) override;
  Status DeleteDummy(std::string_view name) override;
  Result<std::vector<IpAddress>> ListBound(std::string_view name) override;
  Result<BatchResult> Bind(std::string_view name, std::span<const IpAddress> addrs) override;
  Result<BatchResult> Unbind(std::string_view name, std::span<const IpAddress> addrs) override;
  Result<std::vector<LocalAddress>> ListOtherAddresses(std::string_view except) override;
  Result<std::vector<LocalRoute>> ListLocalRoutes() override;
  Status AddLocalRoute(const LocalRoute& route) override;
  Status DeleteLocalRoute(const LocalRoute& route) override;

 private:
  // The link called `name`, or nullptr when there is none.
  Result<RtnlLinkPtr> Lookup(std::string_view name);
  // Its index, or 0 when there is none.
  Result<int> IndexOf(std::string_view name);
  Status Create(std::string_view name);
  // Every address of `family` (msg::kAfUnspec: both), of link `ifindex` when
  // not 0. Repeats the dump when the kernel says it raced a change.
  Result<std::vector<LocalAddress>> DumpAddresses(uint16_t family, int ifindex);
  Result<BatchResult> ChangeAddresses(bool bind, int ifindex, std::string_view name,
                                      std::span<const IpAddress> addrs);
  // lo's index, looked up by name on first use (it is 1 in practice, which
  // nothing guarantees); lo lives as long as the namespace, so it is kept.
  Result<int> LoIndex();
  // The proxy's routes of `family` through link `lo`.
  Result<std::vector<LocalRoute>> DumpRoutes(uint16_t family, int lo);
  // Sends one add or delete of `route` and returns the kernel's errno.
  Result<int> ChangeRoute(bool add, int lo, const LocalRoute& route);

  NlSockPtr link_sock_;        // libnl's requests only: its sequence checks stay valid
  netlink::Socket addr_sock_;  // our own address and route requests and dumps
  int lo_index_ = 0;           // 0 until LoIndex() found it
};

Result<RtnlLinkPtr> NetlinkLinks::Lookup(std::string_view name) {
  KI_RETURN_IF_ERROR(CheckLinkName(name));
  const std::string n(name);
  rtnl_link* raw = nullptr;
  int err = rtnl_link_get_kernel(link_sock_.get(), 0, n.c_str(), &raw);
  RtnlLinkPtr link(raw);
  if (err == -NLE_OBJ_NOTFOUND || err == -NLE_NODEV) return RtnlLinkPtr();
  if (err < 0) return LinkError(ErrnoOf(err), "look up link " + n);
  return link;
}

Result<int> NetlinkLinks::IndexOf(std::string_view name) {
  Result<RtnlLinkPtr> link = Lookup(name);
  if (!link.ok()) return link.status();
  return *link ? rtnl_link_get_ifindex(link->get()) : 0;
}

Status NetlinkLinks::Create(std::string_view name) {
  RtnlLinkPtr link(rtnl_link_alloc());
  if (!link) return Status::Internal("netlink: cannot allocate a link object");
  const std::string n(name);
  rtnl_link_set_name(link.get(), n.c_str());
  if (int err = rtnl_link_set_type(link.get(), kDummyKind); err < 0) {
    return LinkError(ErrnoOf(err), "create dummy link " + n);
  }
  // No IFF_UP in the request: the link is created down, as kube-proxy keeps
  // it (bound addresses still get their local routes; nothing is announced).
  int err = rtnl_link_add(link_sock_.get(), link.get(), NLM_F_CREATE | NLM_F_EXCL);
  if (err == -NLE_EXIST) return Status::Ok();  // made meanwhile by someone else: adopt it
  if (err < 0) return LinkError(ErrnoOf(err), "create dummy link " + n);
  return Status::Ok();
}

Result<LinkState> NetlinkLinks::EnsureDummy(std::string_view name) {
  Result<RtnlLinkPtr> found = Lookup(name);
  if (!found.ok()) return found.status();
  bool created = false;
  if (!*found) {
    KI_RETURN_IF_ERROR(Create(name));
    created = true;
    found = Lookup(name);
    if (!found.ok()) return found.status();
    if (!*found) return NoSuchLink(name).Wrap("created, then gone");
  }
  rtnl_link* l = found->get();
  if (KindOf(l) != kDummyKind) return NotADummy(name, KindOf(l));
  LinkState st;
  st.index = rtnl_link_get_ifindex(l);
  st.up = (rtnl_link_get_flags(l) & IFF_UP) != 0;
  st.created = created;
  return st;
}

Status NetlinkLinks::DeleteDummy(std::string_view name) {
  Result<RtnlLinkPtr> found = Lookup(name);
  if (!found.ok()) return found.status();
  if (!*found) return Status::Ok();
  if (KindOf(found->get()) != kDummyKind) return NotADummy(name, KindOf(found->get()));
  int err = rtnl_link_delete(link_sock_.get(), found->get());
  if (err == -NLE_OBJ_NOTFOUND || err == -NLE_NODEV) return Status::Ok();
  if (err < 0) return LinkError(ErrnoOf(err), "delete link " + std::string(name));
  return Status::Ok();
}

Result<std::vector<IpAddress>> NetlinkLinks::ListBound(std::string_view name) {
  Result<int> index = IndexOf(name);
  if (!index.ok()) return index.status();
  if (*index == 0) return NoSuchLink(name);
  auto dumped = DumpAddresses(msg::kAfUnspec, *index);
  if (!dumped.ok()) return dumped.status().Wrap("list addresses of " + std::string(name));
  std::vector<IpAddress> out;
  out.reserve(dumped->size());
  for (const LocalAddress& a : *dumped) {
    if (!IsIpv6LinkLocal(a.addr)) out.push_back(a.addr);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<std::vector<LocalAddress>> NetlinkLinks::DumpAddresses(uint16_t family, int ifindex) {
  std::vector<LocalAddress> out;
  Status s = DumpConsistent(
      addr_sock_, "address list",
      [&](std::vector<uint8_t>& buf, uint32_t seq) { msg::AppendDump(buf, seq, family, ifindex); },
      [&](const netlink::wire::Message& m) -> Status {
        if (m.type != msg::kRtmNewAddr) return Status::Ok();
        auto a = msg::ParseAddr(m.payload);
        if (!a.ok()) return a.status();
        if (*a && (ifindex == 0 || (*a)->link_index == ifindex)) out.push_back(**a);
        return Status::Ok();
      },
      [&] { out.clear(); });
  if (!s.ok()) return s;
  return out;
}

Result<BatchResult> NetlinkLinks::ChangeAddresses(bool bind, int ifindex, std::string_view name,
                                                  std::span<const IpAddress> addrs) {
  BatchResult res;
  res.statuses.resize(addrs.size());
  Status s = addr_sock_.Pipeline(
      addrs.size(),
      [&](std::vector<uint8_t>& out, uint32_t seq, size_t i) {
        if (bind) {
          msg::AppendBind(out, seq, ifindex, addrs[i]);
        } else {
          msg::AppendUnbind(out, seq, ifindex, addrs[i]);
        }
      },
      [&](size_t i, int err) {
        res.statuses[i] =
            bind ? BindOutcome(err, addrs[i], name) : UnbindOutcome(err, addrs[i], name);
      });
  if (!s.ok()) {
    return s.Wrap((bind ? "bind addresses on " : "unbind addresses from ") + std::string(name));
  }
  return res;
}

Result<BatchResult> NetlinkLinks::Bind(std::string_view name, std::span<const IpAddress> addrs) {
  Result<int> index = IndexOf(name);
  if (!index.ok()) return index.status();
  if (*index == 0) return NoSuchLink(name);
  return ChangeAddresses(true, *index, name, addrs);
}

Result<BatchResult> NetlinkLinks::Unbind(std::string_view name, std::span<const IpAddress> addrs) {
  Result<int> index = IndexOf(name);
  if (!index.ok()) return index.status();
  if (*index == 0) {  // no link, no addresses on it
    BatchResult res;
    res.statuses.resize(addrs.size());
    return res;
  }
  return ChangeAddresses(false, *index, name, addrs);
}

Result<std::vector<LocalAddress>> NetlinkLinks::ListOtherAddresses(std::string_view except) {
  Result<int> skip = IndexOf(except);
  if (!skip.ok()) return skip.status();
  // One dump of the whole node: the kernel cannot filter "all but one link".
  auto dumped = DumpAddresses(msg::kAfUnspec, 0);
  if (!dumped.ok()) return dumped.status().Wrap("list the node's addresses");
  std::vector<LocalAddress> out;
  for (const LocalAddress& a : *dumped) {
    if (*skip == 0 || a.link_index != *skip) out.push_back(a);
  }
  return out;
}

Result<int> NetlinkLinks::LoIndex() {
  if (lo_index_ != 0) return lo_index_;
  Result<int> index = IndexOf("lo");
  if (!index.ok()) return index.status();
  if (*index == 0) return NoSuchLink("lo").Wrap("local routes go through lo");
  lo_index_ = *index;
  return lo_index_;
}

Result<std::vector<LocalRoute>> NetlinkLinks::DumpRoutes(uint16_t family, int lo) {
  std::vector<LocalRoute> out;
  Status s = DumpConsistent(
      addr_sock_, "routing table",
      [&](std::vector<uint8_t>& buf, uint32_t seq) { msg::AppendRouteDump(buf, seq, family, lo); },
      [&](const netlink::wire::Message& m) -> Status {
        if (m.type != msg::kRtmNewRoute) return Status::Ok();
        auto r = msg::ParseRoute(m.payload, lo);
        if (!r.ok()) return r.status();
        // A kernel without the family answers with every family's routes.
        if (*r && (*r)->addr.family == family) out.push_back(**r);
        return Status::Ok();
      },
      [&] { out.clear(); });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<LocalRoute>> NetlinkLinks::ListLocalRoutes() {
  Result<int> lo = LoIndex();
  if (!lo.ok()) return lo.status().Wrap("list local routes");
  std::vector<LocalRoute> out;
  for (uint16_t family : {ipvs::kAfInet, ipvs::kAfInet6}) {
    auto dumped = DumpRoutes(family, *lo);
    if (!dumped.ok()) return dumped.status().Wrap("list local routes");
    out.insert(out.end(), dumped->begin(), dumped->end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<int> NetlinkLinks::ChangeRoute(bool add, int lo, const LocalRoute& route) {
  return addr_sock_.Transact(
      [&](std::vector<uint8_t>& buf, uint32_t seq) {
        if (add) {
          msg::AppendAddLocalRoute(buf, seq, lo, route);
        } else {
          msg::AppendDeleteLocalRoute(buf, seq, lo, route);
        }
      },
      [](const netlink::wire::Message&) { return Status::Ok(); });
}

Status NetlinkLinks::AddLocalRoute(const LocalRoute& route) {
  KI_RETURN_IF_ERROR(CheckLocalRoute(route));
  Result<int> lo = LoIndex();
  if (!lo.ok()) return lo.status().Wrap(DescribeAddRoute(route));
  Result<int> err = ChangeRoute(true, *lo, route);
  if (!err.ok()) return err.status().Wrap(DescribeAddRoute(route));
  if (*err != EEXIST) return AddRouteOutcome(*err, route);
  // Ours, or (IPv6) another protocol's route of the same prefix through lo:
  // only the table tells.
  auto ours = DumpRoutes(route.addr.family, *lo);
  if (!ours.ok()) return ours.status().Wrap(DescribeAddRoute(route));
  if (std::find(ours->begin(), ours->end(), route) != ours->end()) return Status::Ok();
  return RouteConflict(route);
}

Status NetlinkLinks::DeleteLocalRoute(const LocalRoute& route) {
  KI_RETURN_IF_ERROR(CheckLocalRoute(route));
  Result<int> lo = LoIndex();
  if (!lo.ok()) return lo.status().Wrap(DescribeDeleteRoute(route));
  Result<int> err = ChangeRoute(false, *lo, route);
  if (!err.ok()) return err.status().Wrap(DescribeDeleteRoute(route));
  return DeleteRouteOutcome(*err, route);
}

}  // namespace

Result<std::unique_ptr<Links>> OpenNetlinkLinks(const NetlinkOptions& options) {
  NlSockPtr sock(nl_socket_alloc());
  if (!sock) return Status::Internal("netlink: cannot allocate a socket");
  if (int err = nl_connect(sock.get(), NETLINK_ROUTE); err < 0) {
    return Status::Internal(std::string("netlink: connect route socket: ") + nl_geterror(err));
  }
  Result<netlink::Socket> addr = netlink::Socket::Open(NETLINK_ROUTE, {.window = options.window});
  if (!addr.ok()) return addr.status();
  return std::unique_ptr<Links>(
      std::make_unique<NetlinkLinks>(std::move(sock), std::move(addr).value()));
}

}  // namespace ki::netif
