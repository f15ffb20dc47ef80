// kubeproxy.config.k8s.io/v1alpha1 KubeProxyConfiguration, every field of
// every release from v1.9 (the first kubeadm embedded, in
// pkg/proxy/apis/kubeproxyconfig/v1alpha1/types.go) to today's
// staging/src/k8s.io/kube-proxy/config/v1alpha1/types.go. Releases are those
// of the pull request that added or removed the field, checked against the
// CHANGELOG of that release (PR numbers in the comments). Before v1.9
// (v1.7-v1.8) the same kind was componentconfig/v1alpha1, which kube-proxy
// v1.9 stopped reading (CHANGELOG-1.9, #53645); kubeadm never embedded it.
#include "pkg/config/field_table.h"

namespace ki::config {
namespace {

using enum FieldType;

constexpr FieldSpec kKubeProxyFields[] = {
    // map[string]bool since v1.10 (#57962); in v1.9 a "K=V,..." string
    // (kGatesString), which the decoder reads too. One row per path: the map.
    {"featureGates", kGates, true, "v1.9", ""},
    {"bindAddress", kString, false, "v1.9", "", "0.0.0.0"},
    {"healthzBindAddress", kString, false, "v1.9", "", "0.0.0.0:10256"},
    {"metricsBindAddress", kString, false, "v1.9", "", "127.0.0.1:10249"},
    {"bindAddressHardFail", kBool, false, "v1.19", ""},  // #89350
    {"enableProfiling", kBool, false, "v1.9", ""},
    {"clusterCIDR", kString, false, "v1.9", "", "10.244.0.0/16"},
    {"hostnameOverride", kString, false, "v1.9", ""},
    // kube-proxy's own struct in v1.9, later the shared
    // ClientConnectionConfiguration (component-base): the same JSON (burst an
    // int, then int32).
    {"clientConnection", kObject, false, "v1.9", ""},
    {"clientConnection.kubeconfig", kString, false, "v1.9", ""},
    {"clientConnection.acceptContentTypes", kString, false, "v1.9", ""},
    {"clientConnection.contentType", kString, false, "v1.9", ""},
    {"clientConnection.qps", kFloat, false, "v1.9", ""},
    {"clientConnection.burst", kInt32, false, "v1.9", ""},
    {"iptables", kObject, false, "v1.9", ""},
    {"iptables.masqueradeBit", kInt32, true, "v1.9", "", "14"},
    {"iptables.masqueradeAll", kBool, false, "v1.9", ""},
    {"iptables.localhostNodePorts", kBool, true, "v1.26", ""},  // #108250
    // Only in the newest types.go stored (kubernetes master after
    // v1.37.0-alpha.1); no release note found for it, so taken as v1.38.
    {"iptables.snatNodeInternalIP", kBool, true, "v1.38", ""},
    {"iptables.syncPeriod", kDuration, false, "v1.9", ""},
    {"iptables.minSyncPeriod", kDuration, false, "v1.9", "", "1s"},
    {"ipvs", kObject, false, "v1.9", ""},
    {"ipvs.syncPeriod", kDuration, false, "v1.9", ""},
    {"ipvs.minSyncPeriod", kDuration, false, "v1.9", "", "1s"},
    {"ipvs.scheduler", kString, false, "v1.9", "", "rr"},
    // #62083. kubeadm v1.11 printed the Go field name ExcludeCIDRs (the
    // field had no json tag then); the tag's excludeCIDRs is there by v1.12.
    // v1.11's decoder was already case-sensitive (#65034, v1.11.0-rc.1), so
    // which spelling v1.11 read is the one it printed: both are accepted.
    {"ipvs.excludeCIDRs", kStringList, true, "v1.11", "", "[10.0.0.0/8]"},
    {"ipvs.ExcludeCIDRs", kStringList, true, "v1.11", "v1.11", "[10.0.0.0/8]"},
    {"ipvs.strictARP", kBool, false, "v1.15", ""},  // #75295
    // #85517
    {"ipvs.tcpTimeout", kDuration, false, "v1.18", ""},
    {"ipvs.tcpFinTimeout", kDuration, false, "v1.18", ""},
    {"ipvs.udpTimeout", kDuration, false, "v1.18", ""},
    // The nftables mode's section arrived with the mode (KEP-3866, #121046).
    {"nftables", kObject, false, "v1.29", ""},
    {"nftables.masqueradeBit", kInt32, true, "v1.29", "", "14"},
    {"nftables.masqueradeAll", kBool, false, "v1.29", ""},
    {"nftables.syncPeriod", kDuration, false, "v1.29", ""},
    {"nftables.minSyncPeriod", kDuration, false, "v1.29", "", "1s"},
    // Windows kernelspace mode (#70896); the last two by #99287.
    {"winkernel", kObject, false, "v1.14", ""},
    {"winkernel.networkName", kString, false, "v1.14", ""},
    {"winkernel.sourceVip", kString, false, "v1.14", "", "10.0.0.1"},
    {"winkernel.enableDSR", kBool, false, "v1.14", ""},
    {"winkernel.rootHnsEndpointName", kString, false, "v1.24", ""},
    {"winkernel.forwardHealthCheckVip", kBool, false, "v1.24", ""},
    {"windowsRunAsService", kBool, false, "v1.31", ""},  // #126072 (omitempty)
    {"oomScoreAdj", kInt32, true, "v1.9", "", "-999"},
    {"mode", kString, false, "v1.9", "", "ipvs"},
    {"portRange", kString, false, "v1.9", "", "30000-32767"},
    {"resourceContainer", kString, false, "v1.9", "v1.15"},  // removed by #78294
    // A metav1.Duration despite its name; renamed udpIdleTimeout in v1.10
    // (#57754), removed with the userspace mode in v1.26 (#112133).
    {"udpTimeoutMilliseconds", kDuration, false, "v1.9", "v1.9", "250ms"},
    {"udpIdleTimeout", kDuration, false, "v1.10", "v1.25", "250ms"},
    {"conntrack", kObject, false, "v1.9", ""},
    {"conntrack.max", kInt32, true, "v1.9", "v1.14"},  // removed by #78399
    {"conntrack.maxPerCore", kInt32, true, "v1.9", ""},
    {"conntrack.min", kInt32, true, "v1.9", ""},
    {"conntrack.tcpEstablishedTimeout", kDuration, true, "v1.9", ""},
    {"conntrack.tcpCloseWaitTimeout", kDuration, true, "v1.9", ""},
    // #120354 (plain values, not pointers).
    {"conntrack.tcpBeLiberal", kBool, false, "v1.29", ""},
    {"conntrack.udpTimeout", kDuration, false, "v1.29", ""},
    {"conntrack.udpStreamTimeout", kDuration, false, "v1.29", ""},
    {"configSyncPeriod", kDuration, false, "v1.9", ""},
    {"nodePortAddresses", kStringList, true, "v1.10", "", "[10.0.0.0/8]"},
    {"showHiddenMetricsForVersion", kString, false, "v1.18", ""},     // #85279
    {"detectLocalMode", kString, false, "v1.18", "", "ClusterCIDR"},  // #87748
    // BridgeInterface and InterfaceNamePrefix modes (#95400).
    {"detectLocal", kObject, false, "v1.24", ""},
    {"detectLocal.bridgeInterface", kString, false, "v1.24", "", "cbr0"},
    {"detectLocal.interfaceNamePrefix", kString, false, "v1.24", "", "veth"},
    // component-base's LoggingConfiguration (#117800): kept whole.
    {"logging", kOpaque, false, "v1.28", "", "{format: text}"},
};

constexpr TypeTable kKubeProxyTable{"kubeproxy.config.k8s.io/v1alpha1", "KubeProxyConfiguration",
                                    "v1.9", "", kKubeProxyFields};

}  // namespace

const TypeTable& KubeProxyTypeTable() { return kKubeProxyTable; }

}  // namespace ki::config
