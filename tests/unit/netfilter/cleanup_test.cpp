#include "pkg/netfilter/cleanup.h"

#include <gtest/gtest.h>

#include "pkg/netfilter/iptables_rules.h"
#include "pkg/netfilter/proxy_sets.h"
#include "pkg/netfilter/testing/fake_ipset.h"
#include "pkg/netfilter/testing/fake_iptables.h"

namespace ki::netfilter {
namespace {

using testing::FakeIpset;
using testing::FakeIptables;

// A node with someone else's rules and set, then everything the proxy makes
// for both families: sets, rules, jumps.
class CleanupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (FakeIptables* ipt : {&v4_, &v6_}) {
      ipt->set_set_exists([this](const std::string& s) { return ipset_.sets().contains(s); });
      ASSERT_TRUE(ipt->Restore("*filter\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n"
                               "*nat\n-A POSTROUTING -o eth0 -j MASQUERADE\nCOMMIT\n")
                      .ok());
    }
    ipset_.set_references(
        [this](const std::string& s) { return v4_.SetReferences(s) + v6_.SetReferences(s); });
    ASSERT_TRUE(ipset_
                    .Update({{"OTHER", SetType::kHashIp, false, ""}},
                            {{"OTHER", {"10.0.0.1"}, {}, SetType::kHashIp, false}})
                    .ok());
    before_ = Snapshot();
  }

  void InstallProxy() {
    for (bool v6 : {false, true}) {
      FakeIptables& ipt = v6 ? v6_ : v4_;
      ASSERT_TRUE(ipset_.Update(ProxySets(v6), {}).ok());
      RuleOptions o;
      o.ipv6 = v6;
      ASSERT_TRUE(ipt.Restore(*RenderProxyRules(o)).ok());
      Result<int> n = EnsureJumps(ipt);
      ASSERT_TRUE(n.ok()) << n.status().message();
      EXPECT_EQ(*n, 9);
    }
  }

  std::string Snapshot() {
    std::string s;
    for (FakeIptables* ipt : {&v4_, &v6_}) s += *ipt->Save("nat") + *ipt->Save("filter");
    for (const auto& [name, set] : ipset_.sets()) s += name + "\n";
    return s;
  }

  FakeIptables v4_;
  FakeIptables v6_;
  FakeIpset ipset_;
  std::string before_;
};

TEST_F(CleanupTest, LeavesTheNodeAsBefore) {
  InstallProxy();
  ASSERT_NE(Snapshot(), before_);
  Result<CleanupReport> r = CleanupNetfilter({&v4_, &v6_}, &ipset_);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(Snapshot(), before_);
  EXPECT_EQ(r->sets.size(), 34u);
  ASSERT_EQ(r->tables.size(), 4u);
  EXPECT_EQ(r->tables[0].jumps + r->tables[1].jumps, 9);
  EXPECT_EQ(r->tables[0].chains.size() + r->tables[1].chains.size(), 11u);
}

// ipset refuses to destroy a set an iptables rule still matches: the rules
// must be gone first, which the fakes (wired together) check.
TEST_F(CleanupTest, SetsGoAfterTheRulesThatUseThem) {
  InstallProxy();
  ASSERT_FALSE(ipset_.Destroy({"KUBE-CLUSTER-IP"}).ok());
  ASSERT_TRUE(CleanupNetfilter({&v4_, &v6_}, &ipset_).ok());
  EXPECT_EQ(ipset_.sets().size(), 1u);
}

TEST_F(CleanupTest, NothingToRemoveIsFineAndRestoresNothing) {
  int v4_restores = v4_.restore_calls();
  Result<CleanupReport> r = CleanupNetfilter({&v4_, &v6_}, &ipset_);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(Snapshot(), before_);
  EXPECT_EQ(v4_.restore_calls(), v4_restores);
  EXPECT_TRUE(r->sets.empty());
}

TEST_F(CleanupTest, SecondEnsureJumpsInsertsNothing) {
  InstallProxy();
  int restores = v4_.restore_calls();
  Result<int> n = EnsureJumps(v4_);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 0);
  EXPECT_EQ(v4_.restore_calls(), restores);
}

TEST_F(CleanupTest, WithoutKernelIpsetsTheRulesGoAndTheSetsStay) {
  InstallProxy();
  Result<CleanupReport> r = CleanupNetfilter({&v4_, &v6_}, nullptr);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->sets.empty());
  EXPECT_FALSE(v4_.HasChain("nat", "KUBE-SERVICES"));
  EXPECT_FALSE(v6_.HasChain("filter", "KUBE-IPVS-FILTER"));
  EXPECT_EQ(ipset_.sets().size(), 35u);  // 34 of the proxy's and OTHER
}

TEST_F(CleanupTest, ARestoreFailureIsReportedWithContext) {
  InstallProxy();
  v6_.FailNextRestore(Status::Internal("ip6tables-restore: exit status 4"));
  Result<CleanupReport> r = CleanupNetfilter({&v4_, &v6_}, &ipset_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "remove the proxy's iptables rules: ip6tables-restore: exit status 4");
  EXPECT_EQ(ipset_.sets().size(), 35u);  // no set destroyed while rules may still use them
}

}  // namespace
}  // namespace ki::netfilter
