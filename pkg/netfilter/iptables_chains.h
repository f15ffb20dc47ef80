// The proxy's iptables chains and the jumps that hook them into the built-in
// chains, with upstream kube-proxy's names and comments
// (pkg/proxy/ipvs/proxier.go iptablesChains, iptablesJumpChain). Pure;
// thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ki::netfilter {

inline constexpr std::string_view kNatTable = "nat";
inline constexpr std::string_view kFilterTable = "filter";

inline constexpr std::string_view kServicesChain = "KUBE-SERVICES";
inline constexpr std::string_view kPostroutingChain = "KUBE-POSTROUTING";
inline constexpr std::string_view kNodePortChain = "KUBE-NODE-PORT";
inline constexpr std::string_view kLoadBalancerChain = "KUBE-LOAD-BALANCER";
inline constexpr std::string_view kMarkMasqChain = "KUBE-MARK-MASQ";
inline constexpr std::string_view kForwardChain = "KUBE-FORWARD";
inline constexpr std::string_view kProxyFirewallChain = "KUBE-PROXY-FIREWALL";
inline constexpr std::string_view kSourceRangesFirewallChain = "KUBE-SOURCE-RANGES-FIREWALL";
inline constexpr std::string_view kIpvsFilterChain = "KUBE-IPVS-FILTER";
inline constexpr std::string_view kIpvsOutFilterChain = "KUBE-IPVS-OUT-FILTER";

struct ChainRef {
  std::string_view table;
  std::string_view chain;
};

// nat: KUBE-SERVICES, KUBE-POSTROUTING, KUBE-NODE-PORT, KUBE-LOAD-BALANCER,
// KUBE-MARK-MASQ; filter: KUBE-FORWARD, KUBE-NODE-PORT, KUBE-PROXY-FIREWALL,
// KUBE-SOURCE-RANGES-FIREWALL, KUBE-IPVS-FILTER, KUBE-IPVS-OUT-FILTER.
const std::vector<ChainRef>& ProxyChains();
std::vector<std::string_view> ProxyChains(std::string_view table);

// A rule in a built-in chain that jumps to one of the proxy's chains.
struct JumpRule {
  std::string_view table;
  std::string_view from;  // built-in chain: OUTPUT, PREROUTING, ...
  std::string_view to;    // the proxy's chain
  std::string_view comment;
  bool operator==(const JumpRule&) const = default;
};

// The nine jumps, in upstream's order: nat OUTPUT and PREROUTING ->
// KUBE-SERVICES, POSTROUTING -> KUBE-POSTROUTING; filter FORWARD ->
// KUBE-FORWARD, INPUT -> KUBE-NODE-PORT, INPUT and FORWARD ->
// KUBE-PROXY-FIREWALL, INPUT -> KUBE-IPVS-FILTER, OUTPUT -> KUBE-IPVS-OUT-FILTER.
const std::vector<JumpRule>& ProxyJumps();

// The rule as iptables-save prints it, so it can be found in that output:
//   -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
std::string SavedRuleText(const JumpRule& jump);

}  // namespace ki::netfilter
