// Turns a kernel errno from a link, address or local route request into a
// Status that says what it means for the proxy ("needs CAP_NET_ADMIN", "IPV6
// is disabled on the link"), and decides which errors mean "already done". Shared by the
// netlink implementation and the fake so callers see the same text from both.
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "pkg/base/status.h"
#include "pkg/netif/links.h"

namespace ki::netif {

// "bind 10.96.0.1/32 on kube-ipvs0", "unbind fd00::1/128 from kube-ipvs0".
std::string DescribeBind(const IpAddress& a, std::string_view link);
std::string DescribeUnbind(const IpAddress& a, std::string_view link);

// The outcome of one bind whose acknowledgement carried `err` (0 = ok).
// EEXIST is success: the address is already there.
Status BindOutcome(int err, const IpAddress& a, std::string_view link);

// The outcome of one unbind. Not bound (EADDRNOTAVAIL, ENOENT, ESRCH) and no
// such link (ENODEV) are success: the address is not on the link.
Status UnbindOutcome(int err, const IpAddress& a, std::string_view link);

// A failed link request (create, get, delete, list): `what` is the context,
// e.g. "create dummy link kube-ipvs0". `err` is a positive errno.
Status LinkError(int err, std::string_view what);

// What the kernel accepts as an interface name (dev_valid_name): 1-15 bytes,
// not "." or "..", no '/', ':' or white space. kInvalidConfig otherwise.
Status CheckLinkName(std::string_view name);

// The link `name` does not exist (bind or list before EnsureDummy).
Status NoSuchLink(std::string_view name);

// A link named like ours exists but is not a dummy link.
Status NotADummy(std::string_view name, std::string_view kind);

// "add local route 10.96.0.0/12 dev lo table local proto 212": what
// `ip route` would be told, so an operator can repeat or undo it by hand.
std::string DescribeAddRoute(const LocalRoute& r);
std::string DescribeDeleteRoute(const LocalRoute& r);

// kInvalidConfig unless `r` is a network address of IPv4 or IPv6 with a
// prefix its family allows and no host bits set (the kernel refuses host
// bits for IPv4 and silently clears them for IPv6; neither may surprise).
Status CheckLocalRoute(const LocalRoute& r);

// The outcome of adding `r` when the kernel answered `err` (0 = ok), other
// than EEXIST: that one needs a look at the table (RouteConflict or success).
Status AddRouteOutcome(int err, const LocalRoute& r);

// The outcome of deleting `r`. No such route (ESRCH, ENOENT) is success.
Status DeleteRouteOutcome(int err, const LocalRoute& r);

// Adding `r` met a route of the same prefix that is not the proxy's (IPv6:
// the kernel allows one per prefix, metric and device, whatever protocol).
Status RouteConflict(const LocalRoute& r);

}  // namespace ki::netif
