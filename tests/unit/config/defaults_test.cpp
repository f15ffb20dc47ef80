// Upstream defaults (reference.md section 2) and kubeadm's dynamic ones.
#include "pkg/config/defaults.h"

#include <gtest/gtest.h>

#include "tests/unit/config/config_test_util.h"

namespace ki::config {
namespace {

using testing::Load;

TEST(Defaults, KubeProxyStaticDefaults) {
  KubeProxyConfig kp;
  ApplyKubeProxyDefaults(kp);
  EXPECT_EQ(kp.bind_address, "0.0.0.0");
  EXPECT_EQ(kp.healthz_bind_address, "0.0.0.0:10256");
  EXPECT_EQ(kp.metrics_bind_address, "127.0.0.1:10249");
  EXPECT_FALSE(kp.enable_profiling);
  EXPECT_EQ(kp.cluster_cidr, "");
  EXPECT_EQ(kp.hostname_override, "");
  EXPECT_EQ(kp.client_connection.kubeconfig, "");
  EXPECT_EQ(kp.client_connection.accept_content_types, "");
  EXPECT_EQ(kp.client_connection.content_type, "application/vnd.kubernetes.protobuf");
  EXPECT_EQ(kp.client_connection.qps, 5.0);
  EXPECT_EQ(kp.client_connection.burst, 10);
  EXPECT_EQ(kp.iptables.masquerade_bit, 14);
  EXPECT_FALSE(kp.iptables.masquerade_all);
  EXPECT_EQ(kp.iptables.localhost_node_ports, true);
  EXPECT_EQ(kp.iptables.sync_period, Duration::Seconds(30));
  EXPECT_EQ(kp.iptables.min_sync_period, Duration::Seconds(1));
  EXPECT_EQ(kp.ipvs.sync_period, Duration::Seconds(30));
  EXPECT_EQ(kp.ipvs.min_sync_period, Duration{0});
  EXPECT_EQ(kp.ipvs.scheduler, "");
  EXPECT_TRUE(kp.ipvs.exclude_cidrs.empty());
  EXPECT_FALSE(kp.ipvs.strict_arp);
  EXPECT_EQ(kp.ipvs.tcp_timeout, Duration{0});
  EXPECT_EQ(kp.ipvs.tcp_fin_timeout, Duration{0});
  EXPECT_EQ(kp.ipvs.udp_timeout, Duration{0});
  EXPECT_EQ(kp.oom_score_adj, -999);
  EXPECT_EQ(kp.port_range, "");
  EXPECT_EQ(kp.udp_idle_timeout, Duration::Millis(250));
  EXPECT_EQ(kp.conntrack.max_per_core, 32768);
  EXPECT_EQ(kp.conntrack.min, 131072);
  EXPECT_EQ(kp.conntrack.tcp_established_timeout, Duration::Hours(24));
  EXPECT_EQ(kp.conntrack.tcp_close_wait_timeout, Duration::Hours(1));
  EXPECT_EQ(kp.config_sync_period, Duration::Minutes(15));
  EXPECT_TRUE(kp.node_port_addresses.empty());
  EXPECT_EQ(kp.nftables.masquerade_bit, 14);
  EXPECT_EQ(kp.nftables.sync_period, Duration::Seconds(30));
  EXPECT_EQ(kp.nftables.min_sync_period, Duration::Seconds(1));
}

TEST(Defaults, SetValuesAreKept) {
  LoadedConfig c = Load(R"(apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: ipvs
ipvs: {syncPeriod: 10s, minSyncPeriod: 1s, scheduler: sh}
iptables: {masqueradeBit: 0}
oomScoreAdj: 0
conntrack: {maxPerCore: 0}
)");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.config.kube_proxy.ipvs.sync_period, Duration::Seconds(10));
  EXPECT_EQ(c.config.kube_proxy.ipvs.scheduler, "sh");
  EXPECT_EQ(c.config.kube_proxy.iptables.masquerade_bit, 0);  // 0 is a value, not "unset"
  EXPECT_EQ(c.config.kube_proxy.oom_score_adj, 0);
  EXPECT_EQ(c.config.kube_proxy.conntrack.max_per_core, 0);
}

TEST(Defaults, KubeadmDefaults) {
  ClusterConfig c;
  ApplyKubeadmDefaults(c);
  EXPECT_EQ(c.bind_port, 6443);
  EXPECT_EQ(c.kubernetes_version, kDefaultKubernetesVersion);
  EXPECT_EQ(c.image_repository, "registry.k8s.io");
  EXPECT_EQ(c.certificates_dir, "/etc/kubernetes/pki");
  EXPECT_EQ(c.cluster_name, "kubernetes");
  EXPECT_EQ(c.service_subnet, "10.96.0.0/12");
  EXPECT_EQ(c.pod_subnet, "");
  EXPECT_EQ(c.dns_domain, "cluster.local");
  EXPECT_EQ(c.local_etcd.data_dir, "/var/lib/etcd");
  ASSERT_EQ(c.bootstrap_tokens.size(), 1u);
  EXPECT_EQ(c.bootstrap_tokens[0].ttl, Duration::Hours(24));
  EXPECT_EQ(c.bootstrap_tokens[0].usages, (std::vector<std::string>{"signing", "authentication"}));
  EXPECT_EQ(c.bootstrap_tokens[0].groups,
            std::vector<std::string>{"system:bootstrappers:kubeadm:default-node-token"});
  EXPECT_EQ(c.node_registration.image_pull_policy, "IfNotPresent");
}

TEST(Defaults, KubeadmDynamicProxyDefaults) {
  ClusterConfig v4;
  v4.pod_subnet = "10.244.0.0/16";
  v4.advertise_address = "192.168.0.10";
  ApplyKubeadmDefaults(v4);
  EXPECT_EQ(v4.kube_proxy.cluster_cidr, "10.244.0.0/16");
  EXPECT_EQ(v4.kube_proxy.client_connection.kubeconfig, "/var/lib/kube-proxy/kubeconfig.conf");
  EXPECT_EQ(v4.kube_proxy.bind_address, "0.0.0.0");

  ClusterConfig v6;
  v6.advertise_address = "fd00::10";
  ApplyKubeadmDefaults(v6);
  EXPECT_EQ(v6.kube_proxy.bind_address, "::");
  EXPECT_EQ(v6.kube_proxy.cluster_cidr, "");

  ClusterConfig explicit_cidr;
  explicit_cidr.pod_subnet = "10.244.0.0/16";
  explicit_cidr.kube_proxy.cluster_cidr = "10.1.0.0/16";
  ApplyKubeadmDefaults(explicit_cidr);
  EXPECT_EQ(explicit_cidr.kube_proxy.cluster_cidr, "10.1.0.0/16");
}

TEST(Defaults, ExternalEtcdGetsNoDataDir) {
  ClusterConfig c;
  c.external_etcd = ExternalEtcd{{"https://e:2379"}, "", "", ""};
  ApplyKubeadmDefaults(c);
  EXPECT_EQ(c.local_etcd.data_dir, "");
}

TEST(Defaults, InitDefaultsHavePlaceholdersAndIpvs) {
  ClusterConfig c = InitDefaults();
  EXPECT_EQ(c.advertise_address, "1.2.3.4");
  EXPECT_EQ(c.node_registration.name, "node");
  EXPECT_EQ(c.bootstrap_tokens.at(0).token, "abcdef.0123456789abcdef");
  EXPECT_EQ(c.kube_proxy.mode, "ipvs");
}

}  // namespace
}  // namespace ki::config
