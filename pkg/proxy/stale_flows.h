// UDP has no connection end, so a client keeps sending on a conntrack entry
// that still points at a real server the proxy removed (or at a virtual server
// that is gone) until the entry times out — upstream's "UDP clients follow a
// replaced backend" promise. After a plan is applied, these are the flows to
// delete: per removed UDP real server, the entries to its virtual address and
// port answered by that server; per removed UDP virtual server, every entry to
// its address and port. Pure; thread-compatible.
#pragma once

#include <optional>
#include <vector>

#include "pkg/ipvs/types.h"
#include "pkg/proxy/plan.h"

namespace ki::proxy {

struct StaleUdpFlow {
  ipvs::IpAddress vip;                     // original destination
  uint16_t port = 0;                       // original destination port
  std::optional<ipvs::IpAddress> backend;  // reply source; nullopt: any
  auto operator<=>(const StaleUdpFlow&) const = default;
};

// From the operations of a plan the kernel accepted (fwmark services have no
// address: skipped). Sorted, unique.
std::vector<StaleUdpFlow> StaleUdpFlows(const Plan& applied);

}  // namespace ki::proxy
