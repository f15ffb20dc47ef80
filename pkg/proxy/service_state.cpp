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
  std::vector<ipvs::IpAddress> cluster;        // internal traffic
  std::vector<ipvs::IpAddress> external_ips;   // spec.externalIPs
  std::vector<ipvs::IpAddress> load_balancer;  // status.loadBalancer.ingress VIPs
  std::vector<ipvs::IpAddress> external;       // both of those
  std::vector<ipvs::IpAddress> unbound;        // external ones already on another interface
};

FamilyAddrs AddrsFor(const k8s::Service& svc, uint16_t family, const ProxyOptions& opts) {
  FamilyAddrs a;
  a.cluster = OfFamily(svc.AllClusterIps(), family);
  a.external_ips = OfFamily(svc.external_ips, family);
  a.load_balancer = OfFamily(LoadBalancerIps(svc), family);
  a.external = a.external_ips;
  a.external.insert(a.external.end(), a.load_balancer.begin(), a.load_balancer.end());
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

// "10.0.0.0/8" as ipset prints a net: the base address masked, and a host
// route without its /32 (or /128).
std::string NetText(const Cidr& c) {
  ipvs::IpAddress base = c.base;
  const int bits = base.family == ipvs::kAfInet6 ? 128 : 32;
  for (int i = c.prefix; i < bits; ++i)
    base.bytes[i / 8] &= static_cast<uint8_t>(~(0x80 >> (i % 8)));
  if (c.prefix == bits) return base.ToString();
  return base.ToString() + "/" + std::to_string(c.prefix);
}

// What one port of the Service needs in the proxy's sets, for one family.
void AddPortEntries(const k8s::Service& svc, const k8s::ServicePort& sp, bool ipv6,
                    const std::vector<Candidate>& cands, const FamilyAddrs& addrs,
                    const std::vector<ipvs::IpAddress>& node_ips, bool ext_local,
                    ServiceState& state) {
  const uint16_t port = static_cast<uint16_t>(sp.port);
  const auto add = [&](ProxySet set, std::string text) {
    state.set_entries.push_back({set, ipv6, std::move(text)});
  };
  for (const Candidate& c : cands) {
    // A local endpoint reaching its own Service must be masqueraded (hairpin).
    if (c.local)
      add(ProxySet::kLoopBack, IpPortIpEntry(c.rs.addr, sp.protocol, c.rs.port, c.rs.addr));
  }
  for (const ipvs::IpAddress& a : addrs.cluster)
    add(ProxySet::kClusterIp, IpPortEntry(a, sp.protocol, port));
  for (const ipvs::IpAddress& a : addrs.external_ips) {
    add(ext_local ? ProxySet::kExternalIpLocal : ProxySet::kExternalIp,
        IpPortEntry(a, sp.protocol, port));
  }
  for (const ipvs::IpAddress& a : addrs.load_balancer) {
    const std::string entry = IpPortEntry(a, sp.protocol, port);
    add(ProxySet::kLoadBalancer, entry);
    if (ext_local) add(ProxySet::kLoadBalancerLocal, entry);
    if (svc.lb_source_ranges.empty()) continue;
    add(ProxySet::kLoadBalancerFw, entry);
    bool node_allowed = false;
    for (const std::string& text : svc.lb_source_ranges) {
      Result<Cidr> range = Cidr::Parse(text);
      if (!range.ok() || range->base.family != a.family) continue;
      add(ProxySet::kLoadBalancerSourceCidr, IpPortNetEntry(a, sp.protocol, port, NetText(*range)));
      for (const ipvs::IpAddress& n : node_ips) node_allowed |= range->Contains(n);
    }
    // The node reaches its own LoadBalancer IP with that IP as source.
    if (node_allowed) {
      add(ProxySet::kLoadBalancerSourceIp, IpPortIpEntry(a, sp.protocol, port, a));
    } else {
      state.node_blocked.push_back({a, sp.protocol, port});
    }
  }
  if (sp.node_port != 0 && !node_ips.empty()) {
    const uint16_t np = static_cast<uint16_t>(sp.node_port);
    switch (sp.protocol) {
      case k8s::Protocol::kTcp:
        add(ProxySet::kNodePortTcp, std::to_string(np));
        if (ext_local) add(ProxySet::kNodePortLocalTcp, std::to_string(np));
        break;
      case k8s::Protocol::kUdp:
        add(ProxySet::kNodePortUdp, std::to_string(np));
        if (ext_local) add(ProxySet::kNodePortLocalUdp, std::to_string(np));
        break;
      case k8s::Protocol::kSctp:
        // bitmap:port has no protocol; SCTP NodePorts are node IP + port.
        for (const ipvs::IpAddress& n : node_ips) {
          add(ProxySet::kNodePortSctp, IpPortEntry(n, sp.protocol, np));
          if (ext_local) add(ProxySet::kNodePortLocalSctp, IpPortEntry(n, sp.protocol, np));
        }
        break;
    }
  }
}

// Upstream's NeedsHealthCheck: the API server allocates healthCheckNodePort
// for these only, but other sources may set it on any Service.
bool NeedsHealthCheck(const k8s::Service& svc) {
  return svc.type == k8s::ServiceType::kLoadBalancer &&
         svc.external_traffic_policy == k8s::TrafficPolicy::kLocal &&
         svc.health_check_node_port != 0;
}

void BuildFamily(const k8s::Service& svc, std::span<const StoredSlice* const> slices,
                 uint16_t family, const NodeView& node, const ProxyOptions& opts, ServiceState& out,
                 std::vector<ipvs::IpAddress>& local_ready, std::vector<ipvs::IpAddress>& routed) {
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
    AddPortEntries(svc, sp, family == ipvs::kAfInet6, cands, addrs, node_ips, ext_local, out);
    for (const Candidate& c : cands) {
      if (c.local && c.ready) local_ready.push_back(c.rs.addr);
    }
  }
  if (NeedsHealthCheck(svc)) {
    out.set_entries.push_back({ProxySet::kHealthCheckNodePort, family == ipvs::kAfInet6,
                               std::to_string(svc.health_check_node_port)});
  }
  for (const ipvs::IpAddress& a : addrs.cluster) {
    (opts.Routed(a) ? routed : out.bind_addrs).push_back(a);
  }
  for (const ipvs::IpAddress& a : addrs.external) {
    if (std::ranges::find(addrs.unbound, a) == addrs.unbound.end()) out.bind_addrs.push_back(a);
  }
}

template <typename T>
void SortUnique(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
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

ServiceState BuildServiceState(const k8s::Service& svc, std::span<const StoredSlice* const> slices,
                               const NodeView& node, const ProxyOptions& opts) {
  ServiceState out;
  if (!Programmable(svc)) return out;
  // Upstream counts an endpoint serving two ports (or families' ports) once.
  std::vector<ipvs::IpAddress> local_ready;
  std::vector<ipvs::IpAddress> routed;  // ClusterIPs reached through a local route
  BuildFamily(svc, slices, ipvs::kAfInet, node, opts, out, local_ready, routed);
  BuildFamily(svc, slices, ipvs::kAfInet6, node, opts, out, local_ready, routed);
  SortUnique(out.bind_addrs);
  // KUBE-IPVS-IPS keeps every local VIP, routed or bound: its contents stay
  // upstream's whichever way the node reaches them.
  for (const auto* list : {&out.bind_addrs, &routed}) {
    for (const ipvs::IpAddress& a : *list) {
      out.set_entries.push_back({ProxySet::kIpvsIps, a.family == ipvs::kAfInet6, a.ToString()});
    }
  }
  if (NeedsHealthCheck(svc) && !out.servers.empty()) {
    const auto port = static_cast<uint16_t>(svc.health_check_node_port);
    SortUnique(local_ready);
    out.health_check = HealthCheck{port, static_cast<int>(local_ready.size())};
  }
  SortUnique(out.set_entries);
  SortUnique(out.node_blocked);
  return out;
}

}  // namespace ki::proxy
