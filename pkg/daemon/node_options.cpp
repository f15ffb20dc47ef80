#include "pkg/daemon/node_options.h"

namespace ki::daemon {

Result<proxy::ProxyOptions> MakeProxyOptions(const config::KubeProxyConfig& kp,
                                             const std::string& hostname,
                                             const std::vector<netif::LocalAddress>& other) {
  proxy::ProxyOptions o;
  o.scheduler = kp.ipvs.scheduler.empty() ? "rr" : kp.ipvs.scheduler;
  o.hostname = hostname;
  for (const netif::LocalAddress& a : other) o.other_interface_addrs.insert(a.addr);
  std::vector<proxy::Cidr> filter;
  for (const std::string& text : kp.node_port_addresses) {
    if (text == "primary") continue;  // every node address is taken below
    Result<proxy::Cidr> c = proxy::Cidr::Parse(text);
    if (!c.ok()) return c.status().Wrap("nodePortAddresses");
    filter.push_back(*c);
  }
  for (const ipvs::IpAddress& a : netif::NodeAddresses(other)) {
    bool wanted = filter.empty();
    for (const proxy::Cidr& c : filter) wanted = wanted || c.Contains(a);
    if (wanted) o.node_ips.push_back(a);
  }
  for (const std::string& text : kp.ipvs.exclude_cidrs) {
    Result<proxy::Cidr> c = proxy::Cidr::Parse(text);
    if (!c.ok()) return c.status().Wrap("ipvs.excludeCIDRs");
    o.ownership.exclude.push_back(*c);
  }
  return o;
}

netfilter::RuleOptions MakeRuleOptions(const config::KubeProxyConfig& kp, bool random_fully,
                                       std::vector<std::string>& notes) {
  netfilter::RuleOptions r;
  // IPVS mode reads the iptables section for these two, as upstream does.
  r.masquerade_bit = static_cast<uint32_t>(kp.iptables.masquerade_bit.value_or(14));
  r.masquerade_all = kp.iptables.masquerade_all;
  r.random_fully = random_fully;
  const std::string& mode = kp.detect_local_mode;
  if (mode.empty() || mode == "ClusterCIDR") {
    std::string rest = kp.cluster_cidr;
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      std::string cidr = rest.substr(0, comma);
      if (!cidr.empty()) r.local_cidrs.push_back(cidr);
      rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
    }
    if (r.local_cidrs.empty() && !kp.iptables.masquerade_all) {
      notes.push_back(
          "clusterCIDR is empty: traffic to ClusterIPs from outside the cluster is not "
          "masqueraded; set clusterCIDR (kubeadm: networking.podSubnet) or masqueradeAll");
    }
  } else {
    notes.push_back("detectLocalMode " + mode +
                    " is not supported by kubeadm-ipvs yet; no local-traffic detector (set "
                    "detectLocalMode: ClusterCIDR and clusterCIDR)");
  }
  return r;
}

}  // namespace ki::daemon
