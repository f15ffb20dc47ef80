#include "pkg/netfilter/testing/fake_ipset.h"

#include <gtest/gtest.h>

#include "pkg/netfilter/proxy_sets.h"

namespace ki::netfilter::testing {
namespace {

SetDelta Delta(const std::string& set, SetType type, bool ipv6, std::vector<std::string> add,
               std::vector<std::string> del = {}) {
  return {set, std::move(add), std::move(del), type, ipv6};
}

TEST(FakeIpset, CreatesTheProxySetsIdempotently) {
  FakeIpset ipset;
  ASSERT_TRUE(ipset.Update(ProxySets(false), {}).ok());
  ASSERT_TRUE(ipset.Update(ProxySets(false), {}).ok());
  EXPECT_EQ(ipset.sets().size(), 17u);
  EXPECT_EQ(ipset.sets().at("KUBE-NODE-PORT-TCP"), (SavedSet{"bitmap:port", "", {}}));
  EXPECT_EQ(ipset.sets().at("KUBE-CLUSTER-IP").family, "inet");
  EXPECT_EQ(ipset.update_calls(), 2);
}

TEST(FakeIpset, ExistSemanticsForEntriesDeletesFirst) {
  FakeIpset ipset;
  ASSERT_TRUE(ipset.Update(ProxySets(true), {}).ok());
  const SetType t = SetType::kHashIpPort;
  ASSERT_TRUE(ipset
                  .Update({}, {Delta("KUBE-6-CLUSTER-IP", t, true,
                                     {"FD00::10,tcp:80", "fd00::10,6:80"}, {"fd00::9,tcp:1"})})
                  .ok());
  EXPECT_EQ(ipset.sets().at("KUBE-6-CLUSTER-IP").members, std::set<std::string>{"fd00::10,tcp:80"});
  // The same entry deleted and added in one delta: deletions go first.
  ASSERT_TRUE(ipset
                  .Update({}, {Delta("KUBE-6-CLUSTER-IP", t, true, {"fd00::10,tcp:80"},
                                     {"fd00::10,tcp:80", "fd00::10,tcp:80"})})
                  .ok());
  EXPECT_EQ(ipset.sets().at("KUBE-6-CLUSTER-IP").members, std::set<std::string>{"fd00::10,tcp:80"});
  ASSERT_TRUE(
      ipset.Update({}, {Delta("KUBE-6-CLUSTER-IP", t, true, {}, {"fd00::10,tcp:80"})}).ok());
  EXPECT_TRUE(ipset.sets().at("KUBE-6-CLUSTER-IP").members.empty());
  EXPECT_EQ(ipset.last_deltas().back().del, std::vector<std::string>{"fd00::10,tcp:80"});
}

TEST(FakeIpset, RecreatingWithAnotherTypeOrFamilyFails) {
  FakeIpset ipset;
  ASSERT_TRUE(ipset.Update({{"A", SetType::kHashIp, false, ""}}, {}).ok());
  Status s = ipset.Update({{"A", SetType::kHashIpPort, false, ""}}, {});
  EXPECT_EQ(s.message(),
            "ipset create A hash:ip,port: Set cannot be created: set with the same name already "
            "exists");
  EXPECT_FALSE(ipset.Update({{"A", SetType::kHashIp, true, ""}}, {}).ok());
  EXPECT_EQ(ipset.sets().at("A").type, "hash:ip");
}

TEST(FakeIpset, EveryRequestIsTriedAndTheFirstFailureReturned) {
  FakeIpset ipset;
  const SetType t = SetType::kHashIp;
  Status s =
      ipset.Update({{"A", t, false, ""}, {"KUBE-6-LOAD-BALANCER-SOURCE-CIDR", t, true, ""}},
                   {Delta("NOPE", t, false, {"10.0.0.9"}), Delta("A", t, false, {"10.0.0.1"})});
  EXPECT_EQ(s.message(),
            "ipset create KUBE-6-LOAD-BALANCER-SOURCE-CIDR hash:ip: the name is longer than 31 "
            "characters");
  EXPECT_EQ(ipset.sets().at("A").members, std::set<std::string>{"10.0.0.1"});
}

TEST(FakeIpset, BadEntryTextFailsBeforeAnythingChanges) {
  FakeIpset ipset;
  const SetType t = SetType::kHashIp;
  Status s =
      ipset.Update({{"A", t, false, ""}}, {Delta("A", t, false, {"10.0.0.1", "10.0.0.300"})});
  EXPECT_EQ(s.code(), Code::kInvalidConfig);
  EXPECT_TRUE(ipset.sets().empty());
}

TEST(FakeIpset, EntriesOfAnotherTypeThanTheSetAreRefused) {
  FakeIpset ipset;
  ASSERT_TRUE(ipset.Update({{"A", SetType::kHashIp, false, ""}}, {}).ok());
  Status s = ipset.Update({}, {Delta("A", SetType::kHashIpPort, false, {"10.0.0.1,tcp:80"})});
  EXPECT_EQ(s.message(), "ipset add A: the set is hash:ip inet");
  EXPECT_TRUE(ipset.sets().at("A").members.empty());
}

TEST(FakeIpset, ListFiltersAndDestroyRespectsReferences) {
  FakeIpset ipset;
  ASSERT_TRUE(
      ipset.Update({{"A", SetType::kHashIp, false, ""}, {"B", SetType::kHashIp, false, ""}}, {})
          .ok());
  EXPECT_EQ(ipset.List({"B", "C"})->size(), 1u);
  EXPECT_EQ(ipset.List({})->size(), 2u);
  EXPECT_EQ(ipset.list_calls(), 2);
  ipset.set_references([](const std::string& name) { return name == "A" ? 1 : 0; });
  Status s = ipset.Destroy({"A", "B"});
  EXPECT_EQ(s.message(),
            "ipset destroy A: Set cannot be destroyed: it is in use by a kernel component");
  EXPECT_FALSE(ipset.sets().contains("B"));  // tried although A failed before it
  EXPECT_EQ(ipset.Destroy({"B"}).message(),
            "ipset destroy B: The set with the given name does not exist");
}

TEST(FakeIpset, InjectedFailure) {
  FakeIpset ipset;
  ipset.FailNextUpdate(Status::Internal("boom"));
  EXPECT_EQ(ipset.Update(ProxySets(false), {}).message(), "boom");
  EXPECT_TRUE(ipset.sets().empty());
  EXPECT_TRUE(ipset.Update(ProxySets(false), {}).ok());
  EXPECT_EQ(ipset.update_calls(), 2);
}

}  // namespace
}  // namespace ki::netfilter::testing
