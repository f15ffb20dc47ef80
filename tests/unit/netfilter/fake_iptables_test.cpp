#include "pkg/netfilter/testing/fake_iptables.h"

#include <gtest/gtest.h>

#include "pkg/netfilter/iptables_rules.h"
#include "pkg/netfilter/iptables_script.h"

namespace ki::netfilter::testing {
namespace {

std::string DefaultRules() { return *RenderProxyRules({}); }

TEST(FakeIptables, LoadsTheProxyRulesAndReloadsThemWithoutDuplicates) {
  FakeIptables ipt;
  ASSERT_TRUE(ipt.Restore(DefaultRules()).ok());
  size_t services = ipt.Rules("nat", "KUBE-SERVICES").size();
  EXPECT_EQ(services, 11u);
  ASSERT_TRUE(ipt.Restore(DefaultRules()).ok());
  EXPECT_EQ(ipt.Rules("nat", "KUBE-SERVICES").size(), services);
  EXPECT_TRUE(ipt.HasChain("filter", "KUBE-IPVS-OUT-FILTER"));
}

TEST(FakeIptables, NoflushLeavesOtherChainsAlone) {
  FakeIptables ipt;
  ASSERT_TRUE(ipt.Restore("*filter\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n").ok());
  ASSERT_TRUE(ipt.Restore(DefaultRules()).ok());
  EXPECT_EQ(ipt.Rules("filter", "INPUT"),
            std::vector<std::string>{"-A INPUT -p tcp --dport 22 -j ACCEPT"});
}

TEST(FakeIptables, AFailingLineDropsThatTablesChanges) {
  FakeIptables ipt;
  Status s = ipt.Restore(
      "*nat\n:KUBE-A - [0:0]\nCOMMIT\n*filter\n:KUBE-B - [0:0]\n-A KUBE-B -j NOPE\nCOMMIT\n");
  EXPECT_EQ(s.message(), "iptables-restore: line 6 failed: Couldn't load target `NOPE'");
  EXPECT_TRUE(ipt.HasChain("nat", "KUBE-A"));
  EXPECT_FALSE(ipt.HasChain("filter", "KUBE-B"));
}

TEST(FakeIptables, SetsMustExistWhenAsked) {
  FakeIptables ipt;
  ipt.set_set_exists([](const std::string&) { return false; });
  Status s = ipt.Restore(DefaultRules());
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("Set KUBE-LOAD-BALANCER doesn't exist."), std::string::npos);
}

TEST(FakeIptables, SaveIsParsableAndJumpsMatchTheirSavedForm) {
  FakeIptables ipt;
  ASSERT_TRUE(ipt.Restore(DefaultRules()).ok());
  ASSERT_TRUE(
      ipt.Restore(RenderInsertJumps(MissingJumps(ParseIptablesSave(*ipt.Save("nat"), "nat"))))
          .ok());
  SavedTable nat = ParseIptablesSave(*ipt.Save("nat"), "nat");
  EXPECT_TRUE(MissingJumps(nat).empty());
  EXPECT_EQ(nat.chains.front(), "PREROUTING");
  EXPECT_EQ(ipt.SetReferences("KUBE-CLUSTER-IP"), 3);
}

TEST(FakeIptables, DeleteRulesAndChainsLikeTheTool) {
  FakeIptables ipt;
  ASSERT_TRUE(
      ipt.Restore("*nat\n:KUBE-A - [0:0]\n-A OUTPUT -j KUBE-A\n-A KUBE-A -j RETURN\nCOMMIT\n")
          .ok());
  EXPECT_FALSE(ipt.Restore("*nat\n-X KUBE-A\nCOMMIT\n").ok());             // not empty
  EXPECT_FALSE(ipt.Restore("*nat\n-F KUBE-A\n-X KUBE-A\nCOMMIT\n").ok());  // referenced
  EXPECT_FALSE(ipt.Restore("*nat\n-D OUTPUT -j KUBE-B\nCOMMIT\n").ok());   // no such rule
  ASSERT_TRUE(ipt.Restore("*nat\n-D OUTPUT -j KUBE-A\n-F KUBE-A\n-X KUBE-A\nCOMMIT\n").ok());
  EXPECT_FALSE(ipt.HasChain("nat", "KUBE-A"));
  EXPECT_TRUE(ipt.Rules("nat", "OUTPUT").empty());
}

}  // namespace
}  // namespace ki::netfilter::testing
