#include "pkg/netfilter/iptables_chains.h"

namespace ki::netfilter {

const std::vector<ChainRef>& ProxyChains() {
  static const std::vector<ChainRef> kChains = {
      {kNatTable, kServicesChain},
      {kNatTable, kPostroutingChain},
      {kNatTable, kNodePortChain},
      {kNatTable, kLoadBalancerChain},
      {kNatTable, kMarkMasqChain},
      {kFilterTable, kForwardChain},
      {kFilterTable, kNodePortChain},
      {kFilterTable, kProxyFirewallChain},
      {kFilterTable, kSourceRangesFirewallChain},
      {kFilterTable, kIpvsFilterChain},
      {kFilterTable, kIpvsOutFilterChain},
  };
  return kChains;
}

std::vector<std::string_view> ProxyChains(std::string_view table) {
  std::vector<std::string_view> chains;
  for (const ChainRef& c : ProxyChains()) {
    if (c.table == table) chains.push_back(c.chain);
  }
  return chains;
}

const std::vector<JumpRule>& ProxyJumps() {
  static const std::vector<JumpRule> kJumps = {
      {kNatTable, "OUTPUT", kServicesChain, "kubernetes service portals"},
      {kNatTable, "PREROUTING", kServicesChain, "kubernetes service portals"},
      {kNatTable, "POSTROUTING", kPostroutingChain, "kubernetes postrouting rules"},
      {kFilterTable, "FORWARD", kForwardChain, "kubernetes forwarding rules"},
      {kFilterTable, "INPUT", kNodePortChain, "kubernetes health check rules"},
      {kFilterTable, "INPUT", kProxyFirewallChain, "kube-proxy firewall rules"},
      {kFilterTable, "FORWARD", kProxyFirewallChain, "kube-proxy firewall rules"},
      {kFilterTable, "INPUT", kIpvsFilterChain, "kubernetes ipvs access filter"},
      {kFilterTable, "OUTPUT", kIpvsOutFilterChain, "kubernetes ipvs access filter"},
  };
  return kJumps;
}

std::string SavedRuleText(const JumpRule& jump) {
  return "-A " + std::string(jump.from) + " -m comment --comment \"" + std::string(jump.comment) +
         "\" -j " + std::string(jump.to);
}

}  // namespace ki::netfilter
