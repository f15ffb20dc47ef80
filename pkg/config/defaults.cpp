#include "pkg/config/defaults.h"

#include "pkg/config/net_parse.h"

namespace ki::config {
namespace {

template <typename T>
void Default(T& field, const T& value) {
  if (field == T{}) field = value;
}

template <typename T>
void Default(std::optional<T>& field, const T& value) {
  if (!field) field = value;
}

}  // namespace

void ApplyKubeProxyDefaults(KubeProxyConfig& kp) {
  Default(kp.bind_address, std::string("0.0.0.0"));
  Default(kp.healthz_bind_address, std::string("0.0.0.0:10256"));
  Default(kp.metrics_bind_address, std::string("127.0.0.1:10249"));
  Default(kp.client_connection.content_type, std::string("application/vnd.kubernetes.protobuf"));
  Default(kp.client_connection.qps, 5.0);
  Default(kp.client_connection.burst, 10);
  Default(kp.iptables.masquerade_bit, 14);
  Default(kp.iptables.localhost_node_ports, true);
  Default(kp.iptables.sync_period, Duration::Seconds(30));
  Default(kp.iptables.min_sync_period, Duration::Seconds(1));
  Default(kp.ipvs.sync_period, Duration::Seconds(30));
  Default(kp.nftables.masquerade_bit, 14);
  Default(kp.nftables.sync_period, Duration::Seconds(30));
  Default(kp.nftables.min_sync_period, Duration::Seconds(1));
  Default(kp.oom_score_adj, -999);
  Default(kp.udp_idle_timeout, Duration::Millis(250));
  Default(kp.conntrack.max_per_core, 32768);
  Default(kp.conntrack.min, 131072);
  Default(kp.conntrack.tcp_established_timeout, Duration::Hours(24));
  Default(kp.conntrack.tcp_close_wait_timeout, Duration::Hours(1));
  Default(kp.config_sync_period, Duration::Minutes(15));
}

void ApplyKubeadmDefaults(ClusterConfig& c) {
  Default(c.bind_port, 6443);
  Default(c.kubernetes_version, std::string(kDefaultKubernetesVersion));
  Default(c.image_repository, std::string(kDefaultImageRepository));
  Default(c.certificates_dir, std::string("/etc/kubernetes/pki"));
  Default(c.cluster_name, std::string("kubernetes"));
  Default(c.service_subnet, std::string("10.96.0.0/12"));
  Default(c.dns_domain, std::string("cluster.local"));
  if (!c.external_etcd) Default(c.local_etcd.data_dir, std::string("/var/lib/etcd"));
  Default(c.node_registration.cri_socket,
          std::string("unix:///var/run/containerd/containerd.sock"));
  Default(c.node_registration.image_pull_policy, std::string("IfNotPresent"));
  if (c.bootstrap_tokens.empty()) c.bootstrap_tokens.push_back({});
  for (BootstrapToken& t : c.bootstrap_tokens) {
    Default(t.ttl, Duration::Hours(24));
    Default(t.usages, std::vector<std::string>{"signing", "authentication"});
    Default(t.groups, std::vector<std::string>{"system:bootstrappers:kubeadm:default-node-token"});
  }
  // kubeadm's dynamic defaults for the proxy (its componentconfigs/kubeproxy.go).
  KubeProxyConfig& kp = c.kube_proxy;
  Default(kp.cluster_cidr, c.pod_subnet);
  Default(kp.client_connection.kubeconfig, std::string(kKubeProxyKubeconfigPath));
  Default(kp.bind_address, std::string(IsIpv6Address(c.advertise_address) ? "::" : "0.0.0.0"));
  ApplyKubeProxyDefaults(kp);
}

ClusterConfig InitDefaults() {
  ClusterConfig c;
  c.advertise_address = "1.2.3.4";
  c.node_registration.name = "node";
  BootstrapToken token;
  token.token = "abcdef.0123456789abcdef";
  c.bootstrap_tokens.push_back(token);
  c.kube_proxy.mode = "ipvs";
  ApplyKubeadmDefaults(c);
  return c;
}

}  // namespace ki::config
