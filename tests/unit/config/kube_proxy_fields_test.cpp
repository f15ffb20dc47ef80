// KubeProxyConfiguration across releases: legacy types as upstream had them,
// pointer fields (null = unset, 0s = a value), removed fields accepted with a
// notice, settings of another mode said after the mode is known, and the new
// fields carried through `config migrate`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pkg/config/emit.h"
#include "tests/unit/config/config_test_util.h"

namespace ki::config {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using testing::Errors;
using ::testing::HasSubstr;
using testing::Load;
using testing::Notices;
using testing::OnlyError;
using testing::Warnings;

using testing::kKubeProxyHeader;

// v1.9's udpTimeoutMilliseconds was a metav1.Duration (types.go of v1.9).
TEST(KubeProxyLegacy, UdpTimeoutMillisecondsIsADuration) {
  LoadedConfig c = Load(kKubeProxyHeader + "mode: ipvs\nudpTimeoutMilliseconds: 500ms\n");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_EQ(c.config.kube_proxy.udp_idle_timeout, Duration::Millis(500));
  EXPECT_THAT(
      Notices(c),
      Contains("notice: c.yaml:4:25: udpTimeoutMilliseconds (v1.9) read as udpIdleTimeout"));
}

TEST(KubeProxyLegacy, UdpTimeoutMillisecondsRefusesABareNumberAsV19Did) {
  LoadedConfig c = Load(kKubeProxyHeader + "mode: ipvs\nudpTimeoutMilliseconds: 500\n");
  EXPECT_EQ(OnlyError(c),
            "c.yaml:4:25: udpTimeoutMilliseconds: expected a duration such as \"250ms\", got "
            "\"500\": despite its name, v1.9's kube-proxy read a duration and refused a bare "
            "number");
}

TEST(KubeProxyLegacy, TheNewNameWinsOverTheOld) {
  LoadedConfig c =
      Load(kKubeProxyHeader + "mode: ipvs\nudpIdleTimeout: 1s\nudpTimeoutMilliseconds: 2s\n");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_EQ(c.config.kube_proxy.udp_idle_timeout, Duration::Seconds(1));
  EXPECT_THAT(Notices(c), Contains(HasSubstr("udpTimeoutMilliseconds (v1.9) is ignored")));
}

TEST(KubeProxyLegacy, RemovedFieldsHaveNoEffect) {
  LoadedConfig c = Load(kKubeProxyHeader +
                        "mode: ipvs\nresourceContainer: /kube-proxy\n"
                        "conntrack:\n  max: 0\n");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_TRUE(Warnings(c).empty()) << ::testing::PrintToString(Warnings(c));
  EXPECT_THAT(Notices(c), Contains("notice: c.yaml:4:20: resourceContainer (v1.9-v1.15) has no "
                                   "effect: kube-proxy removed it in v1.16 (drop the key)"));
  EXPECT_THAT(Notices(c), Contains("notice: c.yaml:6:8: conntrack.max (v1.9-v1.14) has no "
                                   "effect: kube-proxy v1.15 removed it; maxPerCore and min size "
                                   "the table"));
  LoadedConfig wrong = Load(kKubeProxyHeader + "mode: ipvs\nconntrack:\n  max: lots\n");
  EXPECT_FALSE(wrong.ok());  // still the type it had
}

// kubeadm v1.10-v1.14 printed and stored `max: null` and other null pointers.
TEST(KubeProxyNull, PrintedNullPointersAreUnset) {
  LoadedConfig c = Load(kKubeProxyHeader +
                        "mode: ipvs\noomScoreAdj: null\nnodePortAddresses: null\n"
                        "iptables: {masqueradeBit: null, localhostNodePorts: null}\n"
                        "ipvs: {excludeCIDRs: null}\nnftables: {masqueradeBit: null}\n"
                        "conntrack: {max: null, maxPerCore: null, min: null, "
                        "tcpEstablishedTimeout: null, tcpCloseWaitTimeout: null}\n");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  const KubeProxyConfig& kp = c.config.kube_proxy;
  EXPECT_EQ(kp.oom_score_adj, -999);
  EXPECT_EQ(kp.iptables.masquerade_bit, 14);
  EXPECT_EQ(kp.conntrack.max_per_core, 32768);
  EXPECT_EQ(kp.conntrack.tcp_established_timeout, Duration::Hours(24));
  EXPECT_EQ(kp.conntrack.tcp_close_wait_timeout, Duration::Hours(1));
}

TEST(KubeProxyNull, APlainDurationRefusesNull) {
  LoadedConfig c = Load(kKubeProxyHeader + "mode: ipvs\nconntrack:\n  udpTimeout: null\n");
  EXPECT_FALSE(c.ok());
}

// *metav1.Duration upstream: 0s is "leave the kernel's value", not "unset"
// (kind and usernetes write it to keep kube-proxy off the sysctls).
TEST(KubeProxyNull, ZeroConntrackTimeoutIsAValueAndSurvivesMigrate) {
  LoadedConfig c = Load(kKubeProxyHeader +
                        "mode: ipvs\nconntrack:\n  maxPerCore: 0\n  tcpEstablishedTimeout: 0s\n"
                        "  tcpCloseWaitTimeout: 0s\n");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_EQ(c.config.kube_proxy.conntrack.tcp_established_timeout, Duration{0});
  EXPECT_EQ(c.config.kube_proxy.conntrack.tcp_close_wait_timeout, Duration{0});
  std::string out = EmitKubeProxyConfiguration(c.config.kube_proxy, EmitDetail::kNonDefault);
  EXPECT_THAT(out, HasSubstr("tcpEstablishedTimeout: 0s"));
  LoadedConfig again = LoadConfigText(out, "m.yaml", {});
  ASSERT_TRUE(again.ok()) << out;
  EXPECT_TRUE(again.config.kube_proxy == c.config.kube_proxy) << out;
}

TEST(KubeProxyNewFields, EveryReleasesFieldsSurviveMigrate) {
  LoadedConfig c = Load(kKubeProxyHeader + R"(mode: ipvs
bindAddressHardFail: true
showHiddenMetricsForVersion: "1.36"
detectLocalMode: InterfaceNamePrefix
detectLocal: {interfaceNamePrefix: veth}
iptables: {snatNodeInternalIP: true, localhostNodePorts: false, masqueradeBit: 13}
ipvs: {strictARP: true, tcpTimeout: 900s, tcpFinTimeout: 120s, udpTimeout: 300s, excludeCIDRs: [10.9.0.0/16]}
conntrack: {tcpBeLiberal: true, udpTimeout: 30s, udpStreamTimeout: 300s}
winkernel: {networkName: vxlan0, sourceVip: 10.0.0.9, enableDSR: true, rootHnsEndpointName: cbr0, forwardHealthCheckVip: true}
windowsRunAsService: true
logging: {format: json, verbosity: 2}
)");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_TRUE(Warnings(c).empty()) << ::testing::PrintToString(Warnings(c));
  const KubeProxyConfig& kp = c.config.kube_proxy;
  EXPECT_TRUE(kp.conntrack.tcp_be_liberal);
  EXPECT_EQ(kp.conntrack.udp_stream_timeout, Duration::Seconds(300));
  EXPECT_EQ(kp.iptables.snat_node_internal_ip, true);
  EXPECT_EQ(kp.winkernel.network_name, "vxlan0");
  EXPECT_TRUE(kp.winkernel.forward_health_check_vip);
  EXPECT_TRUE(kp.windows_run_as_service);
  std::string out = EmitV1Beta4(c.config, ProxyDocument::kNonDefault);
  LoadedConfig again = LoadConfigText(out, "m.yaml", {});
  ASSERT_TRUE(again.ok()) << ::testing::PrintToString(Errors(again)) << out;
  EXPECT_TRUE(Warnings(again).empty()) << ::testing::PrintToString(Warnings(again));
  EXPECT_TRUE(again.config == c.config) << out;
}

// `kubeadm config print init-defaults --component-configs
// KubeProxyConfiguration` of kubeadm v1.31+ (every field, unset pointers as
// null, kube-proxy's own defaults not applied).
TEST(KubeProxyPrinted, KubeadmV131PrintedDefaultsLoadCleanly) {
  LoadedConfig c = Load(kKubeProxyHeader + R"(bindAddress: 0.0.0.0
bindAddressHardFail: false
clientConnection:
  acceptContentTypes: ""
  burst: 0
  contentType: ""
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
  qps: 0
clusterCIDR: ""
configSyncPeriod: 0s
conntrack:
  maxPerCore: null
  min: null
  tcpBeLiberal: false
  tcpCloseWaitTimeout: null
  tcpEstablishedTimeout: null
  udpStreamTimeout: 0s
  udpTimeout: 0s
detectLocal:
  bridgeInterface: ""
  interfaceNamePrefix: ""
detectLocalMode: ""
enableProfiling: false
healthzBindAddress: ""
hostnameOverride: ""
iptables:
  localhostNodePorts: null
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
ipvs:
  excludeCIDRs: null
  minSyncPeriod: 0s
  scheduler: ""
  strictARP: false
  syncPeriod: 0s
  tcpFinTimeout: 0s
  tcpTimeout: 0s
  udpTimeout: 0s
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
metricsBindAddress: ""
mode: ipvs
nftables:
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
nodePortAddresses: null
oomScoreAdj: null
portRange: ""
showHiddenMetricsForVersion: ""
winkernel:
  enableDSR: false
  forwardHealthCheckVip: false
  networkName: ""
  rootHnsEndpointName: ""
  sourceVip: ""
)");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_TRUE(Warnings(c).empty()) << ::testing::PrintToString(Warnings(c));
  EXPECT_TRUE(Notices(c).empty()) << ::testing::PrintToString(Notices(c));
  EXPECT_EQ(c.config.kube_proxy.conntrack.tcp_established_timeout, Duration::Hours(24));
}

// kubeadm v1.9's MasterConfiguration with its printed kubeProxy.config.
TEST(KubeProxyPrinted, KubeadmV19EmbeddedDefaultsLoad) {
  LoadedConfig c = Load(R"(apiVersion: kubeadm.k8s.io/v1alpha1
kind: MasterConfiguration
kubeProxy:
  config:
    bindAddress: 0.0.0.0
    clientConnection:
      acceptContentTypes: ""
      burst: 10
      contentType: application/vnd.kubernetes.protobuf
      kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
      qps: 5
    clusterCIDR: ""
    configSyncPeriod: 15m0s
    conntrack:
      max: null
      maxPerCore: 32768
      min: 131072
      tcpCloseWaitTimeout: 1h0m0s
      tcpEstablishedTimeout: 24h0m0s
    enableProfiling: false
    featureGates: ""
    healthzBindAddress: 0.0.0.0:10256
    hostnameOverride: ""
    iptables:
      masqueradeAll: false
      masqueradeBit: 14
      minSyncPeriod: 0s
      syncPeriod: 30s
    ipvs:
      minSyncPeriod: 0s
      scheduler: ""
      syncPeriod: 30s
    metricsBindAddress: 127.0.0.1:10249
    mode: ipvs
    oomScoreAdj: -999
    portRange: ""
    resourceContainer: /kube-proxy
    udpTimeoutMilliseconds: 250ms
)");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_TRUE(Warnings(c).empty()) << ::testing::PrintToString(Warnings(c));
  EXPECT_EQ(c.config.kube_proxy.udp_idle_timeout, Duration::Millis(250));
}

// Which settings each proxier reads (cmd/kube-proxy/app/server_linux.go):
// said once the mode is known, only when set to something else than the
// default, at the place they were written.
TEST(KubeProxyModes, SettingsOfAnotherModeAreSaid) {
  LoadedConfig c = Load(kKubeProxyHeader + R"(mode: ipvs
iptables: {masqueradeBit: 13, masqueradeAll: true, syncPeriod: 10s}
nftables: {syncPeriod: 30s, minSyncPeriod: 5s}
winkernel: {networkName: vxlan0}
)");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_THAT(Notices(c),
              ElementsAre("notice: c.yaml:4:64: iptables.syncPeriod has no effect in ipvs mode: "
                          "of the iptables settings the ipvs proxier reads only masqueradeBit "
                          "and masqueradeAll",
                          "notice: c.yaml:5:44: nftables.minSyncPeriod has no effect in ipvs "
                          "mode: it configures the nftables proxier",
                          "notice: c.yaml:6:26: winkernel.networkName has no effect on Linux: "
                          "kube-proxy reads it on Windows only"));

  LoadedConfig iptables = Load(kKubeProxyHeader + "mode: iptables\nipvs: {scheduler: sh}\n");
  ASSERT_TRUE(iptables.ok()) << ::testing::PrintToString(Errors(iptables));
  EXPECT_THAT(Notices(iptables), ElementsAre("notice: c.yaml:4:19: ipvs.scheduler has no effect "
                                             "in iptables mode: it configures the ipvs proxier"));
}

// Through kubeadm's embedding too, with the path as written.
TEST(KubeProxyModes, EmbeddedConfigSaysTheWrittenPath) {
  LoadedConfig c = Load(R"(apiVersion: kubeadm.k8s.io/v1alpha2
kind: MasterConfiguration
kubeProxy:
  config:
    mode: ipvs
    udpIdleTimeout: 1s
)");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_THAT(Notices(c), Contains("notice: c.yaml:6:21: kubeProxy.config.udpIdleTimeout has no "
                                   "effect in ipvs mode: it configured the userspace proxier, "
                                   "which kube-proxy removed in v1.26"));
}

// kubeadm v1.11 printed ipvs.ExcludeCIDRs (no json tag in kube-proxy v1.11).
TEST(KubeProxyLegacy, ExcludeCidrsGoFieldName) {
  LoadedConfig c = Load(kKubeProxyHeader + "mode: ipvs\nipvs:\n  ExcludeCIDRs: [10.1.0.0/16]\n");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_TRUE(Warnings(c).empty()) << ::testing::PrintToString(Warnings(c));
  EXPECT_EQ(c.config.kube_proxy.ipvs.exclude_cidrs, std::vector<std::string>{"10.1.0.0/16"});
  EXPECT_THAT(Notices(c),
              Contains("notice: c.yaml:5:17: ipvs.ExcludeCIDRs (kube-proxy v1.11's Go "
                       "field name, as kubeadm v1.11 printed it) read as excludeCIDRs"));
  LoadedConfig bad = Load(kKubeProxyHeader + "mode: ipvs\nipvs:\n  ExcludeCIDRs: [10.1.0.0]\n");
  EXPECT_EQ(OnlyError(bad),
            "c.yaml:5:17: ipvs.ExcludeCIDRs: \"10.1.0.0\" (item 0) is not a valid CIDR such as "
            "10.0.0.0/8");
}

}  // namespace
}  // namespace ki::config
