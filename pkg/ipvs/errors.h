// Turns a kernel errno from an IPVS command into a Status with a message that
// says what went wrong in IPVS terms ("service already exists"), the way the
// kernel means it for that command. Shared by the netlink layer and the fake so
// callers see the same text from both. Pure; thread-safe.
#pragma once

#include <string_view>

#include "pkg/base/status.h"
#include "pkg/ipvs/ipvs.h"

namespace ki::ipvs {

// `what` is the operation for context, e.g. Op::Describe().
Status KernelError(Op::Kind kind, int err, std::string_view what);
// For reads and table-wide commands (dump, info, config, flush).
Status KernelReadError(int err, std::string_view what);
// The IPVS generic netlink family is not registered: no ip_vs module.
Status IpvsUnavailable(std::string_view detail);

}  // namespace ki::ipvs
