// The Links interface over rtnetlink: libnl-route-3 objects for the link
// requests (create the dummy link, look it up, delete it), and the pure
// address and route messages of messages.h on a second socket: binds and
// unbinds pipelined (thousands of requests per sync must not each wait for
// their acknowledgement, which libnl's request helpers do), dumps, and the
// few local route requests one at a time. Not thread-safe: one object per
// thread.
#pragma once

#include <cstddef>
#include <memory>

#include "pkg/base/status.h"
#include "pkg/netif/links.h"

namespace ki::netif {

struct NetlinkOptions {
  // Address requests per sendmsg in Bind/Unbind. Default 256, as pkg/ipvs:
  // syscalls vanish next to the kernel's own cost per address; lowered when
  // the receive buffer could not hold that many acknowledgements.
  size_t window = 256;
};

Result<std::unique_ptr<Links>> OpenNetlinkLinks(const NetlinkOptions& options = {});

}  // namespace ki::netif
