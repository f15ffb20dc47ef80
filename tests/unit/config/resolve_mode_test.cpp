// Where the proxy mode comes from: flags > config file > KUBEPROXY_MODE >
// default, with conflicts between flags and file reported naming both.
#include <gtest/gtest.h>

#include "tests/unit/config/config_test_util.h"

namespace ki::config {
namespace {

using ::testing::ElementsAre;
using testing::Errors;
using testing::Load;
using testing::Notices;
using testing::OnlyError;

const std::string kIptablesFile =
    "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: iptables\n";
const std::string kIpvsFile =
    "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ipvs\n";
const std::string kNoModeFile =
    "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n";

LoadedConfig NoFile(LoadOptions o) { return LoadConfig(o); }

TEST(ResolveMode, DefaultIsIpvs) {
  LoadedConfig c = NoFile({});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.config.kube_proxy.mode, "ipvs");
  EXPECT_TRUE(Notices(c).empty());
}

TEST(ResolveMode, FeatureGateFlagAloneMeansIpvsWithNotice) {
  LoadedConfig c = NoFile({.feature_gates = "SupportIPVSProxyMode=true"});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.config.kube_proxy.mode, "ipvs");
  EXPECT_THAT(Notices(c),
              ElementsAre("notice: --feature-gates: --feature-gates=SupportIPVSProxyMode=true read "
                          "as KubeProxyConfiguration mode: ipvs; released kubeadm rejects this "
                          "gate (\"unrecognized feature-gate key\")"));
  EXPECT_TRUE(c.config.feature_gates.empty());
}

TEST(ResolveMode, FlagGateWithOtherGatesAndSpaces) {
  LoadedConfig c =
      NoFile({.feature_gates = " SupportIPVSProxyMode=true, ControlPlaneKubeletLocalMode=false"});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.config.kube_proxy.mode, "ipvs");
  EXPECT_EQ(c.config.feature_gates, (FeatureGates{{"ControlPlaneKubeletLocalMode", false}}));
  // A gate only older kubeadm had: said, and dropped, as in a file.
  LoadedConfig removed = NoFile({.feature_gates = "EtcdLearnerMode=false"});
  ASSERT_TRUE(removed.ok());
  EXPECT_TRUE(removed.config.feature_gates.empty());
  ASSERT_EQ(testing::Notices(removed).size(), 1u);
  EXPECT_NE(testing::Notices(removed)[0].find("--feature-gates EtcdLearnerMode has no effect"),
            std::string::npos)
      << testing::Notices(removed)[0];
}

TEST(ResolveMode, FlagGateFalseAloneMeansIptables) {
  LoadedConfig c = NoFile({.feature_gates = "SupportIPVSProxyMode=false"});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.config.kube_proxy.mode, "iptables");
}

TEST(ResolveMode, UnknownFlagGateListsKnownGates) {
  LoadedConfig c = NoFile({.feature_gates = "Nope=true"});
  std::string e = OnlyError(c);
  EXPECT_EQ(e,
            "--feature-gates: unrecognized feature-gate key: \"Nope\" is not a valid feature "
            "name (kubeadm refuses it)");
  std::string near = OnlyError(NoFile({.feature_gates = "PublicKeysECDS=true"}));
  EXPECT_NE(near.find("did you mean PublicKeysECDSA?"), std::string::npos) << near;
}

TEST(ResolveMode, BadFlagGateValue) {
  EXPECT_EQ(OnlyError(NoFile({.feature_gates = "SupportIPVSProxyMode=maybe"})),
            "--feature-gates: invalid value of feature gate SupportIPVSProxyMode: \"maybe\" (use "
            "true or false)");
}

TEST(ResolveMode, EnvironmentWhenNothingElseSaysSo) {
  LoadedConfig c = NoFile({.env_proxy_mode = "iptables"});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.config.kube_proxy.mode, "iptables");
  EXPECT_THAT(Notices(c), ElementsAre("notice: KUBEPROXY_MODE: KUBEPROXY_MODE=iptables read as "
                                      "KubeProxyConfiguration mode: iptables (the local-up-cluster "
                                      "convention)"));
}

TEST(ResolveMode, EnvironmentValueIsValidated) {
  EXPECT_EQ(OnlyError(NoFile({.env_proxy_mode = "userspace"})),
            "KubeProxyConfiguration mode: userspace mode was removed from kube-proxy in v1.26; "
            "use ipvs");
}

TEST(ResolveMode, FileBeatsEnvironment) {
  LoadedConfig c = Load(kIptablesFile, {.env_proxy_mode = "ipvs"});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.config.kube_proxy.mode, "iptables");  // iptables asked for stays iptables
}

TEST(ResolveMode, EnvironmentFillsAFileWithoutMode) {
  LoadedConfig c = Load(kNoModeFile, {.env_proxy_mode = "iptables"});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.config.kube_proxy.mode, "iptables");
}

TEST(ResolveMode, FlagBeatsEnvironment) {
  LoadedConfig c = Load(
      kNoModeFile, {.feature_gates = "SupportIPVSProxyMode=true", .env_proxy_mode = "iptables"});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.config.kube_proxy.mode, "ipvs");
}

TEST(ResolveMode, FlagAgreeingWithFileIsFine) {
  LoadedConfig c = Load(kIpvsFile, {.feature_gates = "SupportIPVSProxyMode=true"});
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_EQ(c.config.kube_proxy.mode, "ipvs");
}

TEST(ResolveMode, FlagConflictingWithFileNamesBoth) {
  EXPECT_EQ(
      OnlyError(Load(kIptablesFile, {.feature_gates = "SupportIPVSProxyMode=true"})),
      "--feature-gates: --feature-gates=SupportIPVSProxyMode=true conflicts with mode: iptables "
      "(c.yaml:3:7); make them agree or drop one");
  EXPECT_EQ(OnlyError(Load(kIpvsFile, {.feature_gates = "SupportIPVSProxyMode=false"})),
            "--feature-gates: --feature-gates=SupportIPVSProxyMode=false conflicts with mode: ipvs "
            "(c.yaml:3:7); make them agree or drop one");
}

TEST(ResolveMode, FlagGateConflictingWithFileGate) {
  LoadedConfig c = Load(
      "apiVersion: kubeadm.k8s.io/v1alpha1\nkind: MasterConfiguration\n"
      "featureGates:\n  SupportIPVSProxyMode: false\n",
      {.feature_gates = "SupportIPVSProxyMode=true"});
  EXPECT_EQ(OnlyError(c),
            "--feature-gates: --feature-gates=SupportIPVSProxyMode=true conflicts with "
            "featureGates.SupportIPVSProxyMode: false (c.yaml:4:25); make them agree or drop one");
}

TEST(ResolveMode, FlagKubeadmGateConflictingWithFile) {
  LoadedConfig c = Load(
      "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n"
      "featureGates:\n  ControlPlaneKubeletLocalMode: true\n",
      {.feature_gates = "ControlPlaneKubeletLocalMode=false"});
  EXPECT_EQ(OnlyError(c),
            "--feature-gates: --feature-gates sets ControlPlaneKubeletLocalMode=false but "
            "c.yaml:4:3 sets featureGates.ControlPlaneKubeletLocalMode: true; make them agree or "
            "drop one");
}

TEST(ResolveMode, TopLevelModeConflictingWithKubeProxyMode) {
  LoadedConfig c = Load(
      "apiVersion: kubeadm.k8s.io/v1alpha1\nkind: MasterConfiguration\n"
      "mode: ipvs\nkubeProxy:\n  config:\n    mode: iptables\n");
  EXPECT_EQ(OnlyError(c),
            "c.yaml:3:7: mode: ipvs conflicts with kubeProxy.config.mode: iptables (c.yaml:6:11); "
            "make them agree or drop one");
}

// kube-proxy since v1.11 reads only the mode (the gate went GA, then was
// removed): the mode wins, and the notice must not claim the gate was "read
// as mode: ipvs".
TEST(ResolveMode, GateOffNextToIpvsModeHasNoEffect) {
  LoadedConfig c = Load(
      "apiVersion: kubeadm.k8s.io/v1alpha1\nkind: MasterConfiguration\n"
      "featureGates:\n  SupportIPVSProxyMode: false\nmode: ipvs\n");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_EQ(c.config.kube_proxy.mode, "ipvs");
  EXPECT_THAT(
      Notices(c),
      ElementsAre("notice: c.yaml:5:7: top-level `mode: ipvs` read as kubeProxy.config.mode; "
                  "upstream kubeadm ignores this key",
                  "notice: c.yaml:4:25: featureGates.SupportIPVSProxyMode: false has no effect: "
                  "mode: ipvs (c.yaml:5:7) wins, as in kube-proxy since v1.11 (IPVS GA), which "
                  "no longer reads the gate (v1.9-v1.10 ran iptables with it off); drop the "
                  "gate"));

  LoadedConfig proxy = Load(
      "apiVersion: kubeadm.k8s.io/v1alpha1\nkind: MasterConfiguration\n"
      "kubeProxy:\n  config:\n    mode: ipvs\n"
      "    featureGates: {SupportIPVSProxyMode: false}\n");
  ASSERT_TRUE(proxy.ok()) << ::testing::PrintToString(Errors(proxy));
  EXPECT_EQ(proxy.config.kube_proxy.mode, "ipvs");
  EXPECT_THAT(Notices(proxy),
              ElementsAre("notice: c.yaml:6:19: kubeProxy.config.featureGates."
                          "SupportIPVSProxyMode: false has no effect: kubeProxy.config.mode: ipvs "
                          "(c.yaml:5:11) wins, as in kube-proxy since v1.11 (IPVS GA), which no "
                          "longer reads the gate (v1.9-v1.10 ran iptables with it off); drop the "
                          "gate"));
  EXPECT_TRUE(proxy.config.kube_proxy.feature_gates.empty());
}

TEST(ResolveMode, FileGateDoesNotOverrideExplicitIptables) {
  LoadedConfig c = Load(
      "apiVersion: kubeadm.k8s.io/v1alpha1\nkind: MasterConfiguration\n"
      "kubeProxy:\n  config:\n    mode: iptables\n"
      "    featureGates: {SupportIPVSProxyMode: true}\n");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.config.kube_proxy.mode, "iptables");
  std::vector<std::string> n = Notices(c);
  ASSERT_EQ(n.size(), 2u);
  EXPECT_EQ(n[1],
            "notice: c.yaml:6:19: kubeProxy.config.featureGates.SupportIPVSProxyMode has no "
            "effect: the configuration asks for kubeProxy.config.mode: iptables");
}

TEST(ResolveMode, ConfigCannotMixWithConfigBoundFlags) {
  LoadOptions o{.config_path = "configs/init-v1beta4.yaml"};
  o.flags.pod_network_cidr = "10.1.0.0/16";
  o.flags.service_cidr = "10.2.0.0/16";
  EXPECT_EQ(OnlyError(LoadConfig(o)),
            "can not mix '--config' with arguments [pod-network-cidr service-cidr]; put these "
            "settings in the configuration file");
}

TEST(ResolveMode, FlagsWithoutConfigAreAppliedAndValidatedByName) {
  LoadOptions o;
  o.flags.pod_network_cidr = "10.244.0.0/16";
  o.flags.bind_port = 7443;
  LoadedConfig c = LoadConfig(o);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.config.pod_subnet, "10.244.0.0/16");
  EXPECT_EQ(c.config.kube_proxy.cluster_cidr, "10.244.0.0/16");
  EXPECT_EQ(c.config.bind_port, 7443);
  LoadOptions bad;
  bad.flags.service_cidr = "10.96.0.0/40";
  EXPECT_EQ(OnlyError(LoadConfig(bad)),
            "--service-cidr: \"10.96.0.0/40\" is not a CIDR such as 10.96.0.0/12");
}

}  // namespace
}  // namespace ki::config
