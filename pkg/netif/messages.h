// The rtnetlink messages pkg/netif sends itself, as plain bytes: for
// kube-ipvs0's addresses bind (RTM_NEWADDR), unbind (RTM_DELADDR), dump
// (RTM_GETADDR) and the parser of a dumped address; for the proxy's local
// routes on lo add (RTM_NEWROUTE), delete (RTM_DELROUTE), dump (RTM_GETROUTE)
// and the parser of a dumped route. Pure functions over buffers (no socket, no libnl), so the
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
inline constexpr uint16_t kRtmNewRoute = 24;
inline constexpr uint16_t kRtmDelRoute = 25;
inline constexpr uint16_t kRtmGetRoute = 26;
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

// RTM_NEWROUTE of `route` as type local in table local through link
// `lo_index` (lo), protocol kRouteProtocol, scope host (IPv4; IPv6 has no
// route scopes and reports universe, as iproute2 sends). Flags CREATE
// without EXCL or REPLACE, iproute2's `ip route prepend`: the kernel answers
// EEXIST only for an identical route (IPv4: same type, scope, protocol and
// next hop; fib_table_insert), so "already there" is recognisable; a
// same-prefix IPv4 route of another protocol gets ours beside it, not
// replaced (REPLACE would swap it; EXCL would refuse ours). IPv6 allows one
// route per prefix, metric and device whatever the protocol
// (fib6_add_rt2node), so EEXIST there may be someone else's: callers look.
void AppendAddLocalRoute(std::vector<uint8_t>& out, uint32_t seq, int lo_index,
                         const LocalRoute& route);

// RTM_DELROUTE of `route` matching type local, table local, link `lo_index`
// and protocol kRouteProtocol (so another tool's route of the same prefix is
// never the one deleted), any scope. ESRCH when there is none.
void AppendDeleteLocalRoute(std::vector<uint8_t>& out, uint32_t seq, int lo_index,
                            const LocalRoute& route);

// RTM_GETROUTE dump of `family` asking the kernel for type local, table
// local, link `lo_index`, protocol kRouteProtocol only (honoured with
// NETLINK_GET_STRICT_CHK, Linux >= 4.20; older kernels dump every table and
// ParseRoute filters).
void AppendRouteDump(std::vector<uint8_t>& out, uint32_t seq, uint16_t family, int lo_index);

// One RTM_NEWROUTE message of a dump (`payload`: what follows the nlmsghdr).
// The route when it is one of the proxy's (IPv4 or IPv6, type local, table
// local, single next hop through `lo_index`, protocol kRouteProtocol),
// nullopt for any other route; an error when malformed.
Result<std::optional<LocalRoute>> ParseRoute(std::span<const uint8_t> payload, int lo_index);

}  // namespace ki::netif::msg
