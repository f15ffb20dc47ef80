// What the engine is told about its node and configuration: the scheduler,
// this node's name, the NodePort addresses, addresses that live on other
// interfaces, and which kernel virtual servers it may remove. Filled by the
// daemon from KubeProxyConfiguration and the host's interfaces (the engine
// reads no interface itself). Plain values; thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "pkg/base/status.h"
#include "pkg/ipvs/types.h"
#include "pkg/proxy/keys.h"

namespace ki::proxy {

// An address range, e.g. 10.96.0.0/12 or fd00::/108.
struct Cidr {
  ipvs::IpAddress base;
  uint8_t prefix = 0;

  // "10.0.0.0/8", "fd00::/64", or a bare address (a /32 or /128).
  static Result<Cidr> Parse(std::string_view text);
  bool Contains(const ipvs::IpAddress& a) const;
  Cidr Masked() const;           // host bits cleared: 10.96.0.1/12 -> 10.96.0.0/12
  std::string ToString() const;  // "10.96.0.0/12"
  bool operator==(const Cidr&) const = default;
};

// Which kernel virtual servers are the proxy's to remove when no Service wants
// them. Defaults to every address of both families, which is upstream's rule
// (everything but excludeCIDRs); narrow `owned` to share IPVS with other tools.
struct Ownership {
  std::vector<Cidr> owned;    // default 0.0.0.0/0 and ::/0
  std::vector<Cidr> exclude;  // ipvs.excludeCIDRs: never removed (default none)

  static Ownership Everything();
  // True when a virtual server at addr that no Service wants may be deleted.
  // Firewall-mark services are never ours.
  bool MayRemove(const ipvs::ServiceKey& key) const;
};

struct ProxyOptions {
  std::string scheduler = "rr";  // ipvs.scheduler; "" means rr
  std::string hostname;          // this node's name (--hostname-override); Local policies use it
  // NodePort addresses (after nodePortAddresses filtering, loopback and
  // kube-ipvs0's own addresses excluded). Default none: no NodePort servers.
  std::vector<ipvs::IpAddress> node_ips;
  // Addresses already on another interface of the node: externalIPs and
  // LoadBalancer IPs among them are not bound on kube-ipvs0. Default none.
  std::unordered_set<ipvs::IpAddress, KeyHash> other_interface_addrs;
  Ownership ownership = Ownership::Everything();
  // The service CIDRs routed as local (--service-cluster-ip-range): a
  // ClusterIP inside one is reached through that one route, so it is not
  // bound on kube-ipvs0 (docs/design-local-route.md). Default none: every
  // ClusterIP is bound, as upstream.
  std::vector<Cidr> routed_cidrs;
  bool Routed(const ipvs::IpAddress& a) const;
};

}  // namespace ki::proxy
