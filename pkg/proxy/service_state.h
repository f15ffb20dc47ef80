// Step 1 of the engine, for one Service: the virtual servers, real servers and
// kube-ipvs0 addresses it needs on this node (reference.md section 5). Pure:
// the same Service, slices, node and options always give the same state.
// Thread-compatible.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "pkg/ipvs/types.h"
#include "pkg/k8s/objects.h"
#include "pkg/proxy/keys.h"
#include "pkg/proxy/options.h"
#include "pkg/proxy/set_entries.h"
#include "pkg/proxy/stored_slice.h"

namespace ki::proxy {

// One virtual server as wanted: its configuration (counters unused) and its
// real servers, sorted by address and port.
struct VirtualServer {
  ipvs::Service service;
  std::vector<RealServer> reals;
  bool operator==(const VirtualServer& o) const {
    return service.SameConfig(o.service) && reals == o.reals;
  }
};

// A LoadBalancer Service with externalTrafficPolicy Local answers its load
// balancer's health checks on this port: 200 while the node has a ready
// endpoint, 503 otherwise (so the balancer skips the node).
struct HealthCheck {
  uint16_t node_port = 0;   // spec.healthCheckNodePort
  int local_endpoints = 0;  // ready endpoints on this node, distinct addresses
  bool operator==(const HealthCheck&) const = default;
};

// A LoadBalancer VIP:port whose loadBalancerSourceRanges leave out this node:
// the node's own connections to it are dropped (KUBE-IPVS-OUT-FILTER), as
// the load balancer would drop them.
struct NodeBlockedVip {
  ipvs::IpAddress addr;
  k8s::Protocol protocol = k8s::Protocol::kTcp;
  uint16_t port = 0;
  auto operator<=>(const NodeBlockedVip&) const = default;
};

// Everything one Service contributes to the node.
struct ServiceState {
  std::vector<VirtualServer> servers;
  std::vector<ipvs::IpAddress> bind_addrs;   // for kube-ipvs0, sorted, unique
  std::vector<SetEntry> set_entries;         // sorted, unique
  std::vector<NodeBlockedVip> node_blocked;  // sorted, unique
  std::optional<HealthCheck> health_check;
  bool operator==(const ServiceState&) const = default;
  bool empty() const {
    return servers.empty() && bind_addrs.empty() && set_entries.empty() && node_blocked.empty() &&
           !health_check;
  }
};

// What the engine knows of its own node.
struct NodeView {
  std::string zone;  // topology.kubernetes.io/zone of the Node; "" = no zone hints
};

// Headless, ExternalName and other proxies' Services give an empty state.
ServiceState BuildServiceState(const k8s::Service& svc, std::span<const StoredSlice* const> slices,
                               const NodeView& node, const ProxyOptions& opts);

// The one helper that builds a virtual server, for every kind of Service
// address (ClusterIP, NodePort, externalIP, LoadBalancer ingress).
ipvs::Service MakeVirtualServer(const ipvs::IpAddress& addr, uint16_t port, k8s::Protocol protocol,
                                const k8s::Service& svc, const ProxyOptions& opts);

}  // namespace ki::proxy
