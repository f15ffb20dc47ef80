// Every configuration shape kubeadm-ipvs accepts decodes into the same model.
#include <gtest/gtest.h>

#include "tests/unit/config/config_test_util.h"

namespace ki::config {
namespace {

using ::testing::ElementsAre;
using testing::Errors;
using testing::Load;
using testing::Notices;
using testing::Warnings;

TEST(DecodeShapes, ClassicGuideMasterConfiguration) {
  LoadedConfig c = Load(R"(apiVersion: kubeadm.k8s.io/v1alpha1
kind: MasterConfiguration
api:
  advertiseAddress: 192.168.0.10
featureGates:
  SupportIPVSProxyMode: true
mode: ipvs
)");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_EQ(c.config.kube_proxy.mode, "ipvs");
  EXPECT_TRUE(c.config.feature_gates.empty());  // the gate is intent, not a kubeadm gate
  EXPECT_TRUE(Warnings(c).empty());
  EXPECT_EQ(c.source, "kubeadm.k8s.io/v1alpha1 MasterConfiguration");
  EXPECT_THAT(
      Notices(c),
      ElementsAre("notice: c.yaml:7:7: top-level `mode: ipvs` read as kubeProxy.config.mode; "
                  "upstream kubeadm ignores this key",
                  "notice: c.yaml:6:25: featureGates.SupportIPVSProxyMode (kubeadm's gate in the "
                  "v1.9 betas) read as KubeProxyConfiguration mode: ipvs; released kubeadm "
                  "rejects it (\"is not a valid feature name\")"));
}

TEST(DecodeShapes, ClassicGuideGateAloneMeansIpvs) {
  LoadedConfig c = Load(R"(apiVersion: kubeadm.k8s.io/v1alpha1
kind: MasterConfiguration
featureGates: {SupportIPVSProxyMode: true}
kubeProxy:
  config:
    mode: ""
)");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.config.kube_proxy.mode, "ipvs");
}

TEST(DecodeShapes, V19StringGateInKubeProxyConfig) {
  LoadedConfig c = Load(R"(apiVersion: kubeadm.k8s.io/v1alpha1
kind: MasterConfiguration
kubeProxy:
  config:
    mode: ipvs
    featureGates: "SupportIPVSProxyMode=true"
)");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_EQ(c.config.kube_proxy.mode, "ipvs");
  EXPECT_TRUE(c.config.kube_proxy.feature_gates.empty());
  std::vector<std::string> n = Notices(c);
  ASSERT_EQ(n.size(), 2u);
  EXPECT_EQ(n[0],
            "notice: c.yaml:6:19: kubeProxy.config.featureGates as a string (v1.9) read as the "
            "map form kubeProxy.config.featureGates: {K: true} that v1.10+ uses");
  EXPECT_EQ(n[1].rfind("notice: c.yaml:6:19: kubeProxy.config.featureGates.SupportIPVSProxyMode "
                       "read as mode: ipvs",
                       0),
            0u);
}

TEST(DecodeShapes, V110MapGateAndFields) {
  LoadedConfig c = LoadConfig({.config_path = "configs/master-v1.10.yaml"});
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  const ClusterConfig& m = c.config;
  EXPECT_EQ(m.kube_proxy.mode, "ipvs");
  EXPECT_EQ(m.kube_proxy.ipvs.scheduler, "wrr");
  EXPECT_EQ(m.kube_proxy.ipvs.min_sync_period, Duration::Seconds(2));
  EXPECT_EQ(m.advertise_address, "192.168.0.10");
  // v1.10.3 is migrated: kubeadm v1.34 deploys v1.33.0 and later (a notice says so).
  EXPECT_EQ(m.kubernetes_version, "v1.34.0");
  EXPECT_EQ(m.api_server_cert_sans, std::vector<std::string>{"k8s-master.example.internal"});
  EXPECT_TRUE(Warnings(c).empty());
}

TEST(DecodeShapes, V1Alpha1FlatFields) {
  LoadedConfig c = Load(R"(apiVersion: kubeadm.k8s.io/v1alpha1
kind: MasterConfiguration
nodeName: master-1
criSocket: /var/run/crio.sock
noTaintMaster: true
token: abcdef.0123456789abcdef
tokenTTL: 2h
etcd:
  endpoints: [https://10.0.0.5:2379]
  caFile: /etc/etcd/ca.crt
apiServerExtraArgs:
  v: "4"
  audit-log-path: /var/log/audit.log
cloudProvider: aws
kubeProxy:
  config:
    mode: ipvs
)");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  const ClusterConfig& m = c.config;
  EXPECT_EQ(m.node_registration.name, "master-1");
  EXPECT_EQ(m.node_registration.cri_socket, "/var/run/crio.sock");
  ASSERT_TRUE(m.node_registration.taints.has_value());
  EXPECT_TRUE(m.node_registration.taints->empty());
  ASSERT_EQ(m.bootstrap_tokens.size(), 1u);
  EXPECT_EQ(m.bootstrap_tokens[0].ttl, Duration::Hours(2));
  ASSERT_TRUE(m.external_etcd.has_value());
  EXPECT_EQ(m.external_etcd->ca_file, "/etc/etcd/ca.crt");
  EXPECT_EQ(m.api_server.extra_args,
            (ArgList{{"audit-log-path", "/var/log/audit.log"}, {"v", "4"}}));
  // A key with no place in the model is said, never dropped silently.
  EXPECT_THAT(Notices(c), ElementsAre("notice: c.yaml:14:16: cloudProvider is accepted but has no "
                                      "effect and is not carried over by `config migrate`: "
                                      "in-tree cloud providers were removed from Kubernetes"));
}

TEST(DecodeShapes, V1Alpha2MasterConfiguration) {
  LoadedConfig c = Load(R"(apiVersion: kubeadm.k8s.io/v1alpha2
kind: MasterConfiguration
api:
  advertiseAddress: 10.0.0.1
bootstrapTokens:
- token: abcdef.0123456789abcdef
  ttl: 1h
  usages: [signing]
nodeRegistration:
  name: n1
  taints:
  - key: node-role.kubernetes.io/master
    effect: NoSchedule
  kubeletExtraArgs:
    cgroup-driver: systemd
etcd:
  local:
    dataDir: /data/etcd
kubeProxy:
  config:
    mode: ipvs
    ipvs:
      scheduler: lc
)");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  const ClusterConfig& m = c.config;
  EXPECT_EQ(m.kube_proxy.ipvs.scheduler, "lc");
  EXPECT_EQ(m.local_etcd.data_dir, "/data/etcd");
  EXPECT_EQ(m.node_registration.kubelet_extra_args, (ArgList{{"cgroup-driver", "systemd"}}));
  ASSERT_TRUE(m.node_registration.taints.has_value());
  EXPECT_EQ(m.node_registration.taints->at(0).effect, "NoSchedule");
  EXPECT_EQ(m.bootstrap_tokens.at(0).usages, std::vector<std::string>{"signing"});
  EXPECT_TRUE(Warnings(c).empty());
}

TEST(DecodeShapes, V1Alpha3SplitDocuments) {
  LoadedConfig c = Load(R"(apiVersion: kubeadm.k8s.io/v1alpha3
kind: InitConfiguration
apiEndpoint:
  advertiseAddress: 10.0.0.2
  bindPort: 6444
---
apiVersion: kubeadm.k8s.io/v1alpha3
kind: ClusterConfiguration
apiServerExtraArgs:
  v: "2"
networking:
  podSubnet: 10.244.0.0/16
---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: ipvs
)");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_EQ(c.config.advertise_address, "10.0.0.2");
  EXPECT_EQ(c.config.bind_port, 6444);
  EXPECT_EQ(c.config.api_server.extra_args, (ArgList{{"v", "2"}}));
  EXPECT_EQ(c.config.kube_proxy.cluster_cidr, "10.244.0.0/16");  // kubeadm's dynamic default
  EXPECT_EQ(c.source,
            "kubeadm.k8s.io/v1alpha3 InitConfiguration+ClusterConfiguration + "
            "KubeProxyConfiguration");
}

class DecodeBetaVersions : public ::testing::TestWithParam<const char*> {};

TEST_P(DecodeBetaVersions, InitClusterAndProxyDocuments) {
  std::string v = GetParam();
  bool list_args = v == "v1beta4";
  std::string args = list_args ? "    extraArgs:\n    - name: v\n      value: \"3\"\n"
                               : "    extraArgs:\n      v: \"3\"\n";
  LoadedConfig c = Load("apiVersion: kubeadm.k8s.io/" + v +
                        "\nkind: InitConfiguration\nlocalAPIEndpoint:\n  advertiseAddress: "
                        "10.0.0.3\nnodeRegistration:\n  name: cp\n---\napiVersion: "
                        "kubeadm.k8s.io/" +
                        v + "\nkind: ClusterConfiguration\napiServer:\n" + args.substr(2) +
                        "  certSANs: [api.internal]\ncontrolPlaneEndpoint: api.internal:6443\n---\n"
                        "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: "
                        "KubeProxyConfiguration\nmode: ipvs\nipvs:\n  strictARP: true\n");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_TRUE(Warnings(c).empty()) << ::testing::PrintToString(Warnings(c));
  EXPECT_EQ(c.config.advertise_address, "10.0.0.3");
  EXPECT_EQ(c.config.node_registration.name, "cp");
  EXPECT_EQ(c.config.api_server.extra_args, (ArgList{{"v", "3"}}));
  EXPECT_EQ(c.config.api_server_cert_sans, std::vector<std::string>{"api.internal"});
  EXPECT_EQ(c.config.control_plane_endpoint, "api.internal:6443");
  EXPECT_TRUE(c.config.kube_proxy.ipvs.strict_arp);
  EXPECT_EQ(c.config.kube_proxy.mode, "ipvs");
}

INSTANTIATE_TEST_SUITE_P(AllBetas, DecodeBetaVersions,
                         ::testing::Values("v1beta1", "v1beta2", "v1beta3", "v1beta4"));

TEST(DecodeShapes, KubeProxyConfigurationAlone) {
  LoadedConfig c = Load(R"(apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: ipvs
udpTimeoutMilliseconds: 500ms
)");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_EQ(c.config.kube_proxy.udp_idle_timeout, Duration::Millis(500));
  EXPECT_THAT(
      Notices(c),
      ElementsAre("notice: c.yaml:4:25: udpTimeoutMilliseconds (v1.9) read as "
                  "udpIdleTimeout",
                  "notice: c.yaml:4:25: udpTimeoutMilliseconds has no effect in ipvs mode: "
                  "it configured the userspace proxier, which kube-proxy removed in v1.26"));
}

TEST(DecodeShapes, ShippedExamplesLoadCleanly) {
  for (const char* f : {"configs/master-classic-guide.yaml", "configs/master-v1.10.yaml",
                        "configs/init-v1beta4.yaml"}) {
    LoadedConfig c = LoadConfig({.config_path = f});
    EXPECT_TRUE(c.ok()) << f << ": " << ::testing::PrintToString(Errors(c));
    EXPECT_TRUE(Warnings(c).empty()) << f;
    EXPECT_EQ(c.config.kube_proxy.mode, "ipvs") << f;
  }
}

}  // namespace
}  // namespace ki::config
