#include "pkg/netif/errors.h"

#include <cctype>
#include <cerrno>

namespace ki::netif {
namespace {

constexpr char kNeedsCap[] = " (needs CAP_NET_ADMIN in the node's network namespace)";

// The errno of an address request, with the hints an operator needs.
Status AddressError(int err, const IpAddress& a, const std::string& what) {
  switch (err) {
    case EPERM:
      return Status::FromErrno(err, what + kNeedsCap);
    case EACCES:
      // The kernel answers EACCES when IPv6 is disabled on the device.
      if (a.family == ipvs::kAfInet6) {
        return Status::FromErrno(err, what +
                                          " (IPv6 is disabled on the link: sysctl "
                                          "net.ipv6.conf.<link>.disable_ipv6)");
      }
      return Status::FromErrno(err, what);
    case EAFNOSUPPORT:
      return Status::Unavailable(what + ": address family not supported (no IPv6 in this kernel)");
    case EINVAL:
      return Status::InvalidConfig(what + ": invalid address for the kernel");
    case ENODEV:
      return Status::NotFound(what + ": the link disappeared");
    default:
      return Status::FromErrno(err, what);
  }
}

// The errno of a local route request, with the hints an operator needs.
Status RouteError(int err, const LocalRoute& r, const std::string& what) {
  switch (err) {
    case EPERM:
      return Status::FromErrno(err, what + kNeedsCap);
    case EACCES:
      // fib6_nh_init: IPv6 disabled on the route's device.
      if (r.addr.family == ipvs::kAfInet6) {
        return Status::FromErrno(
            err, what + " (IPv6 is disabled on lo: sysctl net.ipv6.conf.lo.disable_ipv6)");
      }
      return Status::FromErrno(err, what);
    case EAFNOSUPPORT:
      return Status::Unavailable(what + ": address family not supported (no IPv6 in this kernel)");
    case ENETDOWN:
      return Status::FromErrno(err, what + " (lo is down: ip link set lo up)");
    case EINVAL:
      return Status::InvalidConfig(what + ": invalid route for the kernel");
    default:
      return Status::FromErrno(err, what);
  }
}

std::string RouteSpec(const LocalRoute& r) {
  return "local route " + r.ToString() + " dev lo table local proto " +
         std::to_string(kRouteProtocol);
}

}  // namespace

std::string DescribeBind(const IpAddress& a, std::string_view link) {
  return "bind " + a.ToString() + "/" + std::to_string(HostPrefix(a)) + " on " + std::string(link);
}

std::string DescribeUnbind(const IpAddress& a, std::string_view link) {
  return "unbind " + a.ToString() + "/" + std::to_string(HostPrefix(a)) + " from " +
         std::string(link);
}

Status BindOutcome(int err, const IpAddress& a, std::string_view link) {
  if (err == 0 || err == EEXIST) return Status::Ok();
  return AddressError(err, a, DescribeBind(a, link));
}

Status UnbindOutcome(int err, const IpAddress& a, std::string_view link) {
  switch (err) {
    case 0:
    case EADDRNOTAVAIL:
    case ENOENT:
    case ESRCH:
    case ENODEV:
      return Status::Ok();
    default:
      return AddressError(err, a, DescribeUnbind(a, link));
  }
}

Status LinkError(int err, std::string_view what) {
  std::string w(what);
  switch (err) {
    case EPERM:
      return Status::FromErrno(err, w + kNeedsCap);
    case EOPNOTSUPP:
      return Status::Unavailable(w +
                                 ": the kernel cannot make dummy links (module `dummy` missing)");
    case ENODEV:
      return Status::NotFound(w + ": no such link");
    default:
      return Status::FromErrno(err, w);
  }
}

Status CheckLinkName(std::string_view name) {
  constexpr size_t kIfNameSize = 16;  // IFNAMSIZ, with the NUL
  bool ok = !name.empty() && name.size() < kIfNameSize && name != "." && name != "..";
  for (char c : name) {
    if (c == '/' || c == ':' || std::isspace(static_cast<unsigned char>(c))) ok = false;
  }
  if (ok) return Status::Ok();
  return Status::InvalidConfig("invalid link name \"" + std::string(name) +
                               "\": 1-15 characters, no '/', ':' or white space");
}

Status NoSuchLink(std::string_view name) {
  return Status::NotFound("link " + std::string(name) + " does not exist (ensure it first)");
}

Status NotADummy(std::string_view name, std::string_view kind) {
  return Status::InvalidConfig(
      "link " + std::string(name) + " exists but is a " +
      (kind.empty() ? std::string("device without a kind") : std::string(kind) + " link") +
      ", not a dummy link; it is not the proxy's to use: delete or "
      "rename it");
}

std::string DescribeAddRoute(const LocalRoute& r) { return "add " + RouteSpec(r); }

std::string DescribeDeleteRoute(const LocalRoute& r) { return "delete " + RouteSpec(r); }

Status CheckLocalRoute(const LocalRoute& r) {
  if (r.addr.family != ipvs::kAfInet && r.addr.family != ipvs::kAfInet6) {
    return Status::InvalidConfig("local route: address family " + std::to_string(r.addr.family) +
                                 " is neither IPv4 nor IPv6");
  }
  const size_t bits = r.addr.size() * 8;
  if (r.prefix_len > bits) {
    return Status::InvalidConfig("local route " + r.ToString() + ": prefix longer than " +
                                 std::to_string(bits) + " bits");
  }
  const IpAddress net = r.addr.Network(r.prefix_len);
  if (net != r.addr) {
    return Status::InvalidConfig("local route " + r.ToString() +
                                 " has host bits set (the network is " + net.ToString() + "/" +
                                 std::to_string(r.prefix_len) + ")");
  }
  return Status::Ok();
}

Status AddRouteOutcome(int err, const LocalRoute& r) {
  if (err == 0) return Status::Ok();
  return RouteError(err, r, DescribeAddRoute(r));
}

Status DeleteRouteOutcome(int err, const LocalRoute& r) {
  if (err == 0 || err == ESRCH || err == ENOENT) return Status::Ok();
  return RouteError(err, r, DescribeDeleteRoute(r));
}

Status RouteConflict(const LocalRoute& r) {
  const char* ip = r.addr.family == ipvs::kAfInet6 ? "ip -6 route" : "ip route";
  return Status::AlreadyExists(DescribeAddRoute(r) +
                               ": the kernel keeps another route of that prefix through lo in "
                               "table local, not the proxy's (see `" +
                               std::string(ip) + " show table local " + r.ToString() +
                               "`); it is not the proxy's to replace: delete it");
}

}  // namespace ki::netif
