#include "pkg/config/kube_proxy_decode.h"

#include <algorithm>

#include "pkg/base/quote.h"
#include "pkg/config/feature_gates.h"
#include "pkg/config/gate_check.h"

namespace ki::config {
namespace {

// Field by field as upstream's types.go had them (the table of releases is
// field_table_kube_proxy.cpp): pointers upstream (*int32, *bool,
// *metav1.Duration, slices) take null as "unset" through ReadNullable; plain
// metav1.Duration fields refuse null, as upstream's UnmarshalJSON did.
void DecodeClientConnection(MapReader& m, ClientConnection& c) {
  m.Read("kubeconfig", c.kubeconfig);
  m.Read("acceptContentTypes", c.accept_content_types);
  m.Read("contentType", c.content_type);
  m.Read("qps", c.qps);
  m.Read("burst", c.burst);
  m.Finish();
}

void DecodeIptables(MapReader& m, IptablesSettings& c) {
  m.ReadNullable("masqueradeBit", c.masquerade_bit);
  m.Read("masqueradeAll", c.masquerade_all);
  m.ReadNullable("localhostNodePorts", c.localhost_node_ports);
  m.ReadNullable("snatNodeInternalIP", c.snat_node_internal_ip);
  m.Read("syncPeriod", c.sync_period);
  m.Read("minSyncPeriod", c.min_sync_period);
  m.Finish();
}

// kube-proxy v1.11's ExcludeCIDRs had no json tag: kubeadm v1.11 printed (and
// read) the Go field name; the tag excludeCIDRs is there by v1.12. (Where the
// context folds case, MapReader matches either spelling already.)
void ReadExcludeCidrs(MapReader& m, IpvsSettings& c) {
  if (m.ctx().fold_case() || !m.Has("ExcludeCIDRs")) {
    m.ReadNullable("excludeCIDRs", c.exclude_cidrs);
    return;
  }
  YAML::Node n = m.Take("ExcludeCIDRs");
  std::string path = m.WrittenPath("ExcludeCIDRs");
  if (m.Has("excludeCIDRs")) {
    m.ReadNullable("excludeCIDRs", c.exclude_cidrs);
    m.ctx().diagnostics().Notice(m.ctx().At(n),
                                 path + " (v1.11's spelling) is ignored: excludeCIDRs is set too");
  } else if (m.ReadNullable("ExcludeCIDRs", c.exclude_cidrs, "excludeCIDRs") || IsNullValue(n)) {
    m.ctx().diagnostics().Notice(
        m.ctx().At(n), path +
                           " (kube-proxy v1.11's Go field name, as kubeadm v1.11 printed it) "
                           "read as excludeCIDRs");
  }
}

void DecodeIpvs(MapReader& m, IpvsSettings& c) {
  m.Read("syncPeriod", c.sync_period);
  m.Read("minSyncPeriod", c.min_sync_period);
  m.Read("scheduler", c.scheduler);
  ReadExcludeCidrs(m, c);
  m.Read("strictARP", c.strict_arp);
  m.Read("tcpTimeout", c.tcp_timeout);
  m.Read("tcpFinTimeout", c.tcp_fin_timeout);
  m.Read("udpTimeout", c.udp_timeout);
  m.Finish();
}

void DecodeNftables(MapReader& m, NftablesSettings& c) {
  m.ReadNullable("masqueradeBit", c.masquerade_bit);
  m.Read("masqueradeAll", c.masquerade_all);
  m.Read("syncPeriod", c.sync_period);
  m.Read("minSyncPeriod", c.min_sync_period);
  m.Finish();
}

void DecodeWinkernel(MapReader& m, WinkernelSettings& c) {
  m.Read("networkName", c.network_name);
  m.Read("sourceVip", c.source_vip);
  m.Read("enableDSR", c.enable_dsr);
  m.Read("rootHnsEndpointName", c.root_hns_endpoint_name);
  m.Read("forwardHealthCheckVip", c.forward_health_check_vip);
  m.Finish();
}

// A key kube-proxy removed: decoded as its old type (a wrong value is still
// the error it was), then said to have no effect. Null is accepted: every such
// field was a pointer or a string upstream.
template <typename T>
void ReadRemoved(MapReader& m, std::string_view key, const std::string& why) {
  if (!m.Has(key)) return;
  YAML::Node n = m.Take(key);
  std::string path = m.WrittenPath(key);
  T ignored{};
  if (IsNullValue(n) || Decode(m.ctx(), n, path, ignored)) {
    m.ctx().diagnostics().Notice(m.ctx().At(n), path + " " + why);
  }
}

void DecodeConntrack(MapReader& m, ConntrackSettings& c) {
  m.ReadNullable("maxPerCore", c.max_per_core);
  m.ReadNullable("min", c.min);
  m.ReadNullable("tcpEstablishedTimeout", c.tcp_established_timeout);
  m.ReadNullable("tcpCloseWaitTimeout", c.tcp_close_wait_timeout);
  m.Read("tcpBeLiberal", c.tcp_be_liberal);
  m.Read("udpTimeout", c.udp_timeout);
  m.Read("udpStreamTimeout", c.udp_stream_timeout);
  ReadRemoved<int32_t>(m, "max",
                       "(v1.9-v1.14) has no effect: kube-proxy v1.15 removed it; maxPerCore "
                       "and min size the table");
  m.Finish();
}

// featureGates: a map, or v1.9's "K=V,..." string (read as the map form).
void DecodeProxyFeatureGates(MapReader& m, FeatureGates& gates) {
  if (!m.Has("featureGates")) return;
  YAML::Node n = m.Take("featureGates");
  std::string path = m.WrittenPath("featureGates");
  m.ctx().Record(m.CanonicalPath("featureGates"), n, path);
  FeatureGates read;
  if (n.IsScalar() && !n.IsNull()) {
    Result<FeatureGates> parsed = ParseFeatureGateList(n.Scalar());
    if (!parsed.ok()) {
      m.ctx().ErrorAt(n, path, parsed.status().message());
      return;
    }
    read = *parsed;
    m.ctx().diagnostics().Notice(m.ctx().At(n), path + " as a string (v1.9) read as the map form " +
                                                    path + ": {K: true} that v1.10+ uses");
  } else if (!Decode(m.ctx(), n, path, read)) {
    return;
  }
  // kube-proxy took any Kubernetes gate of its release (gate_check.h).
  gates.clear();
  for (const auto& [name, value] : read) {
    if (ReportGate(m.ctx(), GateKeyNode(n, name), path + "." + name, CheckProxyGate(name))) {
      gates[name] = value;
    }
  }
}

// A plain integer such as 500, for udpTimeoutMilliseconds' own message (a
// bare 0 goes to the duration decoder, which refuses any number).
bool IsBareNumber(const YAML::Node& n) {
  if (!n.IsScalar() || n.Scalar().empty() || n.Scalar() == "0") return false;
  return std::all_of(n.Scalar().begin(), n.Scalar().end(),
                     [](char ch) { return ch >= '0' && ch <= '9'; });
}

// Keys older kube-proxy versions had: v1.9's name for udpIdleTimeout, read
// as the duration it always was (metav1.Duration, not a number of
// milliseconds), and resourceContainer, which means nothing since v1.16.
void DecodeObsolete(MapReader& m, KubeProxyConfig& out) {
  if (m.Has("udpTimeoutMilliseconds")) {
    YAML::Node n = m.Take("udpTimeoutMilliseconds");
    std::string path = m.WrittenPath("udpTimeoutMilliseconds");
    if (m.Has("udpIdleTimeout")) {
      // kube-proxy v1.10+ ignored the old name (an unknown field).
      m.ctx().diagnostics().Notice(
          m.ctx().At(n), path +
                             " (v1.9) is ignored: udpIdleTimeout, its name since v1.10, is "
                             "set too (drop " +
                             path + ")");
    } else if (IsBareNumber(n)) {
      m.ctx().ErrorAt(n, path,
                      "expected a duration such as \"250ms\", got " + Describe(n) +
                          ": despite its name, v1.9's kube-proxy read a duration and refused a "
                          "bare number");
    } else if (m.Read("udpTimeoutMilliseconds", out.udp_idle_timeout, "udpIdleTimeout")) {
      m.ctx().diagnostics().Notice(m.ctx().At(n), path + " (v1.9) read as udpIdleTimeout");
    }
  }
  ReadRemoved<std::string>(
      m, "resourceContainer",
      "(v1.9-v1.15) has no effect: kube-proxy removed it in v1.16 (drop the key)");
}

}  // namespace

void DecodeKubeProxyFields(MapReader& m, KubeProxyConfig& out) {
  m.Read("bindAddress", out.bind_address);
  m.Read("healthzBindAddress", out.healthz_bind_address);
  m.Read("metricsBindAddress", out.metrics_bind_address);
  m.Read("bindAddressHardFail", out.bind_address_hard_fail);
  m.Read("enableProfiling", out.enable_profiling);
  m.Read("clusterCIDR", out.cluster_cidr);
  m.Read("hostnameOverride", out.hostname_override);
  if (m.Has("clientConnection")) {
    MapReader sub = m.Child("clientConnection");
    DecodeClientConnection(sub, out.client_connection);
  }
  if (m.Has("iptables")) {
    MapReader sub = m.Child("iptables");
    DecodeIptables(sub, out.iptables);
  }
  if (m.Has("ipvs")) {
    MapReader sub = m.Child("ipvs");
    DecodeIpvs(sub, out.ipvs);
  }
  if (m.Has("nftables")) {
    MapReader sub = m.Child("nftables");
    DecodeNftables(sub, out.nftables);
  }
  if (m.Has("winkernel")) {
    MapReader sub = m.Child("winkernel");
    DecodeWinkernel(sub, out.winkernel);
  }
  m.Read("windowsRunAsService", out.windows_run_as_service);
  m.ReadNullable("oomScoreAdj", out.oom_score_adj);
  m.Read("mode", out.mode);
  m.Read("portRange", out.port_range);
  m.Read("udpIdleTimeout", out.udp_idle_timeout);
  if (m.Has("conntrack")) {
    MapReader sub = m.Child("conntrack");
    DecodeConntrack(sub, out.conntrack);
  }
  m.Read("configSyncPeriod", out.config_sync_period);
  m.ReadNullable("nodePortAddresses", out.node_port_addresses);
  DecodeProxyFeatureGates(m, out.feature_gates);
  m.Read("detectLocalMode", out.detect_local_mode);
  if (m.Has("detectLocal")) {
    MapReader sub = m.Child("detectLocal");
    sub.Read("bridgeInterface", out.detect_local.bridge_interface);
    sub.Read("interfaceNamePrefix", out.detect_local.interface_name_prefix);
    sub.Finish();
  }
  m.Read("showHiddenMetricsForVersion", out.show_hidden_metrics_for_version);
  m.Read("logging", out.logging);
  DecodeObsolete(m, out);
}

}  // namespace ki::config
