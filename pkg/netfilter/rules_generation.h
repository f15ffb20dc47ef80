// How a periodic check learns, without a process and without reading the
// rules, whether iptables rules may have changed since it last looked:
//   nft:    the nf_tables ruleset generation (NFT_MSG_GETGEN), one number for
//           every table of the network namespace, bumped by each committed
//           transaction (iptables-nft-restore, nft, any other writer);
//   legacy: a digest of the nat and filter tables as the kernel hands them
//           to iptables-save (IPT_SO_GET_ENTRIES), with the packet counters
//           left out (they move with traffic, the rules do not).
// Either way an unchanged value means the rules are as they were; a changed
// one means "read them" (it may be someone else's unrelated change). Needs
// CAP_NET_ADMIN, as the tools do. Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "pkg/base/status.h"

namespace ki::netfilter {

class RulesGeneration {
 public:
  virtual ~RulesGeneration() = default;
  virtual Result<uint64_t> Read() = 0;
};

// nf_tables' generation, over nfnetlink.
Result<std::unique_ptr<RulesGeneration>> OpenNftGeneration();

// The legacy nat and filter tables of one family (ip_tables or ip6_tables).
// The tables must exist (the proxy's rules are in them): asking for a missing
// legacy table would make the kernel create it.
Result<std::unique_ptr<RulesGeneration>> OpenLegacyGeneration(bool ipv6);

// The digest of one legacy table's entries (the bytes after the
// ipt_get_entries/ip6t_get_entries header), with each entry's counters and
// kernel-private comefrom field zeroed. Pure; exposed for tests. An entry
// whose next_offset leaves the blob ends the walk with an error.
Result<uint64_t> DigestLegacyEntries(std::span<const uint8_t> entries, bool ipv6);

}  // namespace ki::netfilter
