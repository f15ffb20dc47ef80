#include "pkg/server/proxy_metrics.h"

namespace ki::server {

ProxyMetrics::ProxyMetrics(Registry& r)
    : sync_proxy_rules_duration_seconds(
          r.Add<Histogram>("kubeproxy_sync_proxy_rules_duration_seconds",
                           "SyncProxyRules latency in seconds", ExponentialBuckets(0.001, 2, 15))),
      sync_proxy_rules_last_timestamp_seconds(r.Add<Gauge>(
          "kubeproxy_sync_proxy_rules_last_timestamp_seconds",
          "The last time proxy rules were successfully synced", std::vector<std::string>{})),
      network_programming_duration_seconds(r.Add<Histogram>(
          "kubeproxy_network_programming_duration_seconds",
          "In Cluster Network Programming Latency in seconds", ExponentialBuckets(0.001, 2, 20))),
      sync_proxy_rules_endpoint_changes_total(
          r.Add<Counter>("kubeproxy_sync_proxy_rules_endpoint_changes_total",
                         "Cumulative proxy rules Endpoint changes", std::vector<std::string>{})),
      sync_proxy_rules_service_changes_total(
          r.Add<Counter>("kubeproxy_sync_proxy_rules_service_changes_total",
                         "Cumulative proxy rules Service changes", std::vector<std::string>{})),
      sync_proxy_rules_no_local_endpoints_total(
          r.Add<Counter>("kubeproxy_sync_proxy_rules_no_local_endpoints_total",
                         "Number of services with a Local traffic policy and no endpoints",
                         std::vector<std::string>{"traffic_policy", "address_family"})),
      proxy_healthz_total(r.Add<Counter>("kubeproxy_proxy_healthz_total",
                                         "Cumulative proxy healthz HTTP status",
                                         std::vector<std::string>{"code"})),
      proxy_livez_total(r.Add<Counter>("kubeproxy_proxy_livez_total",
                                       "Cumulative proxy livez HTTP status",
                                       std::vector<std::string>{"code"})),
      ipvs_virtual_servers(r.Add<Gauge>("kubeproxy_ipvs_virtual_servers",
                                        "IPVS virtual servers programmed by the proxy",
                                        std::vector<std::string>{})),
      ipvs_real_servers(r.Add<Gauge>("kubeproxy_ipvs_real_servers",
                                     "IPVS real servers programmed by the proxy",
                                     std::vector<std::string>{})),
      ipvs_netlink_operations_total(r.Add<Counter>("kubeproxy_ipvs_netlink_operations_total",
                                                   "IPVS netlink operations sent, by operation",
                                                   std::vector<std::string>{"operation"})),
      ipvs_netlink_errors_total(r.Add<Counter>("kubeproxy_ipvs_netlink_errors_total",
                                               "IPVS netlink operations that failed, by operation",
                                               std::vector<std::string>{"operation"})),
      ipvs_drift_repaired_total(r.Add<Counter>(
          "kubeproxy_ipvs_drift_repaired_total",
          "Kernel objects changed behind the proxy's back and put back by a verification",
          std::vector<std::string>{})),
      ipvs_graceful_termination_queue_length(
          r.Add<Gauge>("kubeproxy_ipvs_graceful_termination_queue_length",
                       "Real servers at weight 0 waiting for their connections to drain",
                       std::vector<std::string>{})),
      ipset_restores_total(
          r.Add<Counter>("kubeproxy_ipvs_ipset_restores_total",
                         "ipset updates (netlink batches) that changed the proxy's sets",
                         std::vector<std::string>{})),
      iptables_restores_total(r.Add<Counter>(
          "kubeproxy_ipvs_iptables_restores_total",
          "iptables-restore runs of the proxy's rules (start, configuration change, drift)",
          std::vector<std::string>{})) {}

}  // namespace ki::server
