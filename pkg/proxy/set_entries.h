// The ipset side of one Service (reference.md section 5): which entries of
// which of the proxy's sets it needs on this node — the ClusterIPs, external
// and LoadBalancer addresses (with their Local and source-range variants),
// NodePorts, health-check node ports, hairpin endpoints, the bound VIPs.
// Entries are ipset's own text, as `ipset save` prints it back, so a diff of
// wanted against the kernel's is exact. Pure; thread-compatible.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "pkg/ipvs/types.h"
#include "pkg/k8s/objects.h"

namespace ki::proxy {

// Upstream kube-proxy's sets, by role. IPv6 ones are the same set names
// prefixed KUBE-6- (see SetName).
enum class ProxySet : uint8_t {
  kLoopBack,                // KUBE-LOOP-BACK (hash:ip,port,ip): local endpoints, for hairpin SNAT
  kClusterIp,               // KUBE-CLUSTER-IP (hash:ip,port)
  kExternalIp,              // KUBE-EXTERNAL-IP (hash:ip,port)
  kExternalIpLocal,         // KUBE-EXTERNAL-IP-LOCAL (hash:ip,port)
  kLoadBalancer,            // KUBE-LOAD-BALANCER (hash:ip,port)
  kLoadBalancerFw,          // KUBE-LOAD-BALANCER-FW (hash:ip,port): has source ranges
  kLoadBalancerLocal,       // KUBE-LOAD-BALANCER-LOCAL (hash:ip,port)
  kLoadBalancerSourceIp,    // KUBE-LOAD-BALANCER-SOURCE-IP (hash:ip,port,ip)
  kLoadBalancerSourceCidr,  // KUBE-LOAD-BALANCER-SOURCE-CIDR (hash:ip,port,net)
  kNodePortTcp,             // KUBE-NODE-PORT-TCP (bitmap:port)
  kNodePortLocalTcp,        // KUBE-NODE-PORT-LOCAL-TCP (bitmap:port)
  kNodePortUdp,             // KUBE-NODE-PORT-UDP (bitmap:port)
  kNodePortLocalUdp,        // KUBE-NODE-PORT-LOCAL-UDP (bitmap:port)
  kNodePortSctp,            // KUBE-NODE-PORT-SCTP-HASH (hash:ip,port)
  kNodePortLocalSctp,       // KUBE-NODE-PORT-LOCAL-SCTP-HASH (hash:ip,port)
  kHealthCheckNodePort,     // KUBE-HEALTH-CHECK-NODE-PORT (bitmap:port)
  kIpvsIps,                 // KUBE-IPVS-IPS (hash:ip): every address bound on kube-ipvs0
};
inline constexpr size_t kProxySetCount = 17;

// "KUBE-CLUSTER-IP", or "KUBE-6-CLUSTER-IP" for the IPv6 one (cut to ipset's
// 31 characters, as upstream: KUBE-6-LOAD-BALANCER-SOURCE-CID). The same
// names as pkg/netfilter's ProxySets(), which creates them (a daemon test
// holds the two together; pkg/proxy stays free of the tools' code).
std::string SetName(ProxySet set, bool ipv6);

struct SetEntry {
  ProxySet set = ProxySet::kClusterIp;
  bool ipv6 = false;
  std::string text;  // "10.96.0.10,tcp:80", "30080", "10.244.1.2,tcp:8080,10.244.1.2"
  auto operator<=>(const SetEntry&) const = default;
};

struct SetEntryHash {
  size_t operator()(const SetEntry& e) const {
    const size_t tag = (static_cast<size_t>(e.set) << 1) | (e.ipv6 ? 1 : 0);
    return std::hash<std::string>()(e.text) ^ (tag * 0x9e3779b97f4a7c15ULL);
  }
};

// "tcp", "udp", "sctp": ipset's and iptables' protocol names.
const char* ProtocolText(k8s::Protocol p);

// Entry texts in ipset's notation.
std::string IpPortEntry(const ipvs::IpAddress& ip, k8s::Protocol protocol, uint16_t port);
std::string IpPortIpEntry(const ipvs::IpAddress& ip, k8s::Protocol protocol, uint16_t port,
                          const ipvs::IpAddress& ip2);
std::string IpPortNetEntry(const ipvs::IpAddress& ip, k8s::Protocol protocol, uint16_t port,
                           const std::string& cidr);

}  // namespace ki::proxy
