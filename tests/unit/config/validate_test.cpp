// Every validation rule, each with the file:line:col of the offending value.
#include "pkg/config/validate.h"

#include "pkg/config/defaults.h"

#include <gtest/gtest.h>

#include "tests/unit/config/config_test_util.h"

namespace ki::config {
namespace {

using testing::Errors;
using testing::Load;
using testing::OnlyError;

struct Rule {
  const char* name;
  std::string body;  // appended to a KubeProxyConfiguration header (mode: ipvs unless given)
  std::string error;
};

class ProxyRules : public ::testing::TestWithParam<Rule> {};

TEST_P(ProxyRules, RejectWithPosition) {
  std::string text = "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n";
  if (GetParam().body.find("mode:") == std::string::npos) text += "mode: ipvs\n";
  LoadedConfig c = Load(text + GetParam().body);
  EXPECT_FALSE(c.ok());
  EXPECT_EQ(OnlyError(c), GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    KubeProxy, ProxyRules,
    ::testing::Values(
        Rule{"IpvsMinAboveSync", "ipvs:\n  syncPeriod: 5s\n  minSyncPeriod: 10s\n",
             "c.yaml:5:15: ipvs.syncPeriod: must be greater than or equal to "
             "ipvs.minSyncPeriod (10s)"},
        Rule{"UnknownScheduler", "ipvs:\n  scheduler: fastest\n",
             "c.yaml:5:14: ipvs.scheduler: unknown IPVS scheduler \"fastest\"; use one of rr, wrr, "
             "lc, wlc, lblc, lblcr, sh, dh, sed, nq, mh (empty means rr)"},
        Rule{"BadExcludeCidr", "ipvs:\n  excludeCIDRs: [10.0.0.0/8, 10.1.0.0]\n",
             "c.yaml:5:17: ipvs.excludeCIDRs: \"10.1.0.0\" (item 1) is not a valid CIDR such as "
             "10.0.0.0/8"},
        Rule{"MasqueradeBitRange", "iptables:\n  masqueradeBit: 32\n",
             "c.yaml:5:18: iptables.masqueradeBit: must be within the range [0, 31]"},
        Rule{"IptablesMinAboveSync", "iptables:\n  syncPeriod: 1s\n  minSyncPeriod: 2s\n",
             "c.yaml:5:15: iptables.syncPeriod: must be greater than or equal to "
             "iptables.minSyncPeriod (2s)"},
        Rule{"BadBindAddress", "bindAddress: 10.0.0.300\n",
             "c.yaml:4:14: bindAddress: \"10.0.0.300\" is not a valid IP address"},
        Rule{"HealthzPortOutOfRange", "healthzBindAddress: 0.0.0.0:99999\n",
             "c.yaml:4:21: healthzBindAddress: \"0.0.0.0:99999\" is not IP:port (e.g. "
             "0.0.0.0:10256)"},
        Rule{"MetricsWithoutPort", "metricsBindAddress: 127.0.0.1\n",
             "c.yaml:4:21: metricsBindAddress: \"127.0.0.1\" is not IP:port (e.g. "
             "127.0.0.1:10249)"},
        Rule{"BadClusterCidr", "clusterCIDR: 10.244.0.0/16,10.245.0.0/16\n",
             "c.yaml:4:14: clusterCIDR: \"10.244.0.0/16,10.245.0.0/16\" is not a CIDR (or one "
             "IPv4 and one IPv6 CIDR, comma-separated)"},
        Rule{"BadNodePortAddress", "nodePortAddresses: [10.0.0.0/33]\n",
             "c.yaml:4:20: nodePortAddresses: \"10.0.0.0/33\" is not a CIDR (or \"primary\")"},
        Rule{"BadPortRange", "portRange: 300-200\n",
             "c.yaml:4:12: portRange: \"300-200\" is not a port range such as 30000-32767 or "
             "30000+2768"},
        Rule{"UnknownMode", "mode: fast\n",
             "c.yaml:3:7: mode: unknown proxy mode \"fast\"; use ipvs, iptables or nftables"},
        Rule{"UserspaceMode", "mode: userspace\n",
             "c.yaml:3:7: mode: userspace mode was removed from kube-proxy in v1.26; use ipvs"},
        Rule{"OomScoreRange", "oomScoreAdj: -1001\n",
             "c.yaml:4:14: oomScoreAdj: must be within the range [-1000, 1000]"},
        Rule{"NegativeQps", "clientConnection:\n  qps: -1\n",
             "c.yaml:5:8: clientConnection.qps: must be greater than or equal to 0"},
        Rule{"NegativeBurst", "clientConnection:\n  burst: -1\n",
             "c.yaml:5:10: clientConnection.burst: must be greater than or equal to 0"},
        Rule{"NegativeConntrackMin", "conntrack:\n  min: -5\n",
             "c.yaml:5:8: conntrack.min: must be greater than or equal to 0"},
        Rule{"UnknownDetectLocalMode", "detectLocalMode: Magic\n",
             "c.yaml:4:18: detectLocalMode: unknown mode \"Magic\"; use ClusterCIDR, NodeCIDR, "
             "BridgeInterface or InterfaceNamePrefix"},
        Rule{"BridgeInterfaceNeedsName", "detectLocalMode: BridgeInterface\n",
             "c.yaml:4:18: detectLocalMode: BridgeInterface needs detectLocal.bridgeInterface"}),
    [](const auto& info) { return std::string(info.param.name); });

// Zero durations are defaulted (as upstream does), so these rules guard
// models built in code, like the proxy's own.
TEST(ProxyRules, ZeroPeriodsInAModelAreRejected) {
  KubeProxyConfig kp;
  ApplyKubeProxyDefaults(kp);
  kp.mode = "ipvs";
  kp.ipvs.sync_period = Duration{0};
  kp.udp_idle_timeout = Duration{0};
  kp.config_sync_period = Duration{0};
  Diagnostics d;
  ValidateKubeProxy(kp, {}, d);
  std::vector<std::string> errors;
  for (const Diagnostic& x : d.all()) errors.push_back(x.ToString());
  EXPECT_THAT(errors, ::testing::ElementsAre(
                          "KubeProxyConfiguration ipvs.syncPeriod: must be greater than 0",
                          "KubeProxyConfiguration udpIdleTimeout: must be greater than 0",
                          "KubeProxyConfiguration configSyncPeriod: must be greater than 0"));
}

TEST(ProxyRules, ZeroPeriodsInAFileMeanTheDefault) {
  LoadedConfig c = Load(
      "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: "
      "KubeProxyConfiguration\nmode: ipvs\nipvs:\n  syncPeriod: 0s\n"
      "udpIdleTimeout: 0s\n");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.config.kube_proxy.ipvs.sync_period, Duration::Seconds(30));
  EXPECT_EQ(c.config.kube_proxy.udp_idle_timeout, Duration::Millis(250));
}

TEST(ProxyRules, IpvsSettingsOnlyValidatedInIpvsMode) {
  LoadedConfig c = Load(
      "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: "
      "KubeProxyConfiguration\nmode: iptables\nipvs:\n  scheduler: bogus\n");
  EXPECT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
}

TEST(ProxyRules, EverySchedulerIsAccepted) {
  for (const char* s : kIpvsSchedulers) {
    LoadedConfig c = Load(std::string("apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: "
                                      "KubeProxyConfiguration\nmode: ipvs\nipvs:\n  scheduler: ") +
                          s + "\n");
    EXPECT_TRUE(c.ok()) << s;
  }
}

TEST(ProxyRules, DualStackClusterCidrAndIpv6Addresses) {
  LoadedConfig c = Load(
      "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ipvs\n"
      "clusterCIDR: 10.244.0.0/16,fd00:10:244::/56\nbindAddress: \"::\"\n"
      "healthzBindAddress: \"[::]:10256\"\nnodePortAddresses: [primary, 192.168.0.0/24]\n");
  EXPECT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
}

struct KubeadmRule {
  const char* name;
  std::string text;
  std::string error;
};

class KubeadmRules : public ::testing::TestWithParam<KubeadmRule> {};

TEST_P(KubeadmRules, RejectWithPosition) {
  LoadedConfig c = Load(GetParam().text);
  EXPECT_FALSE(c.ok());
  EXPECT_EQ(OnlyError(c), GetParam().error);
}

const std::string kMaster = "apiVersion: kubeadm.k8s.io/v1alpha1\nkind: MasterConfiguration\n";
const std::string kCluster = "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n";

INSTANTIATE_TEST_SUITE_P(
    Kubeadm, KubeadmRules,
    ::testing::Values(
        KubeadmRule{"BadAdvertiseAddress", kMaster + "api:\n  advertiseAddress: 1.2.3\n",
                    "c.yaml:4:21: api.advertiseAddress: \"1.2.3\" is not a valid IP address"},
        KubeadmRule{"BindPortRange", kMaster + "api:\n  bindPort: 70000\n",
                    "c.yaml:4:13: api.bindPort: port 70000 is not within 1-65535"},
        KubeadmRule{"BadServiceSubnet", kCluster + "networking:\n  serviceSubnet: 10.96.0.0/33\n",
                    "c.yaml:4:18: networking.serviceSubnet: \"10.96.0.0/33\" is not a CIDR such "
                    "as 10.96.0.0/12"},
        KubeadmRule{"BadPodSubnet", kCluster + "networking:\n  podSubnet: pods\n",
                    "c.yaml:4:14: networking.podSubnet: \"pods\" is not a CIDR such as "
                    "10.244.0.0/16"},
        KubeadmRule{"BadDnsDomain", kCluster + "networking:\n  dnsDomain: Cluster_Local\n",
                    "c.yaml:4:14: networking.dnsDomain: \"Cluster_Local\" is not a valid DNS "
                    "domain (lowercase, e.g. cluster.local)"},
        KubeadmRule{"BadControlPlaneEndpoint", kCluster + "controlPlaneEndpoint: \"api:99999\"\n",
                    "c.yaml:3:23: controlPlaneEndpoint: \"api:99999\" is not host[:port] (e.g. "
                    "10.0.0.10:6443)"},
        KubeadmRule{"BadKubernetesVersion", kCluster + "kubernetesVersion: one-dot-thirty\n",
                    "c.yaml:3:20: kubernetesVersion: \"one-dot-thirty\" is not a version such as "
                    "v1.34.0"},
        KubeadmRule{"BadImagePullPolicy", kMaster + "imagePullPolicy: Sometimes\n",
                    "c.yaml:3:18: imagePullPolicy: \"Sometimes\" is not one of Always, "
                    "IfNotPresent, Never"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(KubeadmRules, BadTokenIsRejectedWithoutEchoingIt) {
  LoadedConfig c = Load(
      "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n"
      "bootstrapTokens:\n- token: s3cretS3cret\n");
  std::string e = OnlyError(c);
  EXPECT_EQ(e,
            "c.yaml:4:10: bootstrapTokens[0].token: the bootstrap token is not of the form "
            "[a-z0-9]{6}.[a-z0-9]{16}");
  EXPECT_EQ(e.find("s3cret"), std::string::npos);
}

// kubeadm v1.34 (v1beta4) deploys v1.33.0 and later (MinimumControlPlaneVersion)
// and warns above v1.34.x. A v1beta4 file older than any kubeadm reading
// v1beta4 deployed (v1.30.0, kubeadm v1.31's minimum) is refused; one that
// kubeadm v1.31..v1.33 wrote is migrated like older versions' files.
TEST(KubernetesVersion, V1Beta4OutsideKubeadmsSkewIsAnErrorBelowAndAWarningAbove) {
  const std::string cluster = kCluster + "kubernetesVersion: ";
  EXPECT_EQ(OnlyError(Load(cluster + "v1.9.0\n")),
            "c.yaml:3:20: kubernetesVersion: v1.9.0 is older than kubeadm v1.34 "
            "(kubeadm.k8s.io/v1beta4) deploys (v1.33.0 to v1.34.x); kubeadm refuses it: \"this "
            "version of kubeadm only supports deploying clusters with the control plane version "
            ">= 1.33.0\"");
  EXPECT_EQ(Errors(Load(cluster + "v1.29.9\n")).size(), 1u);
  for (const char* older : {"v1.30.0", "v1.31.0", "v1.32.4", "v1.33.0-rc.1"}) {
    LoadedConfig c = Load(cluster + older + "\n");
    ASSERT_TRUE(c.ok()) << older << ::testing::PrintToString(Errors(c));
    EXPECT_EQ(c.config.kubernetes_version, kDefaultKubernetesVersion) << older;
    ASSERT_EQ(testing::Notices(c).size(), 1u) << older;
    EXPECT_NE(testing::Notices(c)[0].find("(written for kubeadm.k8s.io/v1beta4) is outside what"),
              std::string::npos)
        << testing::Notices(c)[0];
  }
  for (const char* ok : {"v1.33.0", "1.33.9", "v1.34.2", "stable-1", "latest"}) {
    LoadedConfig c = Load(cluster + ok + "\n");
    EXPECT_TRUE(c.ok()) << ok << ::testing::PrintToString(Errors(c));
    EXPECT_TRUE(testing::Warnings(c).empty()) << ok;
    EXPECT_EQ(c.config.kubernetes_version, ok);
  }
  LoadedConfig newer = Load(cluster + "v1.36.1\n");
  ASSERT_TRUE(newer.ok());
  EXPECT_EQ(newer.config.kubernetes_version, "v1.36.1");
  EXPECT_THAT(testing::Warnings(newer),
              ::testing::ElementsAre(
                  "warning: c.yaml:3:20: kubernetesVersion: v1.36.1 is newer than kubeadm v1.34 "
                  "(kubeadm.k8s.io/v1beta4) supports (v1.33.0 to v1.34.x); kubeadm's preflight "
                  "warns \"Kubernetes version is greater than kubeadm version. Please consider to "
                  "upgrade kubeadm.\""));
}

TEST(KubernetesVersion, TheFlagIsHeldToKubeadmsSkew) {
  LoadOptions o;
  o.flags.kubernetes_version = "v1.20.0";
  EXPECT_EQ(OnlyError(LoadConfig(o)),
            "--kubernetes-version: v1.20.0 is older than kubeadm v1.34 (kubeadm.k8s.io/v1beta4) "
            "deploys (v1.33.0 to v1.34.x); kubeadm refuses it: \"this version of kubeadm only "
            "supports deploying clusters with the control plane version >= 1.33.0\"");
}

// Files written for an older kubeadm (the classic guide's v1.9.0) are
// migrated: init and migrate write a version current kubeadm deploys, and say so.
TEST(KubernetesVersion, OlderApiVersionsAreMigratedWithANotice) {
  LoadedConfig c = LoadConfig({.config_path = "configs/master-classic-guide.yaml"});
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_EQ(c.config.kubernetes_version, kDefaultKubernetesVersion);
  std::vector<std::string> notices = testing::Notices(c);
  EXPECT_THAT(notices,
              ::testing::Contains(
                  "notice: configs/master-classic-guide.yaml:8:20: kubernetesVersion: v1.9.0 "
                  "(written for kubeadm.k8s.io/v1alpha1) is outside what kubeadm v1.34 "
                  "(kubeadm.k8s.io/v1beta4) deploys (v1.33.0 to v1.34.x: \"this version of "
                  "kubeadm only supports deploying clusters with the control plane version >= "
                  "1.33.0\"); kubeadm-ipvs uses v1.34.0 and writes it; set kubernetesVersion to "
                  "choose another in that range"));
  LoadedConfig beta3 = Load(
      "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n"
      "kubernetesVersion: v1.33.4\n");
  ASSERT_TRUE(beta3.ok());
  EXPECT_EQ(beta3.config.kubernetes_version, "v1.33.4");  // in range: kept
  EXPECT_TRUE(testing::Notices(beta3).empty());
}

}  // namespace
}  // namespace ki::config
