#include "pkg/netfilter/testing/fake_ipset.h"

#include <gtest/gtest.h>

#include "pkg/netfilter/ipset_script.h"
#include "pkg/netfilter/proxy_sets.h"

namespace ki::netfilter::testing {
namespace {

TEST(FakeIpset, CreatesTheProxySetsIdempotently) {
  FakeIpset ipset;
  std::string script = RenderIpsetRestore(ProxySets(false), {});
  ASSERT_TRUE(ipset.Restore(script).ok());
  ASSERT_TRUE(ipset.Restore(script).ok());
  EXPECT_EQ(ipset.sets().size(), 17u);
  EXPECT_EQ(ipset.sets().at("KUBE-NODE-PORT-TCP"), (SavedSet{"bitmap:port", "", {}}));
  EXPECT_EQ(ipset.sets().at("KUBE-CLUSTER-IP").family, "inet");
}

TEST(FakeIpset, ExistSemanticsForEntries) {
  FakeIpset ipset;
  ASSERT_TRUE(ipset.Restore(RenderIpsetRestore(ProxySets(true), {})).ok());
  std::vector<SetDelta> d = {
      {"KUBE-6-CLUSTER-IP", {"FD00::10,tcp:80", "fd00::10,6:80"}, {"fd00::9,tcp:1"}}};
  ASSERT_TRUE(ipset.Restore(RenderIpsetRestore({}, d)).ok());
  EXPECT_EQ(ipset.sets().at("KUBE-6-CLUSTER-IP").members, std::set<std::string>{"fd00::10,tcp:80"});
  d = {{"KUBE-6-CLUSTER-IP", {}, {"fd00::10,tcp:80", "fd00::10,tcp:80"}}};
  ASSERT_TRUE(ipset.Restore(RenderIpsetRestore({}, d)).ok());
  EXPECT_TRUE(ipset.sets().at("KUBE-6-CLUSTER-IP").members.empty());
}

TEST(FakeIpset, RecreatingWithAnotherTypeFails) {
  FakeIpset ipset;
  ASSERT_TRUE(ipset.Restore("create A hash:ip family inet\n").ok());
  Status s = ipset.Restore("create A hash:ip family inet\ncreate A hash:ip,port family inet\n");
  EXPECT_EQ(s.message(),
            "ipset restore: Error in line 2: Set cannot be created: set with the same name already "
            "exists");
  EXPECT_FALSE(ipset.Restore("create A hash:ip family inet6\n").ok());
}

TEST(FakeIpset, FailingLineStopsTheScriptAfterEarlierLines) {
  FakeIpset ipset;
  Status s = ipset.Restore(
      "create A hash:ip family inet\nadd A 10.0.0.1\nadd A 10.0.0.300\nadd A 10.0.0.2\n");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(ipset.sets().at("A").members, std::set<std::string>{"10.0.0.1"});
  EXPECT_FALSE(ipset.Restore("add NOPE 10.0.0.1\n").ok());
  EXPECT_FALSE(ipset.Restore("create KUBE-6-LOAD-BALANCER-SOURCE-CIDR hash:ip,port,net\n").ok());
}

TEST(FakeIpset, SaveFiltersAndDestroyRespectsReferences) {
  FakeIpset ipset;
  ASSERT_TRUE(ipset.Restore("create A hash:ip family inet\ncreate B hash:ip family inet\n").ok());
  EXPECT_EQ(ipset.Save({"B", "C"})->size(), 1u);
  EXPECT_EQ(ipset.Save({})->size(), 2u);
  ipset.set_references([](const std::string& name) { return name == "A" ? 1 : 0; });
  Status s = ipset.Destroy({"B", "A"});
  EXPECT_EQ(s.message(),
            "ipset destroy A: Set cannot be destroyed: it is in use by a kernel component");
  EXPECT_FALSE(ipset.sets().contains("B"));
  EXPECT_FALSE(ipset.Destroy({"B"}).ok());
}

TEST(FakeIpset, InjectedFailure) {
  FakeIpset ipset;
  ipset.FailNextRestore(Status::Internal("boom"));
  EXPECT_EQ(ipset.Restore("create A hash:ip family inet\n").message(), "boom");
  EXPECT_TRUE(ipset.sets().empty());
  EXPECT_TRUE(ipset.Restore("create A hash:ip family inet\n").ok());
  EXPECT_EQ(ipset.restore_calls(), 2);
}

}  // namespace
}  // namespace ki::netfilter::testing
