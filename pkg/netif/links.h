// What the proxy needs of the node's links and addresses: the kube-ipvs0 dummy
// link and the /32 and /128 addresses bound on it, the addresses of every
// other interface (to skip externalIPs the node already has, and as NodePort
// node IPs), and the local routes that make whole service CIDRs local to the
// node (docs/design-local-route.md). Implementations: netlink
// (netlink_links.h) and an in-memory fake (testing/fake_links.h). A Links
// object is not thread-safe: one per thread.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pkg/base/status.h"
#include "pkg/ipvs/ipvs.h"
#include "pkg/ipvs/types.h"

namespace ki::netif {

using ipvs::IpAddress;
// Per-address outcome of Bind/Unbind, index for index with the input.
using BatchResult = ipvs::BatchResult;

// The link kube-proxy's IPVS mode binds Service addresses on.
inline constexpr char kDefaultLinkName[] = "kube-ipvs0";

// RT_SCOPE_* of an address, as the kernel reports it.
inline constexpr uint8_t kScopeUniverse = 0;
inline constexpr uint8_t kScopeLink = 253;
inline constexpr uint8_t kScopeHost = 254;

// rtm_protocol of the proxy's routes: not one of iproute2's /etc/iproute2/rt_protos names,
// so `ip route` shows "proto 212" and nothing else claims it.
inline constexpr uint8_t kRouteProtocol = 212;

// The dummy link as EnsureDummy found or made it.
struct LinkState {
  int index = 0;
  bool up = false;       // kube-proxy keeps it down; an admin may have set it up
  bool created = false;  // made by this call (false: an existing link adopted)
};

// One address of an interface of the node.
struct LocalAddress {
  IpAddress addr;
  uint8_t prefix_len = 0;
  int link_index = 0;
  uint8_t scope = kScopeUniverse;

  std::string ToString() const;  // "10.0.0.1/24"
  bool operator==(const LocalAddress&) const = default;
};

// A destination range routed as local to the node (a service CIDR).
struct LocalRoute {
  IpAddress addr;          // the network address (host bits zero)
  uint8_t prefix_len = 0;  // <= 32 (IPv4) or 128 (IPv6)

  std::string ToString() const;  // "10.96.0.0/12", "fd00:10:96::/112"
  // IPv4 before IPv6, then by address and prefix length.
  auto operator<=>(const LocalRoute&) const = default;
};

class Links {
 public:
  virtual ~Links() = default;

  // Makes sure a dummy link `name` exists, creating it DOWN if absent and
  // adopting an existing dummy link as it is (up or down, with its addresses).
  // Fails (kInvalidConfig) when a link of another kind has the name: its
  // addresses and traffic are not ours to take over.
  virtual Result<LinkState> EnsureDummy(std::string_view name) = 0;

  // Deletes the dummy link `name` with its addresses (proxy --cleanup). Ok
  // when there is none; refuses a link of another kind.
  virtual Status DeleteDummy(std::string_view name) = 0;

  // The addresses on `name`, sorted and unique, without IPv6 link-local ones
  // (the kernel adds fe80::/64 when an admin sets the link up; the proxy never
  // binds those and must not remove them): one dump, filtered by the kernel to
  // that link. Call once per sync, never per Service.
  virtual Result<std::vector<IpAddress>> ListBound(std::string_view name) = 0;

  // Binds each address as /32 (IPv4) or /128 (IPv6) on `name`, all requests
  // sent back to back and the acknowledgements read after. Already bound is
  // success. The outer Status fails when `name` does not exist or the
  // transport fails (then nothing is known about any address).
  virtual Result<BatchResult> Bind(std::string_view name, std::span<const IpAddress> addrs) = 0;

  // Removes each /32 or /128 address from `name`, batched like Bind. Not
  // bound, or no such link, is success.
  virtual Result<BatchResult> Unbind(std::string_view name, std::span<const IpAddress> addrs) = 0;

  // Every address of every interface except `except` (by name; a missing one
  // excludes nothing), loopback and link-local included: callers filter. One
  // dump of the node's addresses.
  virtual Result<std::vector<LocalAddress>> ListOtherAddresses(std::string_view except) = 0;

  // The proxy's local routes: type local, table local, through `lo`, protocol
  // kRouteProtocol, both families; sorted. One dump per family, filtered by
  // the kernel where it can (routes of other protocols, tables or links are
  // never listed). Routes on `lo` outlive kube-ipvs0 and its addresses, so
  // --cleanup deletes them one by one.
  virtual Result<std::vector<LocalRoute>> ListLocalRoutes() = 0;

  // Adds `route` (type local, table local, dev lo, scope host,
  // kRouteProtocol). Already present is success. A same-prefix route of
  // another protocol is never replaced: an IPv4 one stays beside ours, and an
  // IPv6 one (the kernel keeps one route per prefix, metric and device) makes
  // this fail with kAlreadyExists naming it. kInvalidConfig when `route` has
  // host bits set or a prefix longer than its family's.
  virtual Status AddLocalRoute(const LocalRoute& route) = 0;

  // Deletes the proxy's route `route` (matching kRouteProtocol, so a route of
  // the same prefix another tool added is never removed). Absent is success.
  virtual Status DeleteLocalRoute(const LocalRoute& route) = 0;
};

// The NodePort candidates among `addrs`: sorted, unique, without loopback
// (127.0.0.0/8, ::1) and IPv6 link-local (fe80::/10) addresses, as upstream's
// node-IP rule. nodePortAddresses filtering is the caller's.
std::vector<IpAddress> NodeAddresses(std::span<const LocalAddress> addrs);

bool IsIpv6LinkLocal(const IpAddress& a);  // fe80::/10

// The prefix length Bind uses for an address of a's family: 32 or 128.
inline uint8_t HostPrefix(const IpAddress& a) { return a.family == ipvs::kAfInet6 ? 128 : 32; }

}  // namespace ki::netif
