// `config migrate` round trips: any accepted shape -> v1beta4 documents ->
// decoded again -> the same model, with nothing lost on the way.
#include <gtest/gtest.h>

#include <algorithm>

#include "pkg/config/defaults.h"
#include "pkg/config/emit.h"
#include "tests/unit/config/config_test_util.h"

namespace ki::config {
namespace {

using testing::Errors;
using testing::Warnings;

void ExpectRoundTrip(const LoadedConfig& original, const std::string& what) {
  ASSERT_TRUE(original.ok()) << what << ": " << ::testing::PrintToString(Errors(original));
  std::string migrated = EmitV1Beta4(original.config, ProxyDocument::kNonDefault);
  LoadedConfig again = LoadConfigText(migrated, "migrated.yaml", {});
  ASSERT_TRUE(again.ok()) << what << ": " << ::testing::PrintToString(Errors(again)) << "\n"
                          << migrated;
  EXPECT_TRUE(Warnings(again).empty()) << what << ": " << ::testing::PrintToString(Warnings(again));
  EXPECT_TRUE(again.config == original.config) << what << ":\n" << migrated;
  EXPECT_EQ(again.source,
            "kubeadm.k8s.io/v1beta4 InitConfiguration+ClusterConfiguration + "
            "KubeProxyConfiguration");
  // A second migration is a fixed point.
  EXPECT_EQ(EmitV1Beta4(again.config, ProxyDocument::kNonDefault), migrated) << what;
}

TEST(Migrate, ShippedExamplesRoundTrip) {
  for (const char* f : {"configs/master-classic-guide.yaml", "configs/master-v1.10.yaml",
                        "configs/init-v1beta4.yaml"}) {
    ExpectRoundTrip(LoadConfig({.config_path = f}), f);
  }
}

TEST(Migrate, RichV1Alpha2RoundTrips) {
  ExpectRoundTrip(testing::Load(R"(apiVersion: kubeadm.k8s.io/v1alpha2
kind: MasterConfiguration
api: {advertiseAddress: "fd00::10", bindPort: 7443, controlPlaneEndpoint: "lb.internal:7443"}
bootstrapTokens:
- {token: abcdef.0123456789abcdef, ttl: 2h, usages: [signing, authentication], groups: ["system:bootstrappers:g1"], description: "first"}
nodeRegistration:
  name: cp-1
  criSocket: /run/containerd/containerd.sock
  taints: []
  kubeletExtraArgs: {cgroup-driver: systemd, v: "2"}
etcd:
  external: {endpoints: ["https://10.0.0.5:2379"], caFile: /ca, certFile: /c, keyFile: /k}
networking: {serviceSubnet: "fd00:96::/112", podSubnet: "fd00:244::/56", dnsDomain: k8s.local}
kubernetesVersion: v1.11.2
apiServerExtraArgs: {audit-log-path: /var/log/a.log}
controllerManagerExtraArgs: {node-cidr-mask-size: "24"}
schedulerExtraArgs: {v: "4"}
apiServerCertSANs: [api.internal, 10.0.0.10]
certificatesDir: /pki
imageRepository: mirror.internal/k8s
clusterName: prod
featureGates: {CoreDNS: true}
kubeProxy:
  config:
    mode: ipvs
    bindAddress: "::"
    clusterCIDR: "fd00:244::/56"
    ipvs: {scheduler: mh, syncPeriod: 10s, minSyncPeriod: 1s, excludeCIDRs: [10.0.0.0/24], strictARP: true, tcpTimeout: 900s}
    iptables: {masqueradeBit: 13, masqueradeAll: true}
    conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 1h}
    nodePortAddresses: ["fd00::/64"]
    oomScoreAdj: -500
    configSyncPeriod: 5m
    udpIdleTimeout: 1s
    portRange: 30000-32767
    hostnameOverride: node-a
    clientConnection: {qps: 50, burst: 100, kubeconfig: /etc/kp.conf}
)"),
                  "rich v1alpha2");
}

TEST(Migrate, V1Alpha1FlatTokenAndEtcdRoundTrip) {
  ExpectRoundTrip(testing::Load(R"(apiVersion: kubeadm.k8s.io/v1alpha1
kind: MasterConfiguration
token: abcdef.0123456789abcdef
tokenTTL: 0s
noTaintMaster: true
etcd: {dataDir: /data/etcd, extraArgs: {quota-backend-bytes: "8589934592"}}
kubeProxy: {config: {mode: ipvs, featureGates: "SupportIPVSProxyMode=true"}}
)"),
                  "v1alpha1 flat");
}

// kubeadm v1.34 refuses a control plane older than v1.33.0: migrate must not
// write the classic guide's v1.9.0 into v1beta4.
TEST(Migrate, WritesAKubernetesVersionCurrentKubeadmDeploys) {
  for (auto [file, old] : {std::pair{"configs/master-classic-guide.yaml", "v1.9.0"},
                           std::pair{"configs/master-v1.10.yaml", "v1.10.3"}}) {
    LoadedConfig c = LoadConfig({.config_path = file});
    ASSERT_TRUE(c.ok()) << file;
    std::string out = EmitV1Beta4(c.config, ProxyDocument::kNonDefault);
    EXPECT_NE(out.find("\nkubernetesVersion: v1.34.0\n"), std::string::npos) << file << out;
    std::string said = std::string("kubernetesVersion: ") + old + " (written for ";
    std::vector<std::string> notices = testing::Notices(c);
    EXPECT_TRUE(std::any_of(notices.begin(), notices.end(),
                            [&](const std::string& n) {
                              return n.find(said) != std::string::npos &&
                                     n.find("uses v1.34.0") != std::string::npos;
                            }))
        << file << ::testing::PrintToString(notices);
  }
}

TEST(Migrate, KeepsModeAndNonDefaultProxyFieldsOnly) {
  LoadedConfig c = LoadConfig({.config_path = "configs/master-v1.10.yaml"});
  ASSERT_TRUE(c.ok());
  std::string out = EmitV1Beta4(c.config, ProxyDocument::kNonDefault);
  std::string proxy = out.substr(out.rfind("---\n"));
  EXPECT_EQ(proxy,
            "---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nclientConnection:\n  kubeconfig: "
            "/var/lib/kube-proxy/kubeconfig.conf\nclusterCIDR: 10.244.0.0/16\nipvs:\n  "
            "minSyncPeriod: 2s\n  scheduler: wrr\nkind: KubeProxyConfiguration\nmode: ipvs\n");
  // The obsolete gate is gone: current kube-proxy would reject it.
  EXPECT_EQ(out.find("SupportIPVSProxyMode"), std::string::npos);
}

TEST(Migrate, WritesV1Beta4ExtraArgsAsNameValueLists) {
  LoadedConfig c = testing::Load(
      "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\napiServer:\n  extraArgs:\n"
      "    v: \"4\"\n");
  ASSERT_TRUE(c.ok());
  std::string out = EmitV1Beta4(c.config, ProxyDocument::kNone);
  EXPECT_NE(out.find("apiServer:\n  extraArgs:\n    - name: v\n      value: \"4\"\n"),
            std::string::npos)
      << out;
}

TEST(PrintInitDefaults, FullProxyDocumentRoundTrips) {
  std::string out = EmitV1Beta4(InitDefaults(), ProxyDocument::kFull);
  LoadedConfig c = LoadConfigText(out, "defaults.yaml", {});
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c)) << out;
  EXPECT_TRUE(Warnings(c).empty()) << ::testing::PrintToString(Warnings(c));
  EXPECT_TRUE(c.config == InitDefaults()) << out;
  for (const char* key :
       {"healthzBindAddress: 0.0.0.0:10256", "metricsBindAddress: 127.0.0.1:10249",
        "syncPeriod: 30s", "oomScoreAdj: -999", "udpIdleTimeout: 250ms", "configSyncPeriod: 15m0s",
        "maxPerCore: 32768", "mode: ipvs"}) {
    EXPECT_NE(out.find(key), std::string::npos) << key;
  }
}

}  // namespace
}  // namespace ki::config
