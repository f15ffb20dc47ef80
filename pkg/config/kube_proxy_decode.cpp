#include "pkg/config/kube_proxy_decode.h"

#include "pkg/base/quote.h"
#include "pkg/config/feature_gates.h"

namespace ki::config {
namespace {

void DecodeClientConnection(MapReader& m, ClientConnection& c) {
  m.Read("kubeconfig", c.kubeconfig);
  m.Read("acceptContentTypes", c.accept_content_types);
  m.Read("contentType", c.content_type);
  m.Read("qps", c.qps);
  m.Read("burst", c.burst);
  m.Finish();
}

void DecodeIptables(MapReader& m, IptablesSettings& c) {
  m.Read("masqueradeBit", c.masquerade_bit);
  m.Read("masqueradeAll", c.masquerade_all);
  m.Read("localhostNodePorts", c.localhost_node_ports);
  m.Read("syncPeriod", c.sync_period);
  m.Read("minSyncPeriod", c.min_sync_period);
  m.Finish();
}

void DecodeIpvs(MapReader& m, IpvsSettings& c) {
  m.Read("syncPeriod", c.sync_period);
  m.Read("minSyncPeriod", c.min_sync_period);
  m.Read("scheduler", c.scheduler);
  m.Read("excludeCIDRs", c.exclude_cidrs);
  m.Read("strictARP", c.strict_arp);
  m.Read("tcpTimeout", c.tcp_timeout);
  m.Read("tcpFinTimeout", c.tcp_fin_timeout);
  m.Read("udpTimeout", c.udp_timeout);
  m.Finish();
}

void DecodeNftables(MapReader& m, NftablesSettings& c) {
  m.Read("masqueradeBit", c.masquerade_bit);
  m.Read("masqueradeAll", c.masquerade_all);
  m.Read("syncPeriod", c.sync_period);
  m.Read("minSyncPeriod", c.min_sync_period);
  m.Finish();
}

void DecodeConntrack(MapReader& m, ConntrackSettings& c) {
  m.Read("maxPerCore", c.max_per_core);
  m.Read("min", c.min);
  m.Read("tcpEstablishedTimeout", c.tcp_established_timeout);
  m.Read("tcpCloseWaitTimeout", c.tcp_close_wait_timeout);
  m.Read("udpTimeout", c.udp_timeout);
  m.Read("udpStreamTimeout", c.udp_stream_timeout);
  if (m.Has("max")) {
    int32_t ignored = 0;
    YAML::Node n = m.Take("max");
    if (Decode(m.ctx(), n, m.WrittenPath("max"), ignored)) {
      m.ctx().diagnostics().Notice(
          m.ctx().At(n),
          m.WrittenPath("max") +
              " (v1.9) has no effect: kube-proxy removed it; use maxPerCore and min");
    }
  }
  m.Finish();
}

// featureGates: a map, or v1.9's "K=V,..." string (read as the map form).
void DecodeProxyFeatureGates(MapReader& m, FeatureGates& gates) {
  if (!m.Has("featureGates")) return;
  YAML::Node n = m.Take("featureGates");
  std::string path = m.WrittenPath("featureGates");
  m.ctx().Record(m.CanonicalPath("featureGates"), n, path);
  if (n.IsScalar() && !n.IsNull()) {
    Result<FeatureGates> parsed = ParseFeatureGateList(n.Scalar());
    if (!parsed.ok()) {
      m.ctx().ErrorAt(n, path, parsed.status().message());
      return;
    }
    gates = *parsed;
    m.ctx().diagnostics().Notice(m.ctx().At(n), path + " as a string (v1.9) read as the map form " +
                                                    path + ": {K: true} that v1.10+ uses");
  } else if (!Decode(m.ctx(), n, path, gates)) {
    return;
  }
  for (const auto& [name, value] : gates) {
    if (!IsKnownGate(KnownKubeProxyGates(), name)) {
      m.ctx().ErrorAt(n, path,
                      "unknown feature gate " + Quote(name) +
                          "; known gates: " + JoinNames(KnownKubeProxyGates()));
    }
  }
}

// Keys older kube-proxy versions had that mean nothing now: accepted, said.
void DecodeObsolete(MapReader& m, KubeProxyConfig& out) {
  if (m.Has("udpTimeoutMilliseconds")) {
    YAML::Node n = m.Take("udpTimeoutMilliseconds");
    int32_t ms = 0;
    if (m.Has("udpIdleTimeout")) {
      m.ctx().ErrorAt(n, m.WrittenPath("udpTimeoutMilliseconds"),
                      "set together with udpIdleTimeout; keep only udpIdleTimeout");
    } else if (Decode(m.ctx(), n, m.WrittenPath("udpTimeoutMilliseconds"), ms)) {
      out.udp_idle_timeout = Duration::Millis(ms);
      m.ctx().Record(m.CanonicalPath("udpIdleTimeout"), n, m.WrittenPath("udpTimeoutMilliseconds"));
      m.ctx().diagnostics().Notice(m.ctx().At(n), m.WrittenPath("udpTimeoutMilliseconds") +
                                                      " (v1.9) read as udpIdleTimeout");
    }
  }
  if (m.Has("resourceContainer")) {
    YAML::Node n = m.Take("resourceContainer");
    std::string ignored;
    if (Decode(m.ctx(), n, m.WrittenPath("resourceContainer"), ignored)) {
      m.ctx().diagnostics().Notice(
          m.ctx().At(n), m.WrittenPath("resourceContainer") +
                             " has no effect: kube-proxy removed it in v1.16 (drop the key)");
    }
  }
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
  m.Read("oomScoreAdj", out.oom_score_adj);
  m.Read("mode", out.mode);
  m.Read("portRange", out.port_range);
  m.Read("udpIdleTimeout", out.udp_idle_timeout);
  if (m.Has("conntrack")) {
    MapReader sub = m.Child("conntrack");
    DecodeConntrack(sub, out.conntrack);
  }
  m.Read("configSyncPeriod", out.config_sync_period);
  m.Read("nodePortAddresses", out.node_port_addresses);
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
  m.Read("winkernel", out.winkernel);
  DecodeObsolete(m, out);
}

}  // namespace ki::config
