// Deleting the conntrack entries of UDP flows whose backend went away
// (pkg/proxy/stale_flows.h says which): through libnetfilter_conntrack, one
// dump of the table per call (per address family present in the flows),
// filtered here, then one delete per match — never a process per entry.
// testing/fake_conntrack.h is the in-memory one. Not thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pkg/base/status.h"

namespace ki::netfilter {

struct UdpFlow {
  std::string vip;                     // original destination address ("10.96.0.10", "fd00::a")
  uint16_t port = 0;                   // original destination port
  std::optional<std::string> backend;  // reply source address; nullopt: any
  bool operator==(const UdpFlow&) const = default;
};

class Conntrack {
 public:
  virtual ~Conntrack() = default;
  // Deletes every UDP entry matching one of flows; returns how many it deleted.
  // An entry that vanished meanwhile is not an error.
  virtual Result<int> DeleteUdpFlows(const std::vector<UdpFlow>& flows) = 0;
};

// kUnavailable when the conntrack netlink socket can't be opened (no
// nf_conntrack_netlink, no CAP_NET_ADMIN).
Result<std::unique_ptr<Conntrack>> OpenNetlinkConntrack();

}  // namespace ki::netfilter
