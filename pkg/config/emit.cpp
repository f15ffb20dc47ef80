#include "pkg/config/emit.h"

#include <yaml-cpp/yaml.h>

#include "pkg/config/defaults.h"
#include "pkg/config/yaml_writer.h"

namespace ki::config {
namespace {

// Durations in Go's form.
void AddDuration(YamlMap& m, const std::string& key, Duration d) { m.Str(key, FormatDuration(d)); }

// Adds a field when emitting everything or when it differs from its default.
class ProxyFields {
 public:
  ProxyFields(YamlMap& obj, bool full) : obj_(obj), full_(full) {}
  template <typename T>
  bool Keep(const T& value, const T& def) const {
    return full_ || !(value == def);
  }
  void Str(const std::string& k, const std::string& v, const std::string& def) {
    if (Keep(v, def)) obj_.Str(k, v);
  }
  void Bool(const std::string& k, bool v, bool def) {
    if (Keep(v, def)) obj_.Bool(k, v);
  }
  void Dur(const std::string& k, Duration v, Duration def) {
    if (Keep(v, def)) AddDuration(obj_, k, v);
  }
  void Int(const std::string& k, std::optional<int32_t> v, std::optional<int32_t> def) {
    if (v && Keep(v, def)) obj_.Int(k, *v);
  }
  // A pointer upstream: unset is not written, an explicit value (0s too) is.
  void Dur(const std::string& k, std::optional<Duration> v, std::optional<Duration> def) {
    if (v && Keep(v, def)) AddDuration(obj_, k, *v);
  }
  void Bool(const std::string& k, std::optional<bool> v, std::optional<bool> def) {
    if (v && Keep(v, def)) obj_.Bool(k, *v);
  }
  void List(const std::string& k, const std::vector<std::string>& v) {
    if (full_ || !v.empty()) obj_.List(k, v);
  }

 private:
  YamlMap& obj_;
  bool full_;
};

YamlMap IpvsObj(const IpvsSettings& v, const IpvsSettings& d, bool full) {
  YamlMap o;
  ProxyFields f(o, full);
  f.Dur("syncPeriod", v.sync_period, d.sync_period);
  f.Dur("minSyncPeriod", v.min_sync_period, d.min_sync_period);
  f.Str("scheduler", v.scheduler, d.scheduler);
  f.List("excludeCIDRs", v.exclude_cidrs);
  f.Bool("strictARP", v.strict_arp, d.strict_arp);
  f.Dur("tcpTimeout", v.tcp_timeout, d.tcp_timeout);
  f.Dur("tcpFinTimeout", v.tcp_fin_timeout, d.tcp_fin_timeout);
  f.Dur("udpTimeout", v.udp_timeout, d.udp_timeout);
  return o;
}

YamlMap IptablesObj(const IptablesSettings& v, const IptablesSettings& d, bool full) {
  YamlMap o;
  ProxyFields f(o, full);
  f.Int("masqueradeBit", v.masquerade_bit, d.masquerade_bit);
  f.Bool("masqueradeAll", v.masquerade_all, d.masquerade_all);
  f.Bool("localhostNodePorts", v.localhost_node_ports, d.localhost_node_ports);
  f.Bool("snatNodeInternalIP", v.snat_node_internal_ip, d.snat_node_internal_ip);
  f.Dur("syncPeriod", v.sync_period, d.sync_period);
  f.Dur("minSyncPeriod", v.min_sync_period, d.min_sync_period);
  return o;
}

YamlMap NftablesObj(const NftablesSettings& v, const NftablesSettings& d, bool full) {
  YamlMap o;
  ProxyFields f(o, full);
  f.Int("masqueradeBit", v.masquerade_bit, d.masquerade_bit);
  f.Bool("masqueradeAll", v.masquerade_all, d.masquerade_all);
  f.Dur("syncPeriod", v.sync_period, d.sync_period);
  f.Dur("minSyncPeriod", v.min_sync_period, d.min_sync_period);
  return o;
}

YamlMap ConntrackObj(const ConntrackSettings& v, const ConntrackSettings& d, bool full) {
  YamlMap o;
  ProxyFields f(o, full);
  f.Int("maxPerCore", v.max_per_core, d.max_per_core);
  f.Int("min", v.min, d.min);
  f.Dur("tcpEstablishedTimeout", v.tcp_established_timeout, d.tcp_established_timeout);
  f.Dur("tcpCloseWaitTimeout", v.tcp_close_wait_timeout, d.tcp_close_wait_timeout);
  f.Bool("tcpBeLiberal", v.tcp_be_liberal, d.tcp_be_liberal);
  f.Dur("udpTimeout", v.udp_timeout, d.udp_timeout);
  f.Dur("udpStreamTimeout", v.udp_stream_timeout, d.udp_stream_timeout);
  return o;
}

// Windows only: written when set, even in the full form (a Linux node's
// printed defaults need no Windows section).
YamlMap WinkernelObj(const WinkernelSettings& v) {
  YamlMap o;
  ProxyFields f(o, false);
  f.Str("networkName", v.network_name, "");
  f.Str("sourceVip", v.source_vip, "");
  f.Bool("enableDSR", v.enable_dsr, false);
  f.Str("rootHnsEndpointName", v.root_hns_endpoint_name, "");
  f.Bool("forwardHealthCheckVip", v.forward_health_check_vip, false);
  return o;
}

YamlMap ClientConnectionObj(const ClientConnection& v, const ClientConnection& d, bool full) {
  YamlMap o;
  ProxyFields f(o, full);
  f.Str("kubeconfig", v.kubeconfig, d.kubeconfig);
  f.Str("acceptContentTypes", v.accept_content_types, d.accept_content_types);
  f.Str("contentType", v.content_type, d.content_type);
  if (f.Keep(v.qps, d.qps)) o.Num("qps", v.qps);
  if (f.Keep(v.burst, d.burst)) o.Int("burst", v.burst);
  return o;
}

YamlMap KubeProxyObj(const KubeProxyConfig& kp, bool full) {
  KubeProxyConfig d;
  ApplyKubeProxyDefaults(d);
  YamlMap o;
  o.Str("apiVersion", "kubeproxy.config.k8s.io/v1alpha1");
  o.Str("kind", "KubeProxyConfiguration");
  o.Str("mode", kp.mode);  // always: the point of the document
  ProxyFields f(o, full);
  f.Str("bindAddress", kp.bind_address, d.bind_address);
  f.Str("healthzBindAddress", kp.healthz_bind_address, d.healthz_bind_address);
  f.Str("metricsBindAddress", kp.metrics_bind_address, d.metrics_bind_address);
  f.Bool("bindAddressHardFail", kp.bind_address_hard_fail, d.bind_address_hard_fail);
  f.Bool("enableProfiling", kp.enable_profiling, d.enable_profiling);
  f.Str("clusterCIDR", kp.cluster_cidr, d.cluster_cidr);
  f.Str("hostnameOverride", kp.hostname_override, d.hostname_override);
  o.Child("clientConnection", ClientConnectionObj(kp.client_connection, d.client_connection, full));
  o.Child("iptables", IptablesObj(kp.iptables, d.iptables, full));
  o.Child("ipvs", IpvsObj(kp.ipvs, d.ipvs, full));
  o.Child("nftables", NftablesObj(kp.nftables, d.nftables, full));
  o.Child("conntrack", ConntrackObj(kp.conntrack, d.conntrack, full));
  f.Int("oomScoreAdj", kp.oom_score_adj, d.oom_score_adj);
  f.Str("portRange", kp.port_range, d.port_range);
  f.Dur("udpIdleTimeout", kp.udp_idle_timeout, d.udp_idle_timeout);
  f.Dur("configSyncPeriod", kp.config_sync_period, d.config_sync_period);
  f.List("nodePortAddresses", kp.node_port_addresses);
  f.Str("detectLocalMode", kp.detect_local_mode, d.detect_local_mode);
  YamlMap dl;
  ProxyFields dlf(dl, full);
  dlf.Str("bridgeInterface", kp.detect_local.bridge_interface, "");
  dlf.Str("interfaceNamePrefix", kp.detect_local.interface_name_prefix, "");
  o.Child("detectLocal", std::move(dl));
  f.Str("showHiddenMetricsForVersion", kp.show_hidden_metrics_for_version, "");
  if (!kp.feature_gates.empty()) {
    YamlMap gates;
    for (const auto& [name, value] : kp.feature_gates) gates.Bool(name, value);
    o.Child("featureGates", std::move(gates));
  }
  if (kp.logging.IsDefined() && !kp.logging.IsNull()) o.Raw("logging", kp.logging);
  o.Child("winkernel", WinkernelObj(kp.winkernel));
  if (kp.windows_run_as_service) o.Bool("windowsRunAsService", true);  // omitempty upstream
  return o;
}

// v1beta4's form: a list of {name, value}.
void AddArgs(YamlMap& o, const ArgList& args, const std::string& key = "extraArgs") {
  if (args.empty()) return;
  std::vector<YamlMap> items;
  for (const auto& [name, value] : args) {
    YamlMap item;
    item.Str("name", name);
    item.Str("value", value);
    items.push_back(std::move(item));
  }
  o.Seq(key, std::move(items));
}

void AddIfSet(YamlMap& o, const std::string& key, const std::string& v) {
  if (!v.empty()) o.Str(key, v);
}

YamlMap NodeRegistrationObj(const NodeRegistration& nr) {
  YamlMap o;
  AddIfSet(o, "name", nr.name);
  AddIfSet(o, "criSocket", nr.cri_socket);
  AddIfSet(o, "imagePullPolicy", nr.image_pull_policy);
  if (!nr.ignore_preflight_errors.empty())
    o.List("ignorePreflightErrors", nr.ignore_preflight_errors);
  AddArgs(o, nr.kubelet_extra_args, "kubeletExtraArgs");
  if (nr.taints) {
    std::vector<YamlMap> taints;
    for (const Taint& t : *nr.taints) {
      YamlMap to;
      AddIfSet(to, "key", t.key);
      AddIfSet(to, "value", t.value);
      AddIfSet(to, "effect", t.effect);
      taints.push_back(std::move(to));
    }
    o.Seq("taints", std::move(taints));
  }
  return o;
}

YamlMap InitObj(const ClusterConfig& c) {
  YamlMap o;
  o.Str("apiVersion", "kubeadm.k8s.io/v1beta4");
  o.Str("kind", "InitConfiguration");
  std::vector<YamlMap> tokens;
  for (const BootstrapToken& t : c.bootstrap_tokens) {
    YamlMap to;
    AddIfSet(to, "token", t.token);
    AddIfSet(to, "description", t.description);
    AddDuration(to, "ttl", t.ttl);
    if (!t.usages.empty()) to.List("usages", t.usages);
    if (!t.groups.empty()) to.List("groups", t.groups);
    tokens.push_back(std::move(to));
  }
  if (!tokens.empty()) o.Seq("bootstrapTokens", std::move(tokens));
  YamlMap ep;
  AddIfSet(ep, "advertiseAddress", c.advertise_address);
  if (c.bind_port != 0) ep.Int("bindPort", c.bind_port);
  o.Child("localAPIEndpoint", std::move(ep));
  o.Child("nodeRegistration", NodeRegistrationObj(c.node_registration));
  if (!c.skip_phases.empty()) o.List("skipPhases", c.skip_phases);
  return o;
}

YamlMap ComponentObj(const ControlPlaneComponent& comp, const std::vector<std::string>* sans) {
  YamlMap o;
  AddArgs(o, comp.extra_args);
  if (sans != nullptr && !sans->empty()) o.List("certSANs", *sans);
  return o;
}

YamlMap EtcdObj(const ClusterConfig& c) {
  YamlMap o;
  if (c.external_etcd) {
    YamlMap ext;
    ext.List("endpoints", c.external_etcd->endpoints);
    AddIfSet(ext, "caFile", c.external_etcd->ca_file);
    AddIfSet(ext, "certFile", c.external_etcd->cert_file);
    AddIfSet(ext, "keyFile", c.external_etcd->key_file);
    o.Child("external", std::move(ext));
  }
  const LocalEtcd& l = c.local_etcd;
  YamlMap local;
  AddIfSet(local, "dataDir", l.data_dir);
  AddIfSet(local, "imageRepository", l.image_repository);
  AddIfSet(local, "imageTag", l.image_tag);
  AddArgs(local, l.extra_args);
  if (!l.server_cert_sans.empty()) local.List("serverCertSANs", l.server_cert_sans);
  if (!l.peer_cert_sans.empty()) local.List("peerCertSANs", l.peer_cert_sans);
  o.Child("local", std::move(local));
  return o;
}

YamlMap ClusterObj(const ClusterConfig& c) {
  YamlMap o;
  o.Str("apiVersion", "kubeadm.k8s.io/v1beta4");
  o.Str("kind", "ClusterConfiguration");
  AddIfSet(o, "kubernetesVersion", c.kubernetes_version);
  AddIfSet(o, "controlPlaneEndpoint", c.control_plane_endpoint);
  AddIfSet(o, "imageRepository", c.image_repository);
  AddIfSet(o, "certificatesDir", c.certificates_dir);
  AddIfSet(o, "clusterName", c.cluster_name);
  YamlMap net;
  AddIfSet(net, "serviceSubnet", c.service_subnet);
  AddIfSet(net, "podSubnet", c.pod_subnet);
  AddIfSet(net, "dnsDomain", c.dns_domain);
  o.Child("networking", std::move(net));
  o.Child("etcd", EtcdObj(c));
  o.Child("apiServer", ComponentObj(c.api_server, &c.api_server_cert_sans));
  o.Child("controllerManager", ComponentObj(c.controller_manager, nullptr));
  o.Child("scheduler", ComponentObj(c.scheduler, nullptr));
  if (!c.feature_gates.empty()) {
    YamlMap gates;
    for (const auto& [name, value] : c.feature_gates) gates.Bool(name, value);
    o.Child("featureGates", std::move(gates));
  }
  if (c.proxy_disabled) {
    YamlMap proxy;
    proxy.Bool("disabled", true);
    o.Child("proxy", std::move(proxy));
  }
  return o;
}

std::string Render(const YamlMap& o) { return o.Render(); }

}  // namespace

std::string EmitKubeProxyConfiguration(const KubeProxyConfig& kp, EmitDetail detail) {
  return Render(KubeProxyObj(kp, detail == EmitDetail::kFull));
}

std::string EmitV1Beta4(const ClusterConfig& config, ProxyDocument proxy) {
  std::string out = Render(InitObj(config)) + "---\n" + Render(ClusterObj(config));
  if (proxy != ProxyDocument::kNone) {
    out += "---\n" + EmitKubeProxyConfiguration(config.kube_proxy, proxy == ProxyDocument::kFull
                                                                       ? EmitDetail::kFull
                                                                       : EmitDetail::kNonDefault);
  }
  return out;
}

}  // namespace ki::config
