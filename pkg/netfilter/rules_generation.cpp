#include "pkg/netfilter/rules_generation.h"

// glibc's before the kernel's: linux/in.h then leaves glibc's definitions be.
#include <netinet/in.h>
#include <sys/socket.h>

#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter_ipv4/ip_tables.h>
#include <linux/netfilter_ipv6/ip6_tables.h>
#include <linux/netlink.h>

#include <array>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <string>
#include <vector>

#include "pkg/base/fd.h"
#include "pkg/netlink/socket.h"

namespace ki::netfilter {
namespace {

namespace wire = netlink::wire;

constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr uint64_t kFnvPrime = 0x100000001b3ULL;

uint64_t Fnv1a(uint64_t h, std::span<const uint8_t> bytes) {
  for (uint8_t b : bytes) h = (h ^ b) * kFnvPrime;
  return h;
}

// Where the fields of an ipt_entry / ip6t_entry sit (the layouts differ only
// in the size of the address part in front).
struct EntryLayout {
  size_t next_offset;
  size_t comefrom;
  size_t counters;
  size_t min_size;
};

constexpr EntryLayout kIpv4{offsetof(ipt_entry, next_offset), offsetof(ipt_entry, comefrom),
                            offsetof(ipt_entry, counters), sizeof(ipt_entry)};
constexpr EntryLayout kIpv6{offsetof(ip6t_entry, next_offset), offsetof(ip6t_entry, comefrom),
                            offsetof(ip6t_entry, counters), sizeof(ip6t_entry)};

class NftGeneration final : public RulesGeneration {
 public:
  explicit NftGeneration(netlink::Socket sock) : sock_(std::move(sock)) {}

  Result<uint64_t> Read() override {
    uint64_t gen = 0;
    bool seen = false;
    Result<int> err = sock_.Transact(
        [](std::vector<uint8_t>& out, uint32_t seq) {
          const size_t start = wire::BeginMessage(out, (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETGEN,
                                                  wire::kFlagRequest | wire::kFlagAck, seq);
          const nfgenmsg hdr{AF_UNSPEC, NFNETLINK_V0, 0};
          const auto* p = reinterpret_cast<const uint8_t*>(&hdr);
          out.insert(out.end(), p, p + sizeof(hdr));
          wire::FinishMessage(out, start);
        },
        [&](const wire::Message& m) -> Status {
          if (m.payload.size() < sizeof(nfgenmsg)) return Status::Ok();
          std::array<std::span<const uint8_t>, NFTA_GEN_ID + 1> attrs;
          KI_RETURN_IF_ERROR(wire::ParseAttrs(m.payload.subspan(sizeof(nfgenmsg)), attrs));
          if (!wire::Has(attrs[NFTA_GEN_ID])) return Status::Ok();
          gen = wire::GetBe32(attrs[NFTA_GEN_ID]);
          seen = true;
          return Status::Ok();
        });
    if (!err.ok()) return err.status().Wrap("read the nf_tables generation");
    if (*err != 0) return Status::FromErrno(*err, "read the nf_tables generation");
    if (!seen) return Status::Internal("read the nf_tables generation: no NFTA_GEN_ID in reply");
    return gen;
  }

 private:
  netlink::Socket sock_;
};

class LegacyGeneration final : public RulesGeneration {
 public:
  LegacyGeneration(UniqueFd fd, bool ipv6) : fd_(std::move(fd)), ipv6_(ipv6) {}

  Result<uint64_t> Read() override {
    uint64_t h = kFnvOffset;
    for (std::string_view table : {"nat", "filter"}) {
      Result<uint64_t> d = TableDigest(table);
      if (!d.ok()) return d.status();
      const std::array<uint8_t, 8> bytes = {
          static_cast<uint8_t>(*d),       static_cast<uint8_t>(*d >> 8),
          static_cast<uint8_t>(*d >> 16), static_cast<uint8_t>(*d >> 24),
          static_cast<uint8_t>(*d >> 32), static_cast<uint8_t>(*d >> 40),
          static_cast<uint8_t>(*d >> 48), static_cast<uint8_t>(*d >> 56)};
      h = Fnv1a(h, bytes);
    }
    return h;
  }

 private:
  int Level() const { return ipv6_ ? IPPROTO_IPV6 : IPPROTO_IP; }

  Result<uint64_t> TableDigest(std::string_view table) {
    const std::string what =
        std::string(ipv6_ ? "ip6tables" : "iptables") + " legacy table " + std::string(table);
    // ipt_getinfo and ip6t_getinfo share their layout; so do the get_entries headers.
    static_assert(sizeof(ipt_getinfo) == sizeof(ip6t_getinfo));
    static_assert(sizeof(ipt_get_entries) == sizeof(ip6t_get_entries));
    ipt_getinfo info{};
    std::memcpy(info.name, table.data(), table.size());
    socklen_t len = sizeof(info);
    const int get_info = ipv6_ ? IP6T_SO_GET_INFO : IPT_SO_GET_INFO;
    if (getsockopt(fd_.get(), Level(), get_info, &info, &len) != 0) {
      return Status::FromErrno(errno, "read " + what);
    }
    buf_.assign(sizeof(ipt_get_entries) + info.size, 0);
    auto* req = reinterpret_cast<ipt_get_entries*>(buf_.data());
    std::memcpy(req->name, table.data(), table.size());
    req->size = info.size;
    len = static_cast<socklen_t>(buf_.size());
    const int get_entries = ipv6_ ? IP6T_SO_GET_ENTRIES : IPT_SO_GET_ENTRIES;
    if (getsockopt(fd_.get(), Level(), get_entries, buf_.data(), &len) != 0) {
      // EAGAIN: the table changed between the two calls; any value that
      // differs from the last one makes the caller read the rules.
      if (errno == EAGAIN) return uint64_t{0};
      return Status::FromErrno(errno, "read " + what);
    }
    return DigestLegacyEntries(std::span<uint8_t>(buf_).subspan(sizeof(ipt_get_entries)), ipv6_);
  }

  UniqueFd fd_;
  bool ipv6_;
  std::vector<uint8_t> buf_;
};

}  // namespace

Result<uint64_t> DigestLegacyEntries(std::span<const uint8_t> entries, bool ipv6) {
  const EntryLayout& l = ipv6 ? kIpv6 : kIpv4;
  std::vector<uint8_t> entry;
  uint64_t h = kFnvOffset;
  for (size_t off = 0; off < entries.size();) {
    if (entries.size() - off < l.min_size) {
      return Status::Internal("iptables legacy table: truncated entry at offset " +
                              std::to_string(off));
    }
    uint16_t next = 0;
    std::memcpy(&next, &entries[off + l.next_offset], sizeof(next));
    if (next < l.min_size || next > entries.size() - off) {
      return Status::Internal("iptables legacy table: bad entry size at offset " +
                              std::to_string(off));
    }
    entry.assign(entries.begin() + static_cast<std::ptrdiff_t>(off),
                 entries.begin() + static_cast<std::ptrdiff_t>(off + next));
    std::memset(&entry[l.comefrom], 0, sizeof(unsigned int));
    std::memset(&entry[l.counters], 0, sizeof(xt_counters));
    h = Fnv1a(h, entry);
    off += next;
  }
  return h;
}

Result<std::unique_ptr<RulesGeneration>> OpenNftGeneration() {
  Result<netlink::Socket> sock = netlink::Socket::Open(NETLINK_NETFILTER, {.window = 1});
  if (!sock.ok()) return sock.status().Wrap("nf_tables generation");
  return std::unique_ptr<RulesGeneration>(std::make_unique<NftGeneration>(std::move(sock).value()));
}

Result<std::unique_ptr<RulesGeneration>> OpenLegacyGeneration(bool ipv6) {
  UniqueFd fd(::socket(ipv6 ? AF_INET6 : AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW));
  if (fd.get() < 0) return Status::FromErrno(errno, "iptables legacy tables: open raw socket");
  return std::unique_ptr<RulesGeneration>(std::make_unique<LegacyGeneration>(std::move(fd), ipv6));
}

}  // namespace ki::netfilter
