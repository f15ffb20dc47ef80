// The 17 ipsets of the IPVS proxy, with upstream kube-proxy's names and types
// (pkg/proxy/ipvs/proxier.go ipsetInfo), for either family. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pkg/netfilter/ipset_types.h"

namespace ki::netfilter {

inline constexpr std::string_view kLoopBackSet = "KUBE-LOOP-BACK";
inline constexpr std::string_view kClusterIpSet = "KUBE-CLUSTER-IP";
inline constexpr std::string_view kExternalIpSet = "KUBE-EXTERNAL-IP";
inline constexpr std::string_view kExternalIpLocalSet = "KUBE-EXTERNAL-IP-LOCAL";
inline constexpr std::string_view kLoadBalancerSet = "KUBE-LOAD-BALANCER";
inline constexpr std::string_view kLoadBalancerFwSet = "KUBE-LOAD-BALANCER-FW";
inline constexpr std::string_view kLoadBalancerLocalSet = "KUBE-LOAD-BALANCER-LOCAL";
inline constexpr std::string_view kLoadBalancerSourceIpSet = "KUBE-LOAD-BALANCER-SOURCE-IP";
inline constexpr std::string_view kLoadBalancerSourceCidrSet = "KUBE-LOAD-BALANCER-SOURCE-CIDR";
inline constexpr std::string_view kNodePortTcpSet = "KUBE-NODE-PORT-TCP";
inline constexpr std::string_view kNodePortLocalTcpSet = "KUBE-NODE-PORT-LOCAL-TCP";
inline constexpr std::string_view kNodePortUdpSet = "KUBE-NODE-PORT-UDP";
inline constexpr std::string_view kNodePortLocalUdpSet = "KUBE-NODE-PORT-LOCAL-UDP";
inline constexpr std::string_view kNodePortSctpSet = "KUBE-NODE-PORT-SCTP-HASH";
inline constexpr std::string_view kNodePortLocalSctpSet = "KUBE-NODE-PORT-LOCAL-SCTP-HASH";
inline constexpr std::string_view kHealthCheckNodePortSet = "KUBE-HEALTH-CHECK-NODE-PORT";
inline constexpr std::string_view kIpvsIpsSet = "KUBE-IPVS-IPS";

// The set's name in the family: IPv4 keeps base; IPv6 turns the "KUBE-"
// prefix into "KUBE-6-" and, as upstream does, cuts the result to ipset's 31
// characters: KUBE-6-LOAD-BALANCER-SOURCE-CID, KUBE-6-NODE-PORT-LOCAL-SCTP-HAS.
std::string SetName(std::string_view base, bool ipv6);

// The 17 sets of one family, in upstream's order (ipsetInfo).
std::vector<SetSpec> ProxySets(bool ipv6);

// The names of ProxySets(false) and ProxySets(true): every set the proxy owns.
std::vector<std::string> AllProxySetNames();

}  // namespace ki::netfilter
