// Feature gates as kube-proxy and kubeadm took them: every gate some release
// had is accepted (kept, or said to do nothing here), names no release had
// are refused at their own key with the nearest known names.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "pkg/config/field_table.h"
#include "pkg/config/gate_check.h"
#include "pkg/config/known_gates.h"
#include "tests/unit/config/config_test_util.h"

namespace ki::config {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using testing::Errors;
using ::testing::IsEmpty;
using testing::Load;
using testing::Notices;
using testing::OnlyError;

const char* kClusterHeader = "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n";

// The body starts on line 4.
LoadedConfig LoadIpvsProxy(const std::string& body) {
  return testing::LoadProxy("mode: ipvs\n" + body);
}
// The body starts on line 3.
LoadedConfig LoadCluster(const std::string& body) { return Load(kClusterHeader + body); }

std::vector<std::string> GateNotices(const LoadedConfig& c) {
  std::vector<std::string> out;
  for (const std::string& n : Notices(c)) {
    if (n.find("featureGates") != std::string::npos) out.push_back(n);
  }
  return out;
}

// FindGate's binary search and the messages rely on both tables being
// sorted, unique and well-formed.
TEST(GateTables, SortedUniqueAndWellFormed) {
  for (std::span<const GateHistory> table : {KubernetesGateHistory(), KubeadmGateHistory()}) {
    ASSERT_FALSE(table.empty());
    for (size_t i = 0; i < table.size(); ++i) {
      const GateHistory& g = table[i];
      if (i > 0) {
        EXPECT_LT(table[i - 1].name, g.name);
      }
      EXPECT_TRUE(g.since.starts_with("v1.")) << g.name;
      EXPECT_TRUE(g.until.empty() || g.until.starts_with("v1.")) << g.name;
      if (!g.until.empty()) {
        EXPECT_LE(CompareRelease(g.since, g.until), 0) << g.name;
      }
      EXPECT_EQ(FindGate(table, g.name), &g);
    }
  }
  EXPECT_EQ(FindGate(KubernetesGateHistory(), "servicenodeexclusion"), nullptr);
}

TEST(GateCheck, Verdicts) {
  EXPECT_EQ(CheckProxyGate("NFTablesProxyMode").verdict, GateVerdict::kKeep);
  EXPECT_EQ(CheckProxyGate("SupportIPVSProxyMode").verdict, GateVerdict::kKeep);
  EXPECT_EQ(CheckProxyGate("AllAlpha").verdict, GateVerdict::kKeep);
  EXPECT_EQ(CheckProxyGate("AllBeta").verdict, GateVerdict::kKeep);
  EXPECT_EQ(CheckProxyGate("ServiceNodeExclusion").verdict, GateVerdict::kNoEffect);
  EXPECT_EQ(CheckProxyGate("MemoryQoS").verdict, GateVerdict::kNoEffect);
  EXPECT_EQ(CheckProxyGate("TopologyAwareHintsByDefault").verdict, GateVerdict::kUnknown);
  EXPECT_EQ(CheckKubeadmGate("ControlPlaneKubeletLocalMode").verdict, GateVerdict::kKeep);
  EXPECT_EQ(CheckKubeadmGate("CoreDNS").verdict, GateVerdict::kNoEffect);
  EXPECT_EQ(CheckKubeadmGate("ServiceNodeExclusion").verdict, GateVerdict::kUnknown);
}

TEST(ProxyGates, AGateTheProxyReadsIsKept) {
  LoadedConfig c = LoadIpvsProxy("featureGates:\n  NFTablesProxyMode: true\n  AllBeta: false\n");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_EQ(c.config.kube_proxy.feature_gates,
            (FeatureGates{{"AllBeta", false}, {"NFTablesProxyMode", true}}));
  EXPECT_THAT(GateNotices(c), IsEmpty());
}

// kubeadm's own test data (v1alpha3 conversion) sets ServiceNodeExclusion in
// the KubeProxyConfiguration: kube-proxy accepted it, and never read it.
TEST(ProxyGates, AnotherComponentsGateIsANoticeAtItsKey) {
  LoadedConfig c =
      LoadIpvsProxy("featureGates:\n  SupportIPVSProxyMode: true\n  ServiceNodeExclusion: true\n");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_THAT(GateNotices(c),
              Contains("notice: c.yaml:6:3: featureGates.ServiceNodeExclusion has no effect "
                       "on the proxy: a Kubernetes gate of v1.8-v1.22 for other components, "
                       "which kube-proxy accepted but did not read; not carried over by "
                       "`config migrate`"));
  EXPECT_TRUE(c.config.kube_proxy.feature_gates.empty());
}

TEST(ProxyGates, RemovedGatesAreAcceptedToo) {
  // Accelerators: a kubelet gate of v1.6-v1.11 (removed since).
  LoadedConfig other = LoadIpvsProxy("featureGates: {Accelerators: true}\n");
  ASSERT_TRUE(other.ok());
  ASSERT_EQ(GateNotices(other).size(), 1u);
  EXPECT_NE(GateNotices(other)[0].find("c.yaml:4:16: featureGates.Accelerators has no effect "
                                       "on the proxy: a Kubernetes gate of v1.6-v1.11"),
            std::string::npos)
      << GateNotices(other)[0];
  // EndpointSliceProxying: read by kube-proxy v1.18-v1.24 and refused by
  // later ones, so accepted with a notice and not carried over.
  LoadedConfig proxy = LoadIpvsProxy("featureGates: {EndpointSliceProxying: true}\n");
  ASSERT_TRUE(proxy.ok());
  ASSERT_EQ(GateNotices(proxy).size(), 1u);
  EXPECT_NE(GateNotices(proxy)[0].find("featureGates.EndpointSliceProxying has no effect: a gate "
                                       "kube-proxy read in v1.18-v1.24, removed in v1.25"),
            std::string::npos)
      << GateNotices(proxy)[0];
  EXPECT_THAT(proxy.config.kube_proxy.feature_gates, IsEmpty());
  // A current gate the proxy reads is kept.
  LoadedConfig current = LoadIpvsProxy("featureGates: {NFTablesProxyMode: true}\n");
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current.config.kube_proxy.feature_gates, (FeatureGates{{"NFTablesProxyMode", true}}));
}

TEST(ProxyGates, AMisspelledGateIsRefusedWithTheNearestNames) {
  EXPECT_EQ(OnlyError(LoadIpvsProxy("featureGates:\n  SupportIPVSProxyMod: true\n")),
            "c.yaml:5:3: featureGates.SupportIPVSProxyMod: \"SupportIPVSProxyMod\" is not a "
            "feature gate of any Kubernetes release (kube-proxy refuses it: \"unrecognized "
            "feature gate\"); did you mean SupportIPVSProxyMode?");
  // Gate names are case-sensitive upstream; the suggestion has the right case.
  std::string lower = OnlyError(LoadIpvsProxy("featureGates:\n  nftablesProxyMode: true\n"));
  EXPECT_NE(lower.find("did you mean NFTablesProxyMode?"), std::string::npos) << lower;
  // Several near names: at most three, the nearest first.
  std::string several = OnlyError(LoadIpvsProxy("featureGates:\n  WinDS: true\n"));
  EXPECT_NE(several.find("; did you mean WinDSR"), std::string::npos) << several;
  EXPECT_LE(std::count(several.begin(), several.end(), ','), 1) << several;
  // Nothing near: no suggestion, and never the whole list.
  std::string far = OnlyError(LoadIpvsProxy("featureGates:\n  Xyzzy: true\n"));
  EXPECT_EQ(far.find("did you mean"), std::string::npos) << far;
  EXPECT_LT(far.size(), 200u) << far;
}

// The error points at the gate's own key, in block and flow mappings, and
// every bad gate is reported.
TEST(ProxyGates, ErrorsPointAtTheGateKey) {
  LoadedConfig c =
      LoadIpvsProxy("featureGates:\n  MemoryQoS: true\n  Bogus: true\n  Bogus2: true\n");
  std::vector<std::string> e = Errors(c);
  ASSERT_EQ(e.size(), 2u) << ::testing::PrintToString(e);
  EXPECT_EQ(e[0].rfind("c.yaml:6:3: featureGates.Bogus: ", 0), 0u) << e[0];
  EXPECT_EQ(e[1].rfind("c.yaml:7:3: featureGates.Bogus2: ", 0), 0u) << e[1];
  std::string flow = OnlyError(LoadIpvsProxy("featureGates: {AllAlpha: false, Bogus1: true}\n"));
  EXPECT_EQ(flow.rfind("c.yaml:4:33: featureGates.Bogus1: ", 0), 0u) << flow;
}

// v1.9 wrote featureGates as a "K=V,..." string: the same verdicts, said at
// the string (its names have no position of their own).
TEST(ProxyGates, TheV19StringForm) {
  LoadedConfig c =
      LoadIpvsProxy("featureGates: \"SupportIPVSProxyMode=true,ServiceNodeExclusion=true\"\n");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  std::vector<std::string> n = GateNotices(c);
  ASSERT_EQ(n.size(), 3u) << ::testing::PrintToString(n);
  EXPECT_EQ(n[0].rfind("notice: c.yaml:4:15: featureGates as a string (v1.9)", 0), 0u);
  EXPECT_EQ(n[1].rfind("notice: c.yaml:4:15: featureGates.ServiceNodeExclusion has no effect", 0),
            0u)
      << n[1];
  EXPECT_EQ(OnlyError(LoadIpvsProxy("featureGates: \"SupportIPVSProxyMod=true\"\n"))
                .rfind("c.yaml:4:15: featureGates.SupportIPVSProxyMod: ", 0),
            0u);
}

TEST(ProxyGates, AHugeNameIsQuotedAndCut) {
  // In the v1.9 string form: YAML keys are limited to 1024 characters.
  std::string e =
      OnlyError(LoadIpvsProxy("featureGates: \"" + std::string(500000, 'G') + "=true\"\n"));
  EXPECT_LT(e.size(), 1000u) << e.substr(0, 1000);
  EXPECT_NE(e.find("(500000 bytes)"), std::string::npos) << e.substr(0, 1000);
}

TEST(KubeadmGates, CurrentGatesAreKept) {
  LoadedConfig c = LoadCluster("featureGates:\n  ControlPlaneKubeletLocalMode: true\n");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_EQ(c.config.feature_gates, (FeatureGates{{"ControlPlaneKubeletLocalMode", true}}));
  EXPECT_THAT(GateNotices(c), IsEmpty());
}

TEST(KubeadmGates, RemovedGatesHaveNoEffect) {
  LoadedConfig c = Load(
      "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n"
      "featureGates:\n  EtcdLearnerMode: true\n  PublicKeysECDSA: true\n");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_EQ(c.config.feature_gates, (FeatureGates{{"PublicKeysECDSA", true}}));
  EXPECT_THAT(GateNotices(c),
              ElementsAre("notice: c.yaml:4:3: featureGates.EtcdLearnerMode has no effect: a "
                          "kubeadm gate of v1.27-v1.32, removed in v1.33 (later kubeadm refuses "
                          "it); not carried over by `config migrate`"));
}

TEST(KubeadmGates, UnknownNamesAreRefusedAtTheirKey) {
  EXPECT_EQ(OnlyError(LoadCluster("featureGates:\n  WaitForAllControlPlaneComponent: true\n")),
            "c.yaml:4:3: featureGates.WaitForAllControlPlaneComponent: "
            "\"WaitForAllControlPlaneComponent\" is not a valid feature name (kubeadm refuses "
            "it); did you mean WaitForAllControlPlaneComponents?");
  // A Kubernetes gate is not kubeadm's: kubeadm refused it too, so say where it goes.
  EXPECT_EQ(OnlyError(LoadCluster("featureGates:\n  MemoryQoS: true\n")),
            "c.yaml:4:3: featureGates.MemoryQoS: \"MemoryQoS\" is not a valid feature name: a "
            "Kubernetes gate (v1.22 and later), not one of kubeadm's; set it in that component's "
            "featureGates or extraArgs");
}

// kubeadm's SupportIPVSProxyMode stays mode intent, as before.
TEST(KubeadmGates, SupportIpvsProxyModeIsModeIntent) {
  LoadedConfig c = LoadCluster("featureGates:\n  SupportIPVSProxyMode: true\n");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_TRUE(c.config.feature_gates.empty());
  EXPECT_EQ(c.config.kube_proxy.mode, "ipvs");
}

}  // namespace
}  // namespace ki::config
