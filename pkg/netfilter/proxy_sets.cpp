#include "pkg/netfilter/proxy_sets.h"

#include <array>

namespace ki::netfilter {
namespace {

struct SetInfo {
  std::string_view base;
  SetType type;
  std::string_view comment;
};

constexpr std::array<SetInfo, 17> kSets = {{
    {kLoopBackSet, SetType::kHashIpPortIp, "hairpin: local endpoint to itself"},
    {kClusterIpSet, SetType::kHashIpPort, "cluster IP:port"},
    {kExternalIpSet, SetType::kHashIpPort, "external IP:port"},
    {kExternalIpLocalSet, SetType::kHashIpPort, "external IP:port, traffic policy Local"},
    {kLoadBalancerSet, SetType::kHashIpPort, "load balancer IP:port"},
    {kLoadBalancerFwSet, SetType::kHashIpPort, "load balancer IP:port with source ranges"},
    {kLoadBalancerLocalSet, SetType::kHashIpPort, "load balancer IP:port, traffic policy Local"},
    {kLoadBalancerSourceIpSet, SetType::kHashIpPortIp, "load balancer IP:port, allowed node IP"},
    {kLoadBalancerSourceCidrSet, SetType::kHashIpPortNet,
     "load balancer IP:port, allowed source range"},
    {kNodePortTcpSet, SetType::kBitmapPort, "TCP node ports"},
    {kNodePortLocalTcpSet, SetType::kBitmapPort, "TCP node ports, traffic policy Local"},
    {kNodePortUdpSet, SetType::kBitmapPort, "UDP node ports"},
    {kNodePortLocalUdpSet, SetType::kBitmapPort, "UDP node ports, traffic policy Local"},
    {kNodePortSctpSet, SetType::kHashIpPort, "SCTP node IP:port"},
    {kNodePortLocalSctpSet, SetType::kHashIpPort, "SCTP node IP:port, traffic policy Local"},
    {kHealthCheckNodePortSet, SetType::kBitmapPort, "health check node ports"},
    {kIpvsIpsSet, SetType::kHashIp, "addresses bound on kube-ipvs0"},
}};

}  // namespace

std::string SetName(std::string_view base, bool ipv6) {
  constexpr std::string_view kPrefix = "KUBE-";
  if (!ipv6 || !base.starts_with(kPrefix)) return std::string(base);
  std::string name = "KUBE-6-" + std::string(base.substr(kPrefix.size()));
  if (name.size() > kMaxSetName) name.resize(kMaxSetName);
  return name;
}

std::vector<SetSpec> ProxySets(bool ipv6) {
  std::vector<SetSpec> sets;
  sets.reserve(kSets.size());
  for (const SetInfo& s : kSets) {
    sets.push_back({SetName(s.base, ipv6), s.type, ipv6, std::string(s.comment)});
  }
  return sets;
}

std::vector<std::string> AllProxySetNames() {
  std::vector<std::string> names;
  for (bool ipv6 : {false, true}) {
    for (const SetInfo& s : kSets) names.push_back(SetName(s.base, ipv6));
  }
  return names;
}

}  // namespace ki::netfilter
