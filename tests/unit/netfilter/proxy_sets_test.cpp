#include "pkg/netfilter/proxy_sets.h"

#include <gtest/gtest.h>

#include <set>

#include "pkg/netfilter/ipset_script.h"

namespace ki::netfilter {
namespace {

TEST(SetName, Ipv6PrefixAndUpstreamTruncation) {
  EXPECT_EQ(SetName(kClusterIpSet, false), "KUBE-CLUSTER-IP");
  EXPECT_EQ(SetName(kClusterIpSet, true), "KUBE-6-CLUSTER-IP");
  // 32 characters with the prefix: ipset refuses them, upstream cuts to 31.
  EXPECT_EQ(SetName(kLoadBalancerSourceCidrSet, true), "KUBE-6-LOAD-BALANCER-SOURCE-CID");
  EXPECT_EQ(SetName(kNodePortLocalSctpSet, true), "KUBE-6-NODE-PORT-LOCAL-SCTP-HAS");
  EXPECT_EQ(SetName("OTHER", true), "OTHER");
}

TEST(ProxySets, SeventeenWithUpstreamTypes) {
  std::vector<SetSpec> v4 = ProxySets(false);
  ASSERT_EQ(v4.size(), 17u);
  std::map<std::string, SetType> types;
  for (const SetSpec& s : v4) {
    types[s.name] = s.type;
    EXPECT_FALSE(s.ipv6);
    EXPECT_FALSE(s.comment.empty()) << s.name;
    EXPECT_EQ(s.comment.find('"'), std::string::npos) << s.name;
  }
  EXPECT_EQ(types.at("KUBE-LOOP-BACK"), SetType::kHashIpPortIp);
  EXPECT_EQ(types.at("KUBE-CLUSTER-IP"), SetType::kHashIpPort);
  EXPECT_EQ(types.at("KUBE-LOAD-BALANCER-SOURCE-IP"), SetType::kHashIpPortIp);
  EXPECT_EQ(types.at("KUBE-LOAD-BALANCER-SOURCE-CIDR"), SetType::kHashIpPortNet);
  EXPECT_EQ(types.at("KUBE-NODE-PORT-TCP"), SetType::kBitmapPort);
  EXPECT_EQ(types.at("KUBE-NODE-PORT-LOCAL-UDP"), SetType::kBitmapPort);
  EXPECT_EQ(types.at("KUBE-NODE-PORT-SCTP-HASH"), SetType::kHashIpPort);
  EXPECT_EQ(types.at("KUBE-NODE-PORT-LOCAL-SCTP-HASH"), SetType::kHashIpPort);
  EXPECT_EQ(types.at("KUBE-HEALTH-CHECK-NODE-PORT"), SetType::kBitmapPort);
  EXPECT_EQ(types.at("KUBE-IPVS-IPS"), SetType::kHashIp);
}

TEST(ProxySets, Ipv6SetsAreInet6AndFitIpsetNames) {
  for (const SetSpec& s : ProxySets(true)) {
    EXPECT_TRUE(s.name.starts_with("KUBE-6-")) << s.name;
    EXPECT_LE(s.name.size(), kMaxSetName) << s.name;
    EXPECT_TRUE(s.ipv6);
  }
}

TEST(AllProxySetNames, BothFamiliesDistinct) {
  std::vector<std::string> names = AllProxySetNames();
  EXPECT_EQ(names.size(), 34u);
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), 34u);
}

TEST(ProxySets, CreateScriptStartsAsUpstream) {
  std::string script = RenderIpsetRestore(ProxySets(true), {});
  EXPECT_TRUE(script.starts_with(
      "create KUBE-6-LOOP-BACK hash:ip,port,ip family inet6 hashsize 1024 maxelem 65536\n"
      "create KUBE-6-CLUSTER-IP hash:ip,port family inet6 hashsize 1024 maxelem 65536\n"))
      << script;
  EXPECT_NE(script.find("create KUBE-6-NODE-PORT-TCP bitmap:port range 0-65535\n"),
            std::string::npos);
}

}  // namespace
}  // namespace ki::netfilter
