#include "pkg/config/types.h"

namespace ki::config {
namespace {

// Pass-through YAML compares by content, not by node identity.
bool SameYaml(const YAML::Node& a, const YAML::Node& b) {
  if (!a.IsDefined() || a.IsNull()) return !b.IsDefined() || b.IsNull();
  if (!b.IsDefined() || b.IsNull()) return false;
  return YAML::Dump(a) == YAML::Dump(b);
}

}  // namespace

bool KubeProxyConfig::operator==(const KubeProxyConfig& o) const {
  return bind_address == o.bind_address && healthz_bind_address == o.healthz_bind_address &&
         metrics_bind_address == o.metrics_bind_address &&
         bind_address_hard_fail == o.bind_address_hard_fail &&
         enable_profiling == o.enable_profiling && cluster_cidr == o.cluster_cidr &&
         hostname_override == o.hostname_override && client_connection == o.client_connection &&
         iptables == o.iptables && ipvs == o.ipvs && nftables == o.nftables &&
         oom_score_adj == o.oom_score_adj && mode == o.mode && port_range == o.port_range &&
         udp_idle_timeout == o.udp_idle_timeout && conntrack == o.conntrack &&
         config_sync_period == o.config_sync_period &&
         node_port_addresses == o.node_port_addresses && feature_gates == o.feature_gates &&
         detect_local_mode == o.detect_local_mode && detect_local == o.detect_local &&
         show_hidden_metrics_for_version == o.show_hidden_metrics_for_version &&
         SameYaml(logging, o.logging) && winkernel == o.winkernel &&
         windows_run_as_service == o.windows_run_as_service;
}

}  // namespace ki::config
