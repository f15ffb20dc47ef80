// The Kubernetes objects the proxy engine reads: Service (v1), EndpointSlice
// (discovery.k8s.io/v1) and Node (v1), reduced to the fields that decide what a
// node programs. Plain values with no parsing here (see decode.h), so another
// decoder (a faster JSON path, a watch client) can fill them too. Values compare
// with ==, which is how change tracking drops no-op updates. Thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ki::k8s {

// Label whose presence means another proxy implementation owns the Service.
inline constexpr const char* kServiceProxyNameLabel = "service.kubernetes.io/service-proxy-name";
// Label that ties an EndpointSlice to its Service (same namespace).
inline constexpr const char* kServiceNameLabel = "kubernetes.io/service-name";
// Node label with the node's zone, compared with endpoints' zone hints.
inline constexpr const char* kZoneLabel = "topology.kubernetes.io/zone";
// Default ClientIP affinity timeout (3 hours), as the API server defaults it.
inline constexpr int32_t kDefaultAffinityTimeoutSeconds = 10800;

// namespace/name; the key every tracker and map uses.
struct ObjectName {
  std::string ns;
  std::string name;
  std::string ToString() const { return ns.empty() ? name : ns + "/" + name; }
  bool operator==(const ObjectName&) const = default;
  auto operator<=>(const ObjectName&) const = default;
};

struct ObjectMeta {
  ObjectName id;
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
  bool operator==(const ObjectMeta&) const = default;
};

enum class Protocol : uint8_t { kTcp, kUdp, kSctp };
enum class ServiceType : uint8_t { kClusterIP, kNodePort, kLoadBalancer, kExternalName };
enum class TrafficPolicy : uint8_t { kCluster, kLocal };
enum class SessionAffinity : uint8_t { kNone, kClientIP };
enum class IpFamily : uint8_t { kIPv4, kIPv6 };

struct ServicePort {
  std::string name;  // "" only when the Service has one port
  Protocol protocol = Protocol::kTcp;
  int32_t port = 0;
  std::string target_port;  // a number or a container port name; informational here
  int32_t node_port = 0;    // 0 = none allocated
  bool operator==(const ServicePort&) const = default;
};

struct LoadBalancerIngress {
  std::string ip;  // "" for hostname-only ingress (nothing to program)
  std::string hostname;
  std::string ip_mode;  // "VIP" (default) or "Proxy": Proxy means the LB delivers to nodes
  bool operator==(const LoadBalancerIngress&) const = default;
};

struct Service {
  ObjectMeta meta;
  ServiceType type = ServiceType::kClusterIP;
  std::string cluster_ip;                // "None" for headless
  std::vector<std::string> cluster_ips;  // primary first; mirrors cluster_ip when decoded
  std::vector<ServicePort> ports;
  std::vector<std::string> external_ips;
  std::vector<LoadBalancerIngress> lb_ingress;  // status.loadBalancer.ingress
  SessionAffinity session_affinity = SessionAffinity::kNone;
  int32_t affinity_timeout_seconds = kDefaultAffinityTimeoutSeconds;
  TrafficPolicy external_traffic_policy = TrafficPolicy::kCluster;
  TrafficPolicy internal_traffic_policy = TrafficPolicy::kCluster;
  int32_t health_check_node_port = 0;
  std::vector<std::string> lb_source_ranges;
  std::vector<IpFamily> ip_families;
  std::string external_name;  // ExternalName services only

  bool operator==(const Service&) const = default;
  bool IsHeadless() const { return cluster_ip == "None"; }
  // The cluster IPs to program: clusterIPs, or clusterIP when clusterIPs is empty.
  std::vector<std::string> AllClusterIps() const;
  // True when the service-proxy-name label hands it to another proxy.
  bool HasOtherProxy() const { return meta.labels.contains(kServiceProxyNameLabel); }
  // NodePort, LoadBalancer, or any externalIP: reachable from outside the cluster,
  // which is when externalTrafficPolicy applies.
  bool ExternallyAccessible() const;
};

enum class AddressType : uint8_t { kIPv4, kIPv6, kFqdn };

struct EndpointConditions {
  // nil is "unknown"; consumers treat unknown ready/serving as true and unknown
  // terminating as false (the API's documented interpretation).
  std::optional<bool> ready;
  std::optional<bool> serving;
  std::optional<bool> terminating;
  bool operator==(const EndpointConditions&) const = default;
  bool IsReady() const { return ready.value_or(true); }
  bool IsServing() const { return serving.value_or(IsReady()); }
  bool IsTerminating() const { return terminating.value_or(false); }
};

struct Endpoint {
  std::vector<std::string> addresses;  // consumers use the first (the API says fungible)
  EndpointConditions conditions;
  std::string node_name;
  std::string zone;
  std::vector<std::string> hint_zones;  // hints.forZones[].name
  bool operator==(const Endpoint&) const = default;
};

struct EndpointPort {
  std::string name;
  Protocol protocol = Protocol::kTcp;
  std::optional<int32_t> port;  // nil = "all ports" (unusable for a proxy)
  bool operator==(const EndpointPort&) const = default;
};

struct EndpointSlice {
  ObjectMeta meta;
  AddressType address_type = AddressType::kIPv4;
  std::vector<Endpoint> endpoints;
  std::vector<EndpointPort> ports;
  bool operator==(const EndpointSlice&) const = default;
  // The Service this slice belongs to: same namespace, name from the label; "" if unlabeled.
  ObjectName ServiceName() const;
};

struct NodeAddress {
  std::string type;  // InternalIP, ExternalIP, Hostname, ...
  std::string address;
  bool operator==(const NodeAddress&) const = default;
};

struct Node {
  ObjectMeta meta;
  std::vector<NodeAddress> addresses;
  bool deleting = false;                // metadata.deletionTimestamp is set
  std::vector<std::string> taint_keys;  // spec.taints[].key
  // spec.podCIDRs (or spec.podCIDR when podCIDRs is absent): the pod ranges
  // allocated to this node, primary first; detectLocalMode NodeCIDR's detector.
  std::vector<std::string> pod_cidrs;
  bool operator==(const Node&) const = default;
  std::string Zone() const;  // "" when unlabeled
  // Whether load balancers should send traffic here, as kube-proxy's /healthz
  // says: not being deleted, not tainted ToBeDeletedByClusterAutoscaler.
  bool Eligible() const;
};

const char* ProtocolName(Protocol p);  // "TCP", "UDP", "SCTP"

}  // namespace ki::k8s
