#include "pkg/proxy/set_entries.h"

#include <array>

namespace ki::proxy {
namespace {

constexpr std::array<const char*, kProxySetCount> kNames = {
    "LOOP-BACK",
    "CLUSTER-IP",
    "EXTERNAL-IP",
    "EXTERNAL-IP-LOCAL",
    "LOAD-BALANCER",
    "LOAD-BALANCER-FW",
    "LOAD-BALANCER-LOCAL",
    "LOAD-BALANCER-SOURCE-IP",
    "LOAD-BALANCER-SOURCE-CIDR",
    "NODE-PORT-TCP",
    "NODE-PORT-LOCAL-TCP",
    "NODE-PORT-UDP",
    "NODE-PORT-LOCAL-UDP",
    "NODE-PORT-SCTP-HASH",
    "NODE-PORT-LOCAL-SCTP-HASH",
    "HEALTH-CHECK-NODE-PORT",
    "IPVS-IPS",
};

}  // namespace

const char* ProtocolText(k8s::Protocol p) {
  switch (p) {
    case k8s::Protocol::kUdp:
      return "udp";
    case k8s::Protocol::kSctp:
      return "sctp";
    case k8s::Protocol::kTcp:
      break;
  }
  return "tcp";
}

std::string SetName(ProxySet set, bool ipv6) {
  std::string name = std::string(ipv6 ? "KUBE-6-" : "KUBE-") + kNames[static_cast<size_t>(set)];
  // ipset names hold 31 characters; upstream cuts the two long IPv6 names.
  if (name.size() > 31) name.resize(31);
  return name;
}

std::string IpPortEntry(const ipvs::IpAddress& ip, k8s::Protocol protocol, uint16_t port) {
  return ip.ToString() + "," + ProtocolText(protocol) + ":" + std::to_string(port);
}

std::string IpPortIpEntry(const ipvs::IpAddress& ip, k8s::Protocol protocol, uint16_t port,
                          const ipvs::IpAddress& ip2) {
  return IpPortEntry(ip, protocol, port) + "," + ip2.ToString();
}

std::string IpPortNetEntry(const ipvs::IpAddress& ip, k8s::Protocol protocol, uint16_t port,
                           const std::string& cidr) {
  return IpPortEntry(ip, protocol, port) + "," + cidr;
}

}  // namespace ki::proxy
