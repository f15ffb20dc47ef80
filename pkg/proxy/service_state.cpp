#include "pkg/proxy/service_state.h"

#include <algorithm>

#include "pkg/proxy/endpoints.h"

namespace ki::proxy {
namespace {

uint16_t ProtocolNumber(k8s::Protocol p) {
  switch (p) {
    case k8s::Protocol::kUdp:
      return ipvs::kProtoUdp;
    case k8s::Protocol::kSctp:
      return ipvs::kProtoSctp;
    case k8s::Protocol::kTcp:
      break;
  }
  return ipvs::kProtoTcp;
}

// Parsed addresses of one family, skipping text that does not parse (the
// decoder already refused it; other sources may not have).
std::vector<ipvs::IpAddress> OfFamily(const std::vector<std::string>& texts, uint16_t family) {
  std::vector<ipvs::IpAddress> out;
  for (const std::string& t : texts) {
    Result<ipvs::IpAddress> a = ipvs::IpAddress::Parse(t);
    if (a.ok() && a->family == family) out.push_back(*a);
  }
  return out;
}

std::vector<std::string> LoadBalancerIps(const k8s::Service& svc) {
  std::vector<std::string> out;
  if (svc.type != k8s::ServiceType::kLoadBalancer) return out;
  for (const k8s::LoadBalancerIngress& in : svc.lb_ingress) {
    // ipMode Proxy: the load balancer delivers to node IPs, so the VIP must not be local.
    if (!in.ip.empty() && in.ip_mode != "Proxy") out.push_back(in.ip);
  }
  return out;
}

// The addresses of one family a Service is reachable at, by kind.
struct FamilyAddrs {
  std::vector<ipvs::IpAddress> cluster;   // internal traffic
  std::vector<ipvs::IpAddress> external;  // externalIPs and LoadBalancer ingress
  std::vector<ipvs::IpAddress> unbound;   // external ones already on another interface
};

FamilyAddrs AddrsFor(const k8s::Service& svc, uint16_t family, const ProxyOptions& opts) {
  FamilyAddrs a;
  a.cluster = OfFamily(svc.AllClusterIps(), family);
  a.external = OfFamily(svc.external_ips, family);
  for (const ipvs::IpAddress& lb : OfFamily(LoadBalancerIps(svc), family)) {
    a.external.push_back(lb);
  }
  for (const ipvs::IpAddress& e : a.external) {
    if (opts.other_interface_addrs.contains(e)) a.unbound.push_back(e);
  }
  return a;
}

void AddServers(std::vector<VirtualServer>& out, const std::vector<ipvs::IpAddress>& addrs,
                uint16_t port, const k8s::ServicePort& sp, const k8s::Service& svc,
                const ProxyOptions& opts, const std::vector<RealServer>& reals) {
  for (const ipvs::IpAddress& a : addrs) {
    out.push_back({MakeVirtualServer(a, port, sp.protocol, svc, opts), reals});
  }
}

void BuildFamily(const k8s::Service& svc, std::span<const k8s::EndpointSlice* const> slices,
                 uint16_t family, const NodeView& node, const ProxyOptions& opts,
                 ServiceState& out) {
  const FamilyAddrs addrs = AddrsFor(svc, family, opts);
  if (addrs.cluster.empty()) return;  // single-stack of the other family
  std::vector<ipvs::IpAddress> node_ips;
  for (const ipvs::IpAddress& n : opts.node_ips) {
    if (n.family == family) node_ips.push_back(n);
  }
  const bool ext_local =
      svc.ExternallyAccessible() && svc.external_traffic_policy == k8s::TrafficPolicy::kLocal;
  const bool int_local = svc.internal_traffic_policy == k8s::TrafficPolicy::kLocal;
  for (const k8s::ServicePort& sp : svc.ports) {
    const std::vector<Candidate> cands = CollectCandidates(slices, sp, family, opts.hostname);
    const std::vector<RealServer> cluster = ChooseEndpoints(cands, false, node.zone);
    std::vector<RealServer> local;
    if (ext_local || int_local) local = ChooseEndpoints(cands, true, node.zone);
    const uint16_t port = static_cast<uint16_t>(sp.port);
    AddServers(out.servers, addrs.cluster, port, sp, svc, opts, int_local ? local : cluster);
    AddServers(out.servers, addrs.external, port, sp, svc, opts, ext_local ? local : cluster);
    if (sp.node_port != 0) {
      AddServers(out.servers, node_ips, static_cast<uint16_t>(sp.node_port), sp, svc, opts,
                 ext_local ? local : cluster);
    }
  }
  for (const ipvs::IpAddress& a : addrs.cluster) out.bind_addrs.push_back(a);
  for (const ipvs::IpAddress& a : addrs.external) {
    if (std::ranges::find(addrs.unbound, a) == addrs.unbound.end()) out.bind_addrs.push_back(a);
  }
}

bool Programmable(const k8s::Service& svc) {
  return !svc.HasOtherProxy() && !svc.IsHeadless() && svc.type != k8s::ServiceType::kExternalName;
}

}  // namespace

ipvs::Service MakeVirtualServer(const ipvs::IpAddress& addr, uint16_t port, k8s::Protocol protocol,
                                const k8s::Service& svc, const ProxyOptions& opts) {
  ipvs::Service s;
  s.key.af = addr.family;
  s.key.protocol = ProtocolNumber(protocol);
  s.key.addr = addr;
  s.key.port = port;
  s.scheduler = opts.scheduler.empty() ? "rr" : opts.scheduler;
  s.netmask = ipvs::Service::DefaultNetmask(addr.family);
  if (s.scheduler == "mh") s.flags |= ipvs::kFlagSched2;  // mh-port: hash the port too
  if (svc.session_affinity == k8s::SessionAffinity::kClientIP) {
    s.flags |= ipvs::kFlagPersistent;
    s.timeout = static_cast<uint32_t>(svc.affinity_timeout_seconds);
  }
  return s;
}

ServiceState BuildServiceState(const k8s::Service& svc,
                               std::span<const k8s::EndpointSlice* const> slices,
                               const NodeView& node, const ProxyOptions& opts) {
  ServiceState out;
  if (!Programmable(svc)) return out;
  BuildFamily(svc, slices, ipvs::kAfInet, node, opts, out);
  BuildFamily(svc, slices, ipvs::kAfInet6, node, opts, out);
  std::sort(out.bind_addrs.begin(), out.bind_addrs.end());
  out.bind_addrs.erase(std::unique(out.bind_addrs.begin(), out.bind_addrs.end()),
                       out.bind_addrs.end());
  return out;
}

}  // namespace ki::proxy
