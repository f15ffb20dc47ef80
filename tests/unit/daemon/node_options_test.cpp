// MakeRuleOptions: the iptables options of the KubeProxyConfiguration, and
// the local-traffic detector of each detectLocalMode with the notes for the
// modes it cannot build.
#include "pkg/daemon/node_options.h"

#include <gtest/gtest.h>

namespace ki::daemon {
namespace {

using Strings = std::vector<std::string>;

config::KubeProxyConfig Mode(const std::string& mode) {
  config::KubeProxyConfig kp;
  kp.detect_local_mode = mode;
  kp.cluster_cidr = "10.244.0.0/16,fd00:244::/56";
  kp.detect_local.bridge_interface = "cbr0";
  kp.detect_local.interface_name_prefix = "veth";
  return kp;
}

const Strings kPodCidrs = {"10.244.3.0/24", "fd00:244:0:3::/64"};

TEST(MakeRuleOptions, MasqueradeSettingsComeFromTheIptablesSection) {
  config::KubeProxyConfig kp = Mode("");
  kp.iptables.masquerade_bit = 9;
  kp.iptables.masquerade_all = true;
  Strings notes;
  const netfilter::RuleOptions r = MakeRuleOptions(kp, true, {}, notes);
  EXPECT_EQ(r.masquerade_bit, 9u);
  EXPECT_TRUE(r.masquerade_all);
  EXPECT_TRUE(r.random_fully);
  EXPECT_EQ(MakeRuleOptions(Mode(""), false, {}, notes).masquerade_bit, 14u);
  EXPECT_TRUE(notes.empty());
}

TEST(MakeRuleOptions, ClusterCidrIsTheDefaultMode) {
  for (const char* mode : {"", "ClusterCIDR"}) {
    Strings notes;
    const netfilter::RuleOptions r = MakeRuleOptions(Mode(mode), false, kPodCidrs, notes);
    EXPECT_EQ(r.local_cidrs, (Strings{"10.244.0.0/16", "fd00:244::/56"})) << mode;
    EXPECT_EQ(r.local_interface, "") << mode;
    EXPECT_TRUE(notes.empty()) << mode;
  }
}

TEST(MakeRuleOptions, EmptyClusterCidrIsNotedUnlessMasqueradeAll) {
  config::KubeProxyConfig kp = Mode("ClusterCIDR");
  kp.cluster_cidr = "";
  Strings notes;
  EXPECT_TRUE(MakeRuleOptions(kp, false, {}, notes).local_cidrs.empty());
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0],
            "clusterCIDR is empty: traffic to ClusterIPs from outside the cluster is not "
            "masqueraded; set clusterCIDR (kubeadm: networking.podSubnet) or masqueradeAll");
  kp.iptables.masquerade_all = true;
  notes.clear();
  (void)MakeRuleOptions(kp, false, {}, notes);
  EXPECT_TRUE(notes.empty());
}

TEST(MakeRuleOptions, NodeCidrUsesTheFirstPodCidrOfEachFamily) {
  Strings notes;
  const netfilter::RuleOptions r = MakeRuleOptions(
      Mode("NodeCIDR"), false, {"10.244.3.0/24", "10.244.9.0/24", "fd00:244:0:3::/64"}, notes);
  EXPECT_EQ(r.local_cidrs, kPodCidrs);
  EXPECT_EQ(r.local_interface, "");
  EXPECT_TRUE(notes.empty());
}

TEST(MakeRuleOptions, NodeCidrWithoutPodCidrsHasNoDetectorAndSaysWhy) {
  config::KubeProxyConfig kp = Mode("NodeCIDR");
  Strings notes;
  const netfilter::RuleOptions r = MakeRuleOptions(kp, false, {}, notes);
  EXPECT_TRUE(r.local_cidrs.empty());
  EXPECT_EQ(r.local_interface, "");
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0],
            "detectLocalMode is NodeCIDR but this Node has no spec.podCIDRs: traffic to "
            "ClusterIPs from outside the cluster is not masqueraded; kube-controller-manager "
            "assigns them with --allocate-node-cidrs (kubeadm sets it when networking.podSubnet "
            "is set), or use detectLocalMode ClusterCIDR");
  // masqueradeAll masquerades without a detector: nothing to say.
  kp.iptables.masquerade_all = true;
  notes.clear();
  (void)MakeRuleOptions(kp, false, {}, notes);
  EXPECT_TRUE(notes.empty());
}

TEST(MakeRuleOptions, InterfaceModesMatchTheBridgeOrEveryNameWithThePrefix) {
  for (const auto& [mode, want] : {std::pair<const char*, const char*>{"BridgeInterface", "cbr0"},
                                   {"InterfaceNamePrefix", "veth+"}}) {
    Strings notes;
    const netfilter::RuleOptions r = MakeRuleOptions(Mode(mode), false, kPodCidrs, notes);
    EXPECT_EQ(r.local_interface, want) << mode;
    EXPECT_TRUE(r.local_cidrs.empty()) << mode;
    EXPECT_TRUE(notes.empty()) << mode;
  }
}

TEST(MakeRuleOptions, ModeItCannotBuildHasNoDetectorAndSaysWhy) {
  config::KubeProxyConfig empty_bridge = Mode("BridgeInterface");
  empty_bridge.detect_local.bridge_interface = "";
  for (const config::KubeProxyConfig& kp : {empty_bridge, Mode("Magic")}) {
    Strings notes;
    const netfilter::RuleOptions r = MakeRuleOptions(kp, false, kPodCidrs, notes);
    EXPECT_TRUE(r.local_cidrs.empty());
    EXPECT_EQ(r.local_interface, "");
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0], "detectLocalMode " + kp.detect_local_mode +
                            " has no local-traffic detector: traffic to ClusterIPs from outside "
                            "the cluster is not masqueraded; use ClusterCIDR, NodeCIDR, "
                            "BridgeInterface (with detectLocal.bridgeInterface) or "
                            "InterfaceNamePrefix (with detectLocal.interfaceNamePrefix)");
  }
}

TEST(ParseServiceCidrs, OnePerFamilyAsKubeApiserverTakesThem) {
  Result<std::vector<proxy::Cidr>> both = ParseServiceCidrs("10.96.0.1/12,fd00:10:96::/108");
  ASSERT_TRUE(both.ok()) << both.status().message();
  ASSERT_EQ(both->size(), 2u);
  EXPECT_EQ((*both)[0].ToString(), "10.96.0.0/12");  // host bits cleared
  EXPECT_EQ((*both)[1].ToString(), "fd00:10:96::/108");
  EXPECT_EQ(ParseServiceCidrs("192.168.0.0/24")->size(), 1u);
}

TEST(ParseServiceCidrs, SaysWhatIsWrongWithTheValue) {
  const auto error = [](const std::string& text) {
    Result<std::vector<proxy::Cidr>> r = ParseServiceCidrs(text);
    EXPECT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.status().code(), Code::kInvalidConfig) << text;
    return r.ok() ? std::string() : r.status().message();
  };
  EXPECT_EQ(error("10.96.0.0"),
            "--service-cluster-ip-range \"10.96.0.0\": \"10.96.0.0\" is not a CIDR (e.g. "
            "10.96.0.0/12 or fd00:10:96::/108)");
  EXPECT_EQ(error("10.96.0.0/12,"),
            "--service-cluster-ip-range \"10.96.0.0/12,\": \"\" is not a CIDR (e.g. "
            "10.96.0.0/12 or fd00:10:96::/108)");
  EXPECT_EQ(error("10.0.0.0/8"),
            "--service-cluster-ip-range \"10.0.0.0/8\": 10.0.0.0/8 is too large: at most 20 "
            "host bits (/12 or longer), as kube-apiserver allows");
  EXPECT_EQ(error("fd00::/64").find("(/108 or longer)") != std::string::npos, true);
  EXPECT_EQ(error("10.96.0.0/12,10.112.0.0/12"),
            "--service-cluster-ip-range \"10.96.0.0/12,10.112.0.0/12\": two CIDRs of one family; "
            "give at most one IPv4 and one IPv6");
  error("10.96.0.0/12,fd00::/108,10.1.0.0/16");
  error("nonsense/12");
}

TEST(CheckRoutedCidrs, RefusesARangeHoldingAnAddressOfTheNode) {
  const std::vector<proxy::Cidr> routed = *ParseServiceCidrs("10.96.0.0/12");
  const auto addr = [](const char* ip, uint8_t len) {
    return netif::LocalAddress{*ipvs::IpAddress::Parse(ip), len, 2, netif::kScopeUniverse};
  };
  EXPECT_TRUE(CheckRoutedCidrs(routed, {addr("192.168.1.10", 24), addr("127.0.0.1", 8)}).ok());
  EXPECT_TRUE(CheckRoutedCidrs({}, {addr("10.100.0.5", 16)}).ok());
  Status st = CheckRoutedCidrs(routed, {addr("192.168.1.10", 24), addr("10.100.0.5", 16)});
  EXPECT_EQ(st.code(), Code::kInvalidConfig);
  EXPECT_EQ(st.message(),
            "--service-cluster-ip-range 10.96.0.0/12 holds 10.100.0.5, an address of this node: "
            "routed as local, the rest of the node's network would be unreachable; give "
            "kube-apiserver's --service-cluster-ip-range");
}

TEST(NeedsNodePodCidrs, OnlyForNodeCidr) {
  EXPECT_TRUE(NeedsNodePodCidrs(Mode("NodeCIDR")));
  for (const char* mode : {"", "ClusterCIDR", "BridgeInterface", "InterfaceNamePrefix"}) {
    EXPECT_FALSE(NeedsNodePodCidrs(Mode(mode))) << mode;
  }
}

}  // namespace
}  // namespace ki::daemon
