#include "pkg/netfilter/iptables_rules.h"

#include <gtest/gtest.h>

namespace ki::netfilter {
namespace {

// The default IPv4 rules, reviewed line by line against upstream's
// writeIptablesRules; loaded by iptables-nft-restore and
// iptables-legacy-restore in tests/vm/scenarios/netfilter_tools.sh.
constexpr char kDefaultRules[] =
    "*nat\n"
    ":KUBE-SERVICES - [0:0]\n"
    ":KUBE-POSTROUTING - [0:0]\n"
    ":KUBE-NODE-PORT - [0:0]\n"
    ":KUBE-LOAD-BALANCER - [0:0]\n"
    ":KUBE-MARK-MASQ - [0:0]\n"
    "-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN\n"
    "-A KUBE-SERVICES -m comment --comment \"load balancer IP:port\" -m set --match-set "
    "KUBE-LOAD-BALANCER dst,dst -j KUBE-LOAD-BALANCER\n"
    "-A KUBE-SERVICES -m comment --comment \"cluster IP:port\" -m set --match-set KUBE-CLUSTER-IP "
    "src,dst -j KUBE-MARK-MASQ\n"
    "-A KUBE-SERVICES -m comment --comment \"external IP:port\" -m set --match-set "
    "KUBE-EXTERNAL-IP dst,dst -j KUBE-MARK-MASQ\n"
    "-A KUBE-SERVICES -m comment --comment \"external IP:port\" -m set --match-set "
    "KUBE-EXTERNAL-IP dst,dst -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j "
    "ACCEPT\n"
    "-A KUBE-SERVICES -m comment --comment \"external IP:port\" -m set --match-set "
    "KUBE-EXTERNAL-IP dst,dst -m addrtype --dst-type LOCAL -j ACCEPT\n"
    "-A KUBE-SERVICES -m comment --comment \"external IP:port, traffic policy Local\" -m set "
    "--match-set KUBE-EXTERNAL-IP-LOCAL dst,dst -m physdev ! --physdev-is-in -m addrtype ! "
    "--src-type LOCAL -j ACCEPT\n"
    "-A KUBE-SERVICES -m comment --comment \"external IP:port, traffic policy Local\" -m set "
    "--match-set KUBE-EXTERNAL-IP-LOCAL dst,dst -m addrtype --dst-type LOCAL -j ACCEPT\n"
    "-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT\n"
    "-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT\n"
    "-A KUBE-SERVICES -m set --match-set KUBE-LOAD-BALANCER dst,dst -j ACCEPT\n"
    "-A KUBE-POSTROUTING -m comment --comment \"hairpin: local endpoint to itself\" -m set "
    "--match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE\n"
    "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN\n"
    "-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000\n"
    "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j "
    "MASQUERADE\n"
    "-A KUBE-NODE-PORT -p tcp -m comment --comment \"TCP node ports, traffic policy Local\" -m set "
    "--match-set KUBE-NODE-PORT-LOCAL-TCP dst -j RETURN\n"
    "-A KUBE-NODE-PORT -p tcp -m comment --comment \"TCP node ports\" -m set --match-set "
    "KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ\n"
    "-A KUBE-NODE-PORT -p udp -m comment --comment \"UDP node ports, traffic policy Local\" -m set "
    "--match-set KUBE-NODE-PORT-LOCAL-UDP dst -j RETURN\n"
    "-A KUBE-NODE-PORT -p udp -m comment --comment \"UDP node ports\" -m set --match-set "
    "KUBE-NODE-PORT-UDP dst -j KUBE-MARK-MASQ\n"
    "-A KUBE-NODE-PORT -p sctp -m comment --comment \"SCTP node IP:port, traffic policy Local\" -m "
    "set --match-set KUBE-NODE-PORT-LOCAL-SCTP-HASH dst,dst -j RETURN\n"
    "-A KUBE-NODE-PORT -p sctp -m comment --comment \"SCTP node IP:port\" -m set --match-set "
    "KUBE-NODE-PORT-SCTP-HASH dst,dst -j KUBE-MARK-MASQ\n"
    "-A KUBE-LOAD-BALANCER -m comment --comment \"load balancer IP:port, traffic policy Local\" -m "
    "set --match-set KUBE-LOAD-BALANCER-LOCAL dst,dst -j RETURN\n"
    "-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ\n"
    "-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000\n"
    "COMMIT\n"
    "*filter\n"
    ":KUBE-FORWARD - [0:0]\n"
    ":KUBE-NODE-PORT - [0:0]\n"
    ":KUBE-PROXY-FIREWALL - [0:0]\n"
    ":KUBE-SOURCE-RANGES-FIREWALL - [0:0]\n"
    ":KUBE-IPVS-FILTER - [0:0]\n"
    ":KUBE-IPVS-OUT-FILTER - [0:0]\n"
    "-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding rules\" -m mark --mark "
    "0x4000/0x4000 -j ACCEPT\n"
    "-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding conntrack rule\" -m conntrack "
    "--ctstate RELATED,ESTABLISHED -j ACCEPT\n"
    "-A KUBE-NODE-PORT -m comment --comment \"health check node ports\" -m set --match-set "
    "KUBE-HEALTH-CHECK-NODE-PORT dst -j ACCEPT\n"
    "-A KUBE-PROXY-FIREWALL -m comment --comment \"load balancer IP:port with source ranges\" -m "
    "set --match-set KUBE-LOAD-BALANCER-FW dst,dst -j KUBE-SOURCE-RANGES-FIREWALL\n"
    "-A KUBE-SOURCE-RANGES-FIREWALL -m comment --comment \"load balancer IP:port, allowed source "
    "range\" -m set --match-set KUBE-LOAD-BALANCER-SOURCE-CIDR dst,dst,src -j RETURN\n"
    "-A KUBE-SOURCE-RANGES-FIREWALL -m comment --comment \"load balancer IP:port, allowed node "
    "IP\" -m set --match-set KUBE-LOAD-BALANCER-SOURCE-IP dst,dst,src -j RETURN\n"
    "-A KUBE-SOURCE-RANGES-FIREWALL -j DROP\n"
    "-A KUBE-IPVS-FILTER -m set --match-set KUBE-LOAD-BALANCER dst,dst -j RETURN\n"
    "-A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN\n"
    "-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP dst,dst -j RETURN\n"
    "-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP-LOCAL dst,dst -j RETURN\n"
    "-A KUBE-IPVS-FILTER -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j RETURN\n"
    "-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j "
    "REJECT\n"
    "COMMIT\n";

std::string Rules(const RuleOptions& o) {
  Result<std::string> r = RenderProxyRules(o);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? *r : "";
}

bool HasLine(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

TEST(RenderProxyRules, DefaultIpv4IsExactlyUpstreamsRules) { EXPECT_EQ(Rules({}), kDefaultRules); }

TEST(RenderProxyRules, DependsOnlyOnConfiguration) {
  RuleOptions o;
  o.lb_no_node_access = {{"1.2.3.5", "udp", 53}, {"1.2.3.4", "tcp", 80}, {"1.2.3.4", "tcp", 80}};
  RuleOptions shuffled = o;
  std::swap(shuffled.lb_no_node_access[0], shuffled.lb_no_node_access[2]);
  EXPECT_EQ(Rules(o), Rules(shuffled));
  std::string text = Rules(o);
  // Sorted, without the duplicate.
  EXPECT_NE(text.find("-A KUBE-IPVS-OUT-FILTER -s 1.2.3.4 -m ipvs --vaddr 1.2.3.4 --vproto tcp "
                      "--vport 80 -j DROP\n"
                      "-A KUBE-IPVS-OUT-FILTER -s 1.2.3.5 -m ipvs --vaddr 1.2.3.5 --vproto udp "
                      "--vport 53 -j DROP\nCOMMIT\n"),
            std::string::npos)
      << text;
}

TEST(RenderProxyRules, MasqueradeAllMasqueradesEveryClusterIpConnection) {
  RuleOptions all;
  all.masquerade_all = true;
  all.local_cidrs = {"10.244.0.0/16"};
  EXPECT_TRUE(HasLine(Rules(all),
                      "-A KUBE-SERVICES -m comment --comment \"cluster IP:port\" -m set "
                      "--match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ"));
  // The detectors' variants: RenderProxyRulesDetector below.
}

// The cluster-IP masquerade rule of each detectLocalMode, in both families:
// upstream's IPVS proxier writes the detector's IfNotLocal match there and
// nowhere else.
struct DetectorCase {
  const char* name;
  std::vector<std::string> cidrs;
  std::string interface;
  const char* v4_match;
  const char* v6_match;
};

class RenderProxyRulesDetector : public ::testing::TestWithParam<DetectorCase> {};

TEST_P(RenderProxyRulesDetector, ClusterIpMasqueradeMatchesNonLocalTraffic) {
  RuleOptions o;
  o.local_cidrs = GetParam().cidrs;
  o.local_interface = GetParam().interface;
  EXPECT_TRUE(HasLine(Rules(o), std::string("-A KUBE-SERVICES -m comment --comment \"cluster "
                                            "IP:port\" -m set --match-set KUBE-CLUSTER-IP "
                                            "dst,dst ") +
                                    GetParam().v4_match + " -j KUBE-MARK-MASQ"))
      << Rules(o);
  o.ipv6 = true;
  EXPECT_TRUE(HasLine(Rules(o), std::string("-A KUBE-SERVICES -m comment --comment \"cluster "
                                            "IP:port\" -m set --match-set KUBE-6-CLUSTER-IP "
                                            "dst,dst ") +
                                    GetParam().v6_match + " -j KUBE-MARK-MASQ"))
      << Rules(o);
}

INSTANTIATE_TEST_SUITE_P(
    Modes, RenderProxyRulesDetector,
    ::testing::Values(DetectorCase{"ClusterCidr",
                                   {"10.244.0.0/16", "fd00:244::/56"},
                                   "",
                                   "! -s 10.244.0.0/16",
                                   "! -s fd00:244::/56"},
                      DetectorCase{"NodeCidr",
                                   {"fd00:244:0:3::/64", "10.244.3.0/24"},
                                   "",
                                   "! -s 10.244.3.0/24",
                                   "! -s fd00:244:0:3::/64"},
                      DetectorCase{"BridgeInterface", {}, "cbr0", "! -i cbr0", "! -i cbr0"},
                      DetectorCase{"InterfaceNamePrefix", {}, "veth+", "! -i veth+", "! -i veth+"}),
    [](const ::testing::TestParamInfo<DetectorCase>& i) { return std::string(i.param.name); });

TEST(RenderProxyRules, FamilyWithoutItsCidrHasNoDetector) {
  RuleOptions o;
  o.ipv6 = true;
  o.local_cidrs = {"10.244.3.0/24"};
  EXPECT_TRUE(HasLine(Rules(o),
                      "-A KUBE-SERVICES -m comment --comment \"cluster IP:port\" -m set "
                      "--match-set KUBE-6-CLUSTER-IP src,dst -j KUBE-MARK-MASQ"));
}

TEST(RenderProxyRules, MasqueradeAllNeedsNoDetector) {
  RuleOptions o;
  o.masquerade_all = true;
  o.local_interface = "cbr0";
  const std::string text = Rules(o);
  EXPECT_TRUE(HasLine(text,
                      "-A KUBE-SERVICES -m comment --comment \"cluster IP:port\" -m set "
                      "--match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ"));
  EXPECT_EQ(text.find("-i cbr0"), std::string::npos);
}

TEST(RenderProxyRules, Ipv6UsesItsLoopbackAndKube6Sets) {
  RuleOptions o;
  o.ipv6 = true;
  std::string text = Rules(o);
  EXPECT_TRUE(HasLine(text, "-A KUBE-SERVICES -s ::1/128 -j RETURN"));
  EXPECT_TRUE(HasLine(text,
                      "-A KUBE-SOURCE-RANGES-FIREWALL -m comment --comment \"load balancer "
                      "IP:port, allowed source range\" -m set --match-set "
                      "KUBE-6-LOAD-BALANCER-SOURCE-CID dst,dst,src -j RETURN"));
  EXPECT_EQ(text.find("--match-set KUBE-C"), std::string::npos);
  EXPECT_EQ(text.find("127.0.0.0"), std::string::npos);
}

TEST(RenderProxyRules, MarkBitAndRandomFully) {
  RuleOptions o;
  o.masquerade_bit = 31;
  o.random_fully = true;
  std::string text = Rules(o);
  EXPECT_TRUE(HasLine(text, "-A KUBE-MARK-MASQ -j MARK --or-mark 0x80000000"));
  EXPECT_TRUE(
      HasLine(text, "-A KUBE-POSTROUTING -m mark ! --mark 0x80000000/0x80000000 -j RETURN"));
  EXPECT_TRUE(HasLine(text,
                      "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service "
                      "traffic requiring SNAT\" -j MASQUERADE --random-fully"));
  o.masquerade_bit = 0;
  EXPECT_TRUE(HasLine(Rules(o), "-A KUBE-MARK-MASQ -j MARK --or-mark 0x1"));
}

TEST(RenderProxyRules, RejectsWhatCannotBeWritten) {
  RuleOptions bit;
  bit.masquerade_bit = 32;
  EXPECT_EQ(RenderProxyRules(bit).status().message(), "iptables masquerade bit 32 is not in 0..31");
  RuleOptions two;
  two.local_cidrs = {"10.244.0.0/16", "10.245.0.0/16"};
  EXPECT_EQ(RenderProxyRules(two).status().code(), Code::kInvalidConfig);
  EXPECT_EQ(RenderProxyRules(two).status().message(),
            "detect-local: one IPv4 CIDR at most, got 10.244.0.0/16 and 10.245.0.0/16");
  RuleOptions family;
  family.lb_no_node_access = {{"fd00::1", "tcp", 80}};
  EXPECT_EQ(RenderProxyRules(family).status().code(), Code::kInvalidConfig);
  RuleOptions proto;
  proto.lb_no_node_access = {{"1.2.3.4", "icmp", 0}};
  EXPECT_EQ(RenderProxyRules(proto).status().code(), Code::kInvalidConfig);
}

// A routed service CIDR makes its every address local: what no Service port
// took is refused, after upstream's rules, in the rules of its own family.
TEST(RenderProxyRules, RoutedCidrsAreRefusedAfterTheServicePorts) {
  RuleOptions o;
  o.routed_cidrs = {"10.96.0.0/12", "fd00:10:96::/108"};
  const std::string v4 = Rules(o);
  EXPECT_NE(v4.find("-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set "
                    "KUBE-IPVS-IPS dst -j REJECT\n"
                    "-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -d 10.96.0.0/12 -j REJECT\n"),
            std::string::npos)
      << v4;
  EXPECT_EQ(v4.find("fd00:10:96"), std::string::npos);
  o.ipv6 = true;
  const std::string v6 = Rules(o);
  EXPECT_TRUE(
      HasLine(v6, "-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -d fd00:10:96::/108 -j REJECT"));
  EXPECT_EQ(v6.find("10.96.0.0"), std::string::npos);
  RuleOptions bad;
  bad.routed_cidrs = {"10.96.0.0/33"};
  EXPECT_EQ(RenderProxyRules(bad).status().message(),
            "routed service CIDR \"10.96.0.0/33\" is not a CIDR");
}

TEST(RenderProxyRules, RejectsBothDetectors) {
  RuleOptions o;
  o.local_cidrs = {"10.244.0.0/16"};
  o.local_interface = "cbr0";
  EXPECT_EQ(RenderProxyRules(o).status().message(),
            "detect-local: local CIDRs and interface cbr0 are two detectors; set one");
}

TEST(RenderProxyRules, RejectsMalformedLocalCidr) {
  for (const char* bad : {"10.244.0.0", "10.244.0.0/33", "10.244.0/16", "10.244.0.0/x",
                          "10.244.0.0/", "fd00::/129"}) {
    RuleOptions o;
    o.ipv6 = std::string(bad).find(':') != std::string::npos;
    o.local_cidrs = {bad};
    Result<std::string> r = RenderProxyRules(o);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), Code::kInvalidConfig) << bad;
    EXPECT_EQ(r.status().message(), std::string("detect-local: \"") + bad + "\" is not an IPv" +
                                        (o.ipv6 ? "6" : "4") + " CIDR");
  }
}

TEST(RenderProxyRules, RejectsWhatIsNotAnInterfaceMatch) {
  for (const char* bad : {"+", "br 0", "a+b", "br/0", "br:0", "!br0", "\"br0\"", "sixteen-chars-xx",
                          "fifteen-chars-x+"}) {
    RuleOptions o;
    o.local_interface = bad;
    Result<std::string> r = RenderProxyRules(o);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), Code::kInvalidConfig) << bad;
    EXPECT_NE(r.status().message().find("is not an interface name"), std::string::npos)
        << r.status().message();
  }
  RuleOptions longest;
  longest.local_interface = "fifteen-chars-x";
  EXPECT_TRUE(RenderProxyRules(longest).ok());
  longest.local_interface = "fourteen-char+";
  EXPECT_TRUE(RenderProxyRules(longest).ok());
}

}  // namespace
}  // namespace ki::netfilter
