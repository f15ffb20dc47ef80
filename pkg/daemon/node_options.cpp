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

}  // namespace ki::daemon
