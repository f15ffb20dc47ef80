#include "pkg/k8s/objects.h"

namespace ki::k8s {

std::vector<std::string> Service::AllClusterIps() const {
  if (!cluster_ips.empty()) return cluster_ips;
  if (cluster_ip.empty()) return {};
  return {cluster_ip};
}

bool Service::ExternallyAccessible() const {
  return type == ServiceType::kNodePort || type == ServiceType::kLoadBalancer ||
         !external_ips.empty();
}

ObjectName EndpointSlice::ServiceName() const {
  auto it = meta.labels.find(kServiceNameLabel);
  if (it == meta.labels.end()) return {meta.id.ns, ""};
  return {meta.id.ns, it->second};
}

std::string Node::Zone() const {
  auto it = meta.labels.find(kZoneLabel);
  return it == meta.labels.end() ? std::string() : it->second;
}

const char* ProtocolName(Protocol p) {
  switch (p) {
    case Protocol::kTcp:
      return "TCP";
    case Protocol::kUdp:
      return "UDP";
    case Protocol::kSctp:
      return "SCTP";
  }
  return "TCP";
}

bool Node::Eligible() const {
  if (deleting) return false;
  for (const std::string& key : taint_keys) {
    if (key == "ToBeDeletedByClusterAutoscaler") return false;
  }
  return true;
}

}  // namespace ki::k8s
