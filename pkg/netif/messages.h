// The rtnetlink address messages kube-ipvs0 needs, as plain bytes: bind
// (RTM_NEWADDR), unbind (RTM_DELADDR), dump (RTM_GETADDR), and the parser of
// a dumped address. Pure functions over buffers (no socket, no libnl), so the
// batch path appends thousands of requests to one buffer and tests compare
// against byte fixtures. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "pkg/base/status.h"
#include "pkg/netif/links.h"

namespace ki::netif::msg {

inline constexpr uint16_t kRtmNewAddr = 20;
inline constexpr uint16_t kRtmDelAddr = 21;
inline constexpr uint16_t kRtmGetAddr = 22;
inline constexpr uint16_t kAfUnspec = 0;

// RTM_NEWADDR of a as /32 or /128 on link `ifindex`, with NLM_F_CREATE|EXCL
// (so "already bound" comes back as EEXIST, not as a silent replace) and, for
// IPv6, IFA_F_NODAD: a dummy link never sends, there is nothing to detect.
void AppendBind(std::vector<uint8_t>& out, uint32_t seq, int ifindex, const IpAddress& a);

// RTM_DELADDR of a from link `ifindex`, matched on IFA_LOCAL alone so an IPv4
// address goes whatever its prefix length (IPv6 matches /128 only).
void AppendUnbind(std::vector<uint8_t>& out, uint32_t seq, int ifindex, const IpAddress& a);

// RTM_GETADDR dump of `family` (kAfUnspec: both). ifindex != 0 asks the kernel
// to dump that link only (honoured with NETLINK_GET_STRICT_CHK, Linux >= 4.20;
// older kernels dump everything and callers filter again).
void AppendDump(std::vector<uint8_t>& out, uint32_t seq, uint16_t family, int ifindex);

// One RTM_NEWADDR message of a dump (`payload`: what follows the nlmsghdr).
// nullopt for families other than IPv4 and IPv6; an error when malformed.
Result<std::optional<LocalAddress>> ParseAddr(std::span<const uint8_t> payload);

}  // namespace ki::netif::msg
