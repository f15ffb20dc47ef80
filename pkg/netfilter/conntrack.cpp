#include "pkg/netfilter/conntrack.h"

#include <arpa/inet.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack.h>
#include <netinet/in.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace ki::netfilter {
namespace {

struct HandleCloser {
  void operator()(nfct_handle* h) const { nfct_close(h); }
};
struct EntryDestroyer {
  void operator()(nf_conntrack* ct) const { nfct_destroy(ct); }
};
using Handle = std::unique_ptr<nfct_handle, HandleCloser>;
using Entry = std::unique_ptr<nf_conntrack, EntryDestroyer>;

// A flow in binary form, for comparing with the attributes of each entry.
struct Match {
  int family = AF_INET;
  std::array<uint8_t, 16> vip{};
  uint16_t port_be = 0;  // network order, as conntrack keeps ports
  bool any_backend = true;
  std::array<uint8_t, 16> backend{};
};

bool Parse(const std::string& text, int* family, std::array<uint8_t, 16>* out) {
  if (inet_pton(AF_INET, text.c_str(), out->data()) == 1) {
    *family = AF_INET;
    return true;
  }
  if (inet_pton(AF_INET6, text.c_str(), out->data()) == 1) {
    *family = AF_INET6;
    return true;
  }
  return false;
}

bool Same(const nf_conntrack* ct, int family, int attr4, int attr6,
          const std::array<uint8_t, 16>& want) {
  if (family == AF_INET) {
    const uint32_t v = nfct_get_attr_u32(ct, static_cast<nf_conntrack_attr>(attr4));
    return std::memcmp(&v, want.data(), 4) == 0;
  }
  const void* v = nfct_get_attr(ct, static_cast<nf_conntrack_attr>(attr6));
  return v != nullptr && std::memcmp(v, want.data(), 16) == 0;
}

struct DumpState {
  const std::vector<Match>* matches;
  int family;
  std::vector<Entry> found;
};

int OnEntry(enum nf_conntrack_msg_type, struct nf_conntrack* ct, void* data) {
  auto* st = static_cast<DumpState*>(data);
  if (nfct_get_attr_u8(ct, ATTR_ORIG_L4PROTO) != IPPROTO_UDP) return NFCT_CB_CONTINUE;
  for (const Match& m : *st->matches) {
    if (m.family != st->family || nfct_get_attr_u16(ct, ATTR_ORIG_PORT_DST) != m.port_be) continue;
    if (!Same(ct, m.family, ATTR_ORIG_IPV4_DST, ATTR_ORIG_IPV6_DST, m.vip)) continue;
    if (!m.any_backend && !Same(ct, m.family, ATTR_REPL_IPV4_SRC, ATTR_REPL_IPV6_SRC, m.backend)) {
      continue;
    }
    st->found.emplace_back(nfct_clone(ct));
    break;
  }
  return NFCT_CB_CONTINUE;
}

class NetlinkConntrack final : public Conntrack {
 public:
  explicit NetlinkConntrack(Handle h) : h_(std::move(h)) {}

  Result<int> DeleteUdpFlows(const std::vector<UdpFlow>& flows) override {
    std::vector<Match> matches;
    for (const UdpFlow& f : flows) {
      Match m;
      if (!Parse(f.vip, &m.family, &m.vip)) {
        return Status::InvalidConfig("conntrack: bad address " + f.vip);
      }
      m.port_be = htons(f.port);
      if (f.backend) {
        int family = 0;
        if (!Parse(*f.backend, &family, &m.backend) || family != m.family) {
          return Status::InvalidConfig("conntrack: bad backend address " + *f.backend);
        }
        m.any_backend = false;
      }
      matches.push_back(m);
    }
    int deleted = 0;
    for (int family : {AF_INET, AF_INET6}) {
      bool wanted = false;
      for (const Match& m : matches) wanted |= m.family == family;
      if (!wanted) continue;
      DumpState st{&matches, family, {}};
      nfct_callback_register(h_.get(), NFCT_T_ALL, OnEntry, &st);
      uint32_t fam = static_cast<uint32_t>(family);
      const int rc = nfct_query(h_.get(), NFCT_Q_DUMP, &fam);
      nfct_callback_unregister(h_.get());
      if (rc < 0) return Status::FromErrno(errno, "dump the conntrack table");
      for (const Entry& e : st.found) {
        // ENOENT: the entry expired between the dump and now.
        if (nfct_query(h_.get(), NFCT_Q_DESTROY, e.get()) == 0) {
          ++deleted;
        } else if (errno != ENOENT) {
          return Status::FromErrno(errno, "delete a conntrack entry");
        }
      }
    }
    return deleted;
  }

 private:
  Handle h_;
};

}  // namespace

Result<std::unique_ptr<Conntrack>> OpenNetlinkConntrack() {
  Handle h(nfct_open(CONNTRACK, 0));
  if (!h) {
    return Status::FromErrno(errno, "open the conntrack netlink socket (nf_conntrack_netlink)");
  }
  return std::unique_ptr<Conntrack>(new NetlinkConntrack(std::move(h)));
}

}  // namespace ki::netfilter
