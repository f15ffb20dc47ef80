// Strict decoding: each bad input is an error (or, for unknown fields, a
// warning) naming file:line:col and the field's path.
#include <gtest/gtest.h>

#include "pkg/base/quote.h"
#include "tests/unit/config/config_test_util.h"

namespace ki::config {
namespace {

using ::testing::ElementsAre;
using testing::Errors;
using testing::Load;
using testing::LoadProxy;
using testing::OnlyError;
using testing::Warnings;

TEST(DecodeErrors, UnknownFieldIsAWarningWithPathAndSuggestion) {
  LoadedConfig c = LoadProxy("mode: ipvs\nipvs:\n  shceduler: wrr\nfoo: 1\n");
  EXPECT_TRUE(c.ok());
  EXPECT_THAT(Warnings(c),
              ElementsAre("warning: c.yaml:5:3: unknown field \"ipvs.shceduler\" (did you mean "
                          "\"scheduler\"?); it is ignored",
                          "warning: c.yaml:6:1: unknown field \"foo\"; it is ignored"));
}

TEST(DecodeErrors, UnknownFieldInsideKubeadmBlockNamesTheWrittenPath) {
  LoadedConfig c = Load(R"(apiVersion: kubeadm.k8s.io/v1alpha1
kind: MasterConfiguration
kubeProxy:
  config:
    mode: ipvs
    ipvs:
      excludeCIDR: [10.0.0.0/8]
)");
  EXPECT_THAT(Warnings(c), ElementsAre("warning: c.yaml:7:7: unknown field "
                                       "\"kubeProxy.config.ipvs.excludeCIDR\" (did you mean "
                                       "\"excludeCIDRs\"?); it is ignored"));
}

struct BadCase {
  const char* name;
  std::string body;
  std::string error;
};

class DecodeRejects : public ::testing::TestWithParam<BadCase> {};

TEST_P(DecodeRejects, WithPositionAndReason) {
  LoadedConfig c = LoadProxy(GetParam().body);
  EXPECT_FALSE(c.ok());
  EXPECT_EQ(OnlyError(c), GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    Types, DecodeRejects,
    ::testing::Values(
        BadCase{"DurationWithoutUnit", "ipvs:\n  syncPeriod: 30\n",
                "c.yaml:4:15: ipvs.syncPeriod: invalid duration \"30\": missing unit (write e.g. "
                "\"30s\")"},
        BadCase{"NegativeDuration", "ipvs:\n  minSyncPeriod: -1s\n",
                "c.yaml:4:18: ipvs.minSyncPeriod: invalid duration \"-1s\": must not be negative"},
        BadCase{"UnknownDurationUnit", "configSyncPeriod: 1x\n",
                "c.yaml:3:19: configSyncPeriod: invalid duration \"1x\": unknown unit \"x\" (use "
                "ns, us, ms, s, m or h)"},
        BadCase{"QuotedBoolean", "ipvs:\n  strictARP: \"true\"\n",
                "c.yaml:4:14: ipvs.strictARP: expected a boolean (true or false), got the string "
                "\"true\""},
        BadCase{"YesIsNotABoolean", "enableProfiling: yes\n",
                "c.yaml:3:18: enableProfiling: expected a boolean (true or false), got \"yes\""},
        BadCase{"StringForInteger", "iptables:\n  masqueradeBit: \"14\"\n",
                "c.yaml:4:18: iptables.masqueradeBit: expected an integer, got the string \"14\""},
        BadCase{"IntegerOutOfRange", "oomScoreAdj: 99999999999\n",
                "c.yaml:3:14: oomScoreAdj: integer 99999999999 out of range for a 32-bit field"},
        BadCase{"ListForMapping", "ipvs: [rr]\n",
                "c.yaml:3:7: ipvs: expected a mapping, got a list"},
        BadCase{"MappingForString", "mode: {a: b}\n",
                "c.yaml:3:7: mode: expected a string, got a mapping"},
        BadCase{"ScalarForList", "nodePortAddresses: 10.0.0.0/8\n",
                "c.yaml:3:20: nodePortAddresses: expected a list of strings, got "
                "\"10.0.0.0/8\""},
        BadCase{"NumberIsNotAQps", "clientConnection:\n  qps: fast\n",
                "c.yaml:4:8: clientConnection.qps: expected a number, got \"fast\""},
        BadCase{"ConflictingDuplicateKey", "mode: ipvs\nmode: iptables\n",
                "c.yaml:4:1: mode: duplicate key with a different value (first set at line 3); "
                "kubeadm would silently keep the last one; remove one of them"},
        BadCase{"NullPlainDuration", "ipvs:\n  syncPeriod: null\n",
                "c.yaml:4:15: ipvs.syncPeriod: null is not a duration (upstream fails the same "
                "way: time: invalid duration \"\"); remove the key for the default, or write a "
                "duration such as \"30s\""},
        BadCase{"UnknownProxyGate", "featureGates:\n  NoSuchGate: true\n",
                "c.yaml:4:3: featureGates.NoSuchGate: \"NoSuchGate\" is not a feature gate of any "
                "Kubernetes release (kube-proxy refuses it: \"unrecognized feature gate\")"},
        BadCase{"BadGateString", "featureGates: \"SupportIPVSProxyMode\"\n",
                "c.yaml:3:15: featureGates: missing bool value for feature gate "
                "\"SupportIPVSProxyMode\" (write SupportIPVSProxyMode=true)"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(DecodeErrors, UnknownApiVersionListsKnownOnes) {
  LoadedConfig c = Load("apiVersion: kubeadm.k8s.io/v2\nkind: InitConfiguration\n");
  EXPECT_EQ(OnlyError(c),
            "c.yaml:1:13: apiVersion: unknown apiVersion \"kubeadm.k8s.io/v2\"; known: "
            "kubeadm.k8s.io/v1alpha1..v1alpha3, kubeadm.k8s.io/v1beta1..v1beta4, "
            "kubeproxy.config.k8s.io/v1alpha1");
}

// kubeadm ignores a document of a kind it does not read, with a warning; a
// file with nothing it reads is then an error.
TEST(DecodeErrors, KindNotInVersionIsSkippedAsKubeadmDoes) {
  LoadedConfig c = Load("apiVersion: kubeadm.k8s.io/v1beta3\nkind: MasterConfiguration\n");
  EXPECT_THAT(
      Warnings(c),
      ElementsAre("warning: c.yaml:1:1: \"MasterConfiguration\" document skipped, as kubeadm "
                  "does: kind \"MasterConfiguration\" is not part of kubeadm.k8s.io/v1beta3 (it "
                  "has InitConfiguration, ClusterConfiguration, JoinConfiguration, "
                  "ResetConfiguration, UpgradeConfiguration, ClusterStatus); MasterConfiguration "
                  "was split into InitConfiguration and ClusterConfiguration in v1alpha3"));
  EXPECT_EQ(OnlyError(c),
            "c.yaml:1:1: no InitConfiguration or ClusterConfiguration kind was found in the YAML "
            "file (kubeadm's words); every document was skipped");
  LoadedConfig typo = Load(
      "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguraton\n---\n"
      "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n");
  EXPECT_TRUE(typo.ok());
  ASSERT_EQ(Warnings(typo).size(), 1u);
  EXPECT_NE(Warnings(typo)[0].find("did you mean \"InitConfiguration\"?"), std::string::npos)
      << Warnings(typo)[0];
  EXPECT_EQ(OnlyError(Load("apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: Proxy\n")),
            "c.yaml:2:7: kind: kind \"Proxy\" is not part of kubeproxy.config.k8s.io/v1alpha1 (it "
            "has KubeProxyConfiguration)");
}

TEST(DecodeErrors, OtherComponentConfigsAreSkippedWithAWarning) {
  LoadedConfig c = Load(
      "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n---\n"
      "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: "
      "systemd\n---\napiVersion: example.com/v1\nkind: Widget\nspec: {}\n");
  EXPECT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_THAT(Warnings(c),
              ElementsAre("warning: c.yaml:4:1: \"kubelet.config.k8s.io/v1beta1\" "
                          "\"KubeletConfiguration\" document skipped, as kubeadm does: "
                          "kubeadm-ipvs does not configure the kubelet",
                          "warning: c.yaml:8:1: \"example.com/v1\" \"Widget\" document skipped, as "
                          "kubeadm does: it is not a kubeadm or kube-proxy configuration"));
}

// kubeadm v1.9/v1.10 decoded a file into a v1alpha1 MasterConfiguration and
// filled in what the file left out; later releases refuse it.
TEST(DecodeErrors, MissingApiVersionOrKind) {
  LoadedConfig c = Load("mode: ipvs\napi:\n  advertiseAddress: 10.0.0.5\n");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_EQ(c.source, "kubeadm.k8s.io/v1alpha1 MasterConfiguration");
  EXPECT_EQ(c.config.kube_proxy.mode, "ipvs");
  EXPECT_EQ(c.config.advertise_address, "10.0.0.5");
  EXPECT_EQ(testing::Notices(c).at(0),
            "notice: c.yaml:1:1: no apiVersion and kind: read as apiVersion: "
            "kubeadm.k8s.io/v1alpha1, kind: MasterConfiguration, as kubeadm v1.9 and v1.10 did "
            "(kubeadm v1.11 and later refuse the file); write them");
  EXPECT_TRUE(Load("kind: MasterConfiguration\nmode: ipvs\n").ok());
  EXPECT_TRUE(Load("apiVersion: kubeadm.k8s.io/v1alpha1\nmode: ipvs\n").ok());
  EXPECT_EQ(OnlyError(Load("apiVersion: kubeadm.k8s.io/v1beta4\nbindPort: 1\n")),
            "c.yaml:1:1: document without kind (kubeadm: \"kind and apiVersion is mandatory "
            "information that must be specified\"); start it with e.g. \"apiVersion: "
            "kubeadm.k8s.io/v1beta4\" and \"kind: InitConfiguration\"");
  // In a stream of several documents (kubeadm v1.11+ only), never assumed.
  EXPECT_EQ(OnlyError(Load("mode: ipvs\n---\napiVersion: kubeadm.k8s.io/v1beta4\nkind: "
                           "ClusterConfiguration\n")),
            "c.yaml:1:1: document without apiVersion and kind (kubeadm: \"kind and apiVersion is "
            "mandatory information that must be specified\"); start it with e.g. \"apiVersion: "
            "kubeadm.k8s.io/v1beta4\" and \"kind: InitConfiguration\"");
}

TEST(DecodeErrors, CommentOnlyDocumentIsRefusedAsKubeadmDoes) {
  LoadedConfig c = Load(
      "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n---\n# nothing yet\n\n---\n"
      "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n---\n# end\n");
  EXPECT_THAT(
      Errors(c),
      ElementsAre("c.yaml:4:1: lines 4-5 hold only comments or blank lines before the \"---\" at "
                  "line 6; kubeadm reads that as a document and refuses it (\"kind and apiVersion "
                  "is mandatory information that must be specified\"); delete the \"---\" at line "
                  "6",
                  "c.yaml:10:1: the \"---\" at line 9 is followed only by comments or blank lines "
                  "(line 10); kubeadm reads that as a document and refuses it (\"kind and "
                  "apiVersion is mandatory information that must be specified\"); delete the "
                  "\"---\" at line 9"));
  // A header comment before the first "---" is such a document too ...
  EXPECT_FALSE(Load("# header\n---\napiVersion: kubeadm.k8s.io/v1beta4\nkind: "
                    "InitConfiguration\n")
                   .ok());
  // ... but not where kubeadm v1.9/v1.10 read a v1alpha1 file whole, nor
  // separators with nothing between them.
  EXPECT_TRUE(Load("# header\n---\napiVersion: kubeadm.k8s.io/v1alpha1\nkind: "
                   "MasterConfiguration\n")
                  .ok());
  EXPECT_TRUE(
      Load("---\n---\napiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n---\n").ok());
  // kube-proxy reads its --config whole too.
  EXPECT_TRUE(Load("# proxy\n---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: "
                   "KubeProxyConfiguration\nmode: ipvs\n")
                  .ok());
}

TEST(DecodeErrors, DocumentThatIsNotAMapping) {
  EXPECT_EQ(OnlyError(Load("- a\n- b\n")), "c.yaml:1:1: document: expected a mapping, got a list");
  EXPECT_EQ(OnlyError(Load("just text\n")),
            "c.yaml:1:1: document: expected a mapping, got \"just text\"");
}

// kubeadm decodes each document by its own apiVersion.
TEST(DecodeErrors, MixedVersionsAreReadAndRepeatedKindsRefused) {
  LoadedConfig mixed = Load(
      "apiVersion: kubeadm.k8s.io/v1beta2\nkind: InitConfiguration\nnodeRegistration:\n  name: "
      "n1\n---\napiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n  "
      "podSubnet: 10.244.0.0/16\n");
  ASSERT_TRUE(mixed.ok()) << ::testing::PrintToString(Errors(mixed));
  EXPECT_EQ(mixed.source,
            "kubeadm.k8s.io/v1beta3 ClusterConfiguration + kubeadm.k8s.io/v1beta2 "
            "InitConfiguration");
  EXPECT_EQ(mixed.config.node_registration.name, "n1");
  EXPECT_EQ(mixed.config.pod_subnet, "10.244.0.0/16");
  EXPECT_EQ(OnlyError(Load("apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n---\n"
                           "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n")),
            "c.yaml:4:1: a second InitConfiguration document (the first is at line 1); keep one");
  EXPECT_EQ(OnlyError(Load("apiVersion: kubeadm.k8s.io/v1alpha2\nkind: MasterConfiguration\n---\n"
                           "apiVersion: kubeadm.k8s.io/v1beta1\nkind: ClusterConfiguration\n")),
            "c.yaml:4:1: kind: a ClusterConfiguration document next to a MasterConfiguration "
            "(line 1): MasterConfiguration (v1alpha1, v1alpha2) was split into them in v1alpha3; "
            "use one form");
}

// apiVersion and kind match in any case in every kubeadm release; other field
// names only where kubeadm v1.9/v1.10 decoded them so (v1alpha1).
TEST(DecodeErrors, KeyCaseFollowsTheDecoderOfTheRelease) {
  LoadedConfig c = Load(
      "APIVersion: kubeadm.k8s.io/v1alpha1\nKind: MasterConfiguration\nNetworking:\n  "
      "PodSubnet: 10.244.0.0/16\nkubeProxy:\n  config:\n    Mode: ipvs\n");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_TRUE(Warnings(c).empty()) << ::testing::PrintToString(Warnings(c));
  EXPECT_EQ(c.config.pod_subnet, "10.244.0.0/16");
  EXPECT_EQ(c.config.kube_proxy.mode, "ipvs");
  std::vector<std::string> notices = testing::Notices(c);
  ASSERT_GE(notices.size(), 5u) << ::testing::PrintToString(notices);
  EXPECT_EQ(notices[0],
            "notice: c.yaml:1:1: \"APIVersion\" read as \"apiVersion\": kubeadm matches "
            "apiVersion and kind case-insensitively; write \"apiVersion\"");
  EXPECT_THAT(
      notices,
      ::testing::Contains(
          "notice: c.yaml:3:1: \"Networking\" read as \"networking\": kubeadm v1.9.0-v1.9.8 "
          "and v1.10.0-v1.10.4 matched field names case-insensitively (later releases ignore "
          "this key); write \"networking\""));

  LoadedConfig v1beta4 = Load(
      "apiVersion: kubeadm.k8s.io/v1beta4\nKIND: ClusterConfiguration\nNetworking:\n  "
      "podSubnet: 10.244.0.0/16\n");
  ASSERT_TRUE(v1beta4.ok());
  EXPECT_EQ(v1beta4.config.pod_subnet, "");
  EXPECT_THAT(Warnings(v1beta4),
              ElementsAre("warning: c.yaml:3:1: unknown field \"Networking\" (did you mean "
                          "\"networking\"?); it is ignored"));
}

TEST(DecodeErrors, IdenticalDuplicateKeyIsAWarning) {
  LoadedConfig c = LoadProxy("mode: ipvs\nipvs:\n  scheduler: rr\nmode: ipvs\n");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.config.kube_proxy.mode, "ipvs");
  EXPECT_THAT(Warnings(c), ElementsAre("warning: c.yaml:6:1: duplicate key \"mode\" with the same "
                                       "value as at line 3; remove one of them"));
}

TEST(DecodeErrors, ProxySettingsInTwoPlaces) {
  LoadedConfig c = Load(R"(apiVersion: kubeadm.k8s.io/v1alpha1
kind: MasterConfiguration
kubeProxy:
  config:
    mode: ipvs
---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
)");
  EXPECT_EQ(OnlyError(c),
            "c.yaml:7:1: a KubeProxyConfiguration document next to a MasterConfiguration; put the "
            "proxy settings in one place (kubeProxy.config for kubeadm.k8s.io/v1alpha1)");
}

TEST(DecodeErrors, UnknownKubeadmGateInFile) {
  LoadedConfig c = Load(
      "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n"
      "featureGates:\n  Bogus: true\n");
  EXPECT_EQ(OnlyError(c),
            "c.yaml:4:3: featureGates.Bogus: \"Bogus\" is not a valid feature name (kubeadm "
            "refuses it)");
}

TEST(DecodeErrors, JoinConfigurationIsSkippedWithAWarning) {
  LoadedConfig c = Load(
      "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n---\n"
      "apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\ndiscovery: {}\n");
  EXPECT_TRUE(c.ok());
  EXPECT_THAT(Warnings(c), ElementsAre("warning: c.yaml:4:1: \"JoinConfiguration\" document "
                                       "skipped, as kubeadm does: `init` reads InitConfiguration "
                                       "and ClusterConfiguration"));
}

TEST(DecodeErrors, ErrorsInSeveralPlacesAreAllReported) {
  LoadedConfig c = LoadProxy("ipvs:\n  syncPeriod: 30\n  strictARP: 1\nbindAddress: [x]\n");
  EXPECT_EQ(Errors(c).size(), 3u) << ::testing::PrintToString(Errors(c));
}

// Values a message quotes are escaped and cut, with their length stated: a
// 500 KB value or a control byte never reaches the terminal whole.
TEST(DecodeErrors, A500KbValueIsQuotedAndCut) {
  const std::string big(500000, '9');
  std::string duration = OnlyError(LoadProxy("ipvs:\n  syncPeriod: 1" + big + "x\n"));
  EXPECT_LT(duration.size(), 300u) << duration.substr(0, 300);
  EXPECT_NE(duration.find("...\" (500002 bytes)"), std::string::npos) << duration.substr(0, 400);
  LoadedConfig big_kind = Load("apiVersion: kubeadm.k8s.io/v1beta4\nkind: " + big + "\n");
  ASSERT_EQ(Warnings(big_kind).size(), 1u);
  std::string kind = Warnings(big_kind)[0];
  EXPECT_LT(kind.size(), 800u) << kind.substr(0, 800);
  EXPECT_NE(kind.find("(500000 bytes) is not part of kubeadm.k8s.io/v1beta4"), std::string::npos);
  std::string api = OnlyError(Load("apiVersion: " + big + "\nkind: X\n"));
  EXPECT_LT(api.size(), 500u) << api.substr(0, 500);
  std::string gate = OnlyError(LoadProxy("featureGates: \"" + big + "\"\n"));
  EXPECT_LT(gate.size(), 500u) << gate.substr(0, 500);
}

TEST(DecodeErrors, ALongKeyIsQuotedAndCut) {
  // YAML's simple keys stop at 1024 characters; a longer one is a syntax error.
  LoadedConfig c = LoadProxy(std::string(1000, 'k') + ": 1\n");
  std::vector<std::string> w = Warnings(c);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_LT(w[0].size(), 300u) << w[0].substr(0, 300);
  EXPECT_NE(w[0].find("...\" (1000 bytes); it is ignored"), std::string::npos) << w[0];
}

TEST(DecodeErrors, ControlBytesInValuesAreEscaped) {
  std::string e = OnlyError(LoadProxy("ipvs:\n  syncPeriod: \"3\\x1b[31m\"\n"));
  EXPECT_EQ(e.find('\x1b'), std::string::npos) << e;
  EXPECT_NE(e.find("invalid duration \"3\\x1b[31m\""), std::string::npos) << e;
}

// Validation messages (validate.cpp) quote values too; Diagnostics bounds
// every message as a last defence.
TEST(DecodeErrors, ValidationOfA500KbValueIsBounded) {
  std::string e =
      OnlyError(LoadProxy("mode: ipvs\nbindAddress: \"" + std::string(500000, 'a') + "\\x07\"\n"));
  EXPECT_LT(e.size(), 300u) << e.substr(0, 300);
  EXPECT_NE(e.find("bindAddress: \"aaaa"), std::string::npos) << e;
  EXPECT_NE(e.find("...\" (500001 bytes) is not a valid IP address"), std::string::npos) << e;
  EXPECT_EQ(e.find('\x07'), std::string::npos);
}

TEST(Diagnostics, AnOverlongMessageIsCutInTheMiddle) {
  Diagnostics d;
  d.Error(Position{"c.yaml", 1, 1}, "start " + std::string(10000, 'x') + " end\x01");
  std::string m = d.all()[0].ToString();
  EXPECT_LT(m.size(), 900u);
  EXPECT_EQ(m.rfind("c.yaml:1:1: start xxx", 0), 0u) << m;
  EXPECT_NE(m.find("bytes left out) ..."), std::string::npos) << m;
  EXPECT_EQ(m.substr(m.size() - 9), "x end\\x01") << m;
}

// A value Quote() already cut (a long --config path) is not cut a second
// time by the last defence: one length, the value's own.
TEST(Diagnostics, AnAlreadyCutQuoteKeepsItsOwnLength) {
  Diagnostics d;
  std::string quoted = Quote(std::string(100000, 'a'), 256);
  d.Error(Position{}, "unable to read config from " + quoted + ": File name too long");
  std::string m = d.all()[0].ToString();
  EXPECT_NE(m.find("...\" (100000 bytes): File name too long"), std::string::npos) << m;
  EXPECT_EQ(m.find("(259 bytes)"), std::string::npos) << m;
}

}  // namespace
}  // namespace ki::config
