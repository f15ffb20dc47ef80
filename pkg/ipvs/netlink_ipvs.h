// The Ipvs interface over the kernel's IPVS generic netlink family, through
// pkg/netlink's socket (and its family lookup) and the pure builders of
// messages.h for the messages. One long-lived socket; the family id is
// resolved once at Open(). Apply() pipelines: it writes a window of requests
// in one sendmsg and reads their acknowledgements after, so N operations cost
// about N/window round trips. Not thread-safe: one object per thread.
#pragma once

#include <memory>

#include "pkg/base/status.h"
#include "pkg/ipvs/ipvs.h"

namespace ki::ipvs {

struct NetlinkOptions {
  // Requests per sendmsg in Apply(). Default 256: large enough that syscalls
  // vanish next to the kernel's own ~14 us per operation, small enough that
  // the acknowledgements fit the receive buffer.
  size_t window = 256;
};

// Fails with Code::kUnavailable when the kernel has no IPVS (module not loaded).
Result<std::unique_ptr<Ipvs>> OpenNetlinkIpvs(const NetlinkOptions& options = {});

}  // namespace ki::ipvs
