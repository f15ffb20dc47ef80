// kube-proxy's per-Service health-check node ports: for every LoadBalancer
// Service with externalTrafficPolicy Local, an HTTP server on its
// spec.healthCheckNodePort tells the cloud load balancer whether this node
// has local endpoints (200) or not (503), as upstream's
// pkg/proxy/healthcheck/service_health.go does.
// Thread-safety: Sync, open_count and destruction from one thread (the sync
// loop); requests are answered on each Service's own server threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "pkg/k8s/objects.h"
#include "pkg/server/health.h"

namespace ki::server {

struct HealthCheckService {
  uint16_t node_port = 0;   // spec.healthCheckNodePort; 0: nothing to serve (ignored)
  int local_endpoints = 0;  // ready endpoints on this node
  bool operator==(const HealthCheckService&) const = default;
};

using HealthCheckServices = std::map<k8s::ObjectName, HealthCheckService>;

class ServiceHealthServer {
 public:
  // bind_hosts: the node addresses to listen on ("10.0.0.1", "fd00::1");
  // empty: every address (one dual-stack "::" socket, "0.0.0.0" without IPv6).
  // health must outlive the server.
  ServiceHealthServer(std::vector<std::string> bind_hosts, const ProxyHealth& health);
  ServiceHealthServer(const ServiceHealthServer&) = delete;
  ServiceHealthServer& operator=(const ServiceHealthServer&) = delete;
  // Closes every port; returns once no request is being answered.
  ~ServiceHealthServer();

  // Makes the open ports and their counts match `wanted` (upstream's
  // SyncServices and SyncEndpoints in one call): closes the ports of Services
  // gone or moved first, so a port can pass from one Service to another in
  // one call, then opens the missing ones. Counts change in place, with no
  // reopening. Cost: O(wanted + open) plus one listener start or stop per
  // change. Returns one message per Service that could not be opened
  // ("default/web: cannot listen on healthCheckNodePort 32000: Address
  // already in use"); those stay closed and are retried at the next call.
  std::vector<std::string> Sync(const HealthCheckServices& wanted);

  // The Services with open ports.
  size_t open_count() const { return open_.size(); }

 private:
  class Instance;

  void CloseStale(const HealthCheckServices& wanted);
  std::vector<std::string> OpenMissing(const HealthCheckServices& wanted);

  const std::vector<std::string> bind_hosts_;
  const ProxyHealth& health_;
  std::map<k8s::ObjectName, std::unique_ptr<Instance>> open_;
};

}  // namespace ki::server
