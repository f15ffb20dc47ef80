// The proxy's metrics: upstream kube-proxy's names (dashboards and alerts know
// them) and, beyond upstream, what an IPVS proxy should tell: virtual and real
// servers programmed, netlink operations and errors, drift repaired, the
// graceful-termination queue. Thread-safe (see metrics.h).
#pragma once

#include "pkg/server/metrics.h"

namespace ki::server {

struct ProxyMetrics {
  explicit ProxyMetrics(Registry& r);

  Histogram& sync_proxy_rules_duration_seconds;
  Gauge& sync_proxy_rules_last_timestamp_seconds;
  Histogram& network_programming_duration_seconds;
  Counter& sync_proxy_rules_endpoint_changes_total;
  Counter& sync_proxy_rules_service_changes_total;
  Counter& sync_proxy_rules_no_local_endpoints_total;  // labels: traffic_policy, address_family
  Counter& proxy_healthz_total;                        // label: code
  Counter& proxy_livez_total;                          // label: code
  Gauge& ipvs_virtual_servers;
  Gauge& ipvs_real_servers;
  Counter& ipvs_netlink_operations_total;  // label: operation
  Counter& ipvs_netlink_errors_total;      // label: operation
  Counter& ipvs_drift_repaired_total;
  Gauge& ipvs_graceful_termination_queue_length;
  Counter& ipset_restores_total;     // ipset updates over netlink (one per sync at most)
  Counter& iptables_restores_total;  // `iptables-restore` runs of the proxy's rules
};

}  // namespace ki::server
