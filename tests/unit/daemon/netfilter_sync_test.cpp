// The netfilter half of a sync over the in-memory ipset and iptables: the
// first sync creates the sets, fills them, loads the rules and hooks them in;
// a sync with nothing changed writes nothing; a change writes only its
// entries; full syncs repair sets and chains changed behind the proxy's back;
// a failed update is read back in full next time; a set of the proxy's name
// but another type is named in the error.
#include "pkg/daemon/netfilter_sync.h"

#include <gtest/gtest.h>

#include "pkg/netfilter/iptables_chains.h"
#include "pkg/netfilter/testing/fake_conntrack.h"
#include "pkg/netfilter/testing/fake_ipset.h"
#include "pkg/netfilter/testing/fake_iptables.h"
#include "pkg/proxy/service_state.h"
#include "tests/unit/proxy/builders.h"

namespace ki::daemon {
namespace {

using proxy::testing::Port;
using proxy::testing::Svc;

class NetfilterSyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    iptables_.set_set_exists(
        [this](const std::string& name) { return ipset_.sets().contains(name); });
    options_.local_cidrs = {"10.244.0.0/16"};
    Set(Svc("web", {"10.96.0.10"}, {Port("http", 80)}));
  }
  void Set(const k8s::Service& svc) {
    proxy::ProxyOptions opts;
    opts.hostname = "node-a";
    desired_.Set(svc.meta.id, proxy::BuildServiceState(svc, {}, {}, opts), changed_);
  }
  void Remove(const std::string& name) { desired_.Set({"ns", name}, {}, changed_); }
  Result<NetfilterStats> Sync(bool full) {
    Result<NetfilterStats> r = sync_.Sync(desired_, changed_, full);
    changed_ = {};
    return r;
  }
  bool Member(const std::string& set, const std::string& entry) {
    auto it = ipset_.sets().find(set);
    return it != ipset_.sets().end() && it->second.members.contains(entry);
  }

  netfilter::testing::FakeIpset ipset_;
  netfilter::testing::FakeIptables iptables_;
  netfilter::RuleOptions options_;
  proxy::DesiredState desired_;
  proxy::ChangeSet changed_;
  netfilter::testing::FakeConntrack conntrack_;
  NetfilterSync sync_{NetfilterKernel{&ipset_, &iptables_, nullptr, &conntrack_}, options_};
};

TEST_F(NetfilterSyncTest, FirstSyncCreatesFillsLoadsAndHooks) {
  Result<NetfilterStats> s = Sync(false);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(ipset_.sets().size(), 34u);  // every set of both families
  EXPECT_TRUE(Member("KUBE-CLUSTER-IP", "10.96.0.10,tcp:80"));
  EXPECT_TRUE(Member("KUBE-IPVS-IPS", "10.96.0.10"));
  EXPECT_EQ(s->ipset_restores, 1);
  EXPECT_EQ(s->iptables_restores, 1);
  EXPECT_EQ(s->jumps_inserted, 9);
  EXPECT_TRUE(iptables_.HasChain("nat", "KUBE-SERVICES"));
  EXPECT_FALSE(iptables_.Rules("filter", "KUBE-IPVS-FILTER").empty());
}

TEST_F(NetfilterSyncTest, NothingChangedRunsNothing) {
  ASSERT_TRUE(Sync(false).ok());
  const int ipset_updates = ipset_.update_calls(), iptables_restores = iptables_.restore_calls();
  Result<NetfilterStats> incremental = Sync(false);
  ASSERT_TRUE(incremental.ok());
  Result<NetfilterStats> full = Sync(true);
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(ipset_.update_calls(), ipset_updates);
  EXPECT_EQ(iptables_.restore_calls(), iptables_restores);
  EXPECT_EQ(full->jumps_inserted, 0);
}

TEST_F(NetfilterSyncTest, AChangeWritesOnlyItsEntries) {
  ASSERT_TRUE(Sync(false).ok());
  Set(Svc("api", {"10.96.0.20"}, {Port("https", 443)}));
  Result<NetfilterStats> s = Sync(false);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->ipset_restores, 1);
  EXPECT_EQ(s->iptables_restores, 0);  // rules depend on configuration only
  EXPECT_EQ(s->set_entries_changed, 2u);
  EXPECT_TRUE(ipset_.last_create().empty());
  ASSERT_EQ(ipset_.last_deltas().size(), 2u);
  const netfilter::SetDelta& cip = ipset_.last_deltas()[0];
  EXPECT_EQ(cip.set, "KUBE-CLUSTER-IP");
  EXPECT_EQ(cip.add, std::vector<std::string>{"10.96.0.20,tcp:443"});
  EXPECT_TRUE(cip.del.empty());
  EXPECT_EQ(cip.type, netfilter::SetType::kHashIpPort);
  EXPECT_FALSE(cip.ipv6);
  EXPECT_EQ(ipset_.last_deltas()[1].set, "KUBE-IPVS-IPS");
  EXPECT_EQ(ipset_.last_deltas()[1].type, netfilter::SetType::kHashIp);
  Remove("api");
  ASSERT_TRUE(Sync(false).ok());
  EXPECT_FALSE(Member("KUBE-CLUSTER-IP", "10.96.0.20,tcp:443"));
  EXPECT_TRUE(Member("KUBE-CLUSTER-IP", "10.96.0.10,tcp:80"));
}

TEST_F(NetfilterSyncTest, FullSyncRepairsDrift) {
  ASSERT_TRUE(Sync(false).ok());
  // Behind the proxy's back: a member deleted, a chain flushed, a jump removed.
  ipset_.mutable_sets()["KUBE-CLUSTER-IP"].members.erase("10.96.0.10,tcp:80");
  ASSERT_TRUE(iptables_.Restore("*nat\n:KUBE-SERVICES - [0:0]\nCOMMIT\n").ok());
  ASSERT_TRUE(iptables_
                  .Restore("*nat\n-D OUTPUT -m comment --comment \"kubernetes service portals\" -j "
                           "KUBE-SERVICES\nCOMMIT\n")
                  .ok());
  Result<NetfilterStats> incremental = Sync(false);  // trusts its record: sees nothing
  ASSERT_TRUE(incremental.ok());
  EXPECT_FALSE(Member("KUBE-CLUSTER-IP", "10.96.0.10,tcp:80"));
  Result<NetfilterStats> full = Sync(true);
  ASSERT_TRUE(full.ok()) << full.status().message();
  EXPECT_TRUE(Member("KUBE-CLUSTER-IP", "10.96.0.10,tcp:80"));
  EXPECT_EQ(full->iptables_restores, 1);
  EXPECT_EQ(full->jumps_inserted, 1);
  EXPECT_FALSE(iptables_.Rules("nat", "KUBE-SERVICES").empty());
}

TEST_F(NetfilterSyncTest, QuietFullSyncsReadNoRules) {
  ASSERT_TRUE(Sync(false).ok());  // restores and hooks: its own writes move the generation
  Result<NetfilterStats> first = Sync(true);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->iptables_reads, 1);  // reads once, finds the rules right, notes the generation
  const int saves = iptables_.save_calls();
  for (int i = 0; i < 3; ++i) {
    Result<NetfilterStats> quiet = Sync(true);
    ASSERT_TRUE(quiet.ok()) << quiet.status().message();
    EXPECT_EQ(quiet->iptables_reads, 0);
    EXPECT_EQ(quiet->iptables_restores, 0);
  }
  EXPECT_EQ(iptables_.save_calls(), saves);
}

TEST_F(NetfilterSyncTest, ARuleChangedBehindItsBackMovesTheGenerationAndIsRepaired) {
  ASSERT_TRUE(Sync(false).ok());
  ASSERT_TRUE(Sync(true).ok());
  ASSERT_TRUE(iptables_.Restore("*nat\n:KUBE-SERVICES - [0:0]\nCOMMIT\n").ok());  // flushed
  Result<NetfilterStats> full = Sync(true);
  ASSERT_TRUE(full.ok()) << full.status().message();
  EXPECT_EQ(full->iptables_reads, 2);  // found the drift, restored, read again
  EXPECT_EQ(full->iptables_restores, 1);
  EXPECT_FALSE(iptables_.Rules("nat", "KUBE-SERVICES").empty());
  Result<NetfilterStats> after = Sync(true);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->iptables_reads, 0);
}

TEST_F(NetfilterSyncTest, AnUnrelatedTransactionCostsOneRead) {
  ASSERT_TRUE(Sync(false).ok());
  ASSERT_TRUE(Sync(true).ok());
  iptables_.BumpGeneration();  // e.g. the CNI changed its own chains
  Result<NetfilterStats> full = Sync(true);
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full->iptables_reads, 1);
  EXPECT_EQ(full->iptables_restores, 0);
  Result<NetfilterStats> after = Sync(true);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->iptables_reads, 0);
}

TEST_F(NetfilterSyncTest, WithoutAGenerationEveryFullSyncReads) {
  iptables_.set_generation_error(Status::Unavailable("no nf_tables"));
  ASSERT_TRUE(Sync(false).ok());
  for (int i = 0; i < 2; ++i) {
    Result<NetfilterStats> full = Sync(true);
    ASSERT_TRUE(full.ok()) << full.status().message();
    EXPECT_EQ(full->iptables_reads, 1);
  }
}

TEST_F(NetfilterSyncTest, AFailedUpdateIsReadBackInFull) {
  ASSERT_TRUE(Sync(false).ok());
  Set(Svc("api", {"10.96.0.20"}, {Port("https", 443)}));
  ipset_.FailNextUpdate(Status::Unavailable("ipset: out of memory"));
  Result<NetfilterStats> failed = Sync(false);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("update the proxy's ipsets"), std::string::npos);
  const int lists = ipset_.list_calls();
  Result<NetfilterStats> next = Sync(false);  // the changes were consumed: only a full read helps
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(ipset_.list_calls(), lists + 1);
  EXPECT_TRUE(Member("KUBE-CLUSTER-IP", "10.96.0.20,tcp:443"));
}

TEST_F(NetfilterSyncTest, FirstSyncListsOnceAndCreatesOnlyWhatIsMissing) {
  // A set left by an earlier run (or upstream kube-proxy), with a stale entry.
  ASSERT_TRUE(ipset_
                  .Update({{"KUBE-CLUSTER-IP", netfilter::SetType::kHashIpPort, false, ""}},
                          {{"KUBE-CLUSTER-IP", {"10.96.9.9,tcp:1"}, {}}})
                  .ok());
  Result<NetfilterStats> s = Sync(false);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(ipset_.list_calls(), 1);
  EXPECT_EQ(ipset_.last_create().size(), 33u);
  EXPECT_EQ(ipset_.sets().at("KUBE-CLUSTER-IP").members,
            std::set<std::string>{"10.96.0.10,tcp:80"});
}

TEST_F(NetfilterSyncTest, ASetOfTheProxysNameButAnotherTypeIsNamed) {
  ASSERT_TRUE(
      ipset_.Update({{"KUBE-6-IPVS-IPS", netfilter::SetType::kHashIp, false, ""}}, {}).ok());
  Result<NetfilterStats> s = Sync(false);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(),
            "read the proxy's ipsets: ipset KUBE-6-IPVS-IPS is hash:ip family inet, the proxy's "
            "is hash:ip family inet6: destroy it (ipset destroy KUBE-6-IPVS-IPS, after the "
            "iptables rules that match it)");
  EXPECT_EQ(ipset_.update_calls(), 1);  // nothing written
}

// A start's rules ahead of its first sync (SyncLoop runs this beside IPVS):
// the sets are created empty, the rules restored and hooked; the sync after
// lists the sets no second time, restores nothing, and fills the sets.
TEST_F(NetfilterSyncTest, EarlyRulesLeaveTheSyncOnlyTheSetEntries) {
  ASSERT_TRUE(ipset_
                  .Update({{"KUBE-CLUSTER-IP", netfilter::SetType::kHashIpPort, false, ""}},
                          {{"KUBE-CLUSTER-IP", {"10.96.9.9,tcp:1"}, {}}})
                  .ok());
  ASSERT_TRUE(sync_.RulesPending());
  Result<NetfilterStats> early = sync_.SyncRulesEarly();
  ASSERT_TRUE(early.ok()) << early.status().message();
  EXPECT_FALSE(sync_.RulesPending());
  EXPECT_EQ(early->iptables_restores, 1);
  EXPECT_EQ(early->jumps_inserted, 9);
  EXPECT_EQ(ipset_.last_create().size(), 33u);
  EXPECT_TRUE(ipset_.sets().at("KUBE-IPVS-IPS").members.empty());
  EXPECT_FALSE(iptables_.Rules("filter", "KUBE-IPVS-FILTER").empty());

  Result<NetfilterStats> s = Sync(true);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(ipset_.list_calls(), 1);
  EXPECT_EQ(iptables_.restore_calls(), 2);  // the rules, and the jumps in the early step only
  EXPECT_EQ(s->iptables_restores, 0);
  EXPECT_EQ(ipset_.sets().at("KUBE-CLUSTER-IP").members,
            std::set<std::string>{"10.96.0.10,tcp:80"});
  EXPECT_TRUE(Member("KUBE-IPVS-IPS", "10.96.0.10"));
  ASSERT_TRUE(Sync(true).ok());  // later full syncs list the sets again
  EXPECT_EQ(ipset_.list_calls(), 2);
}

TEST_F(NetfilterSyncTest, EarlyRulesStopAtASetOfAnotherType) {
  ASSERT_TRUE(
      ipset_.Update({{"KUBE-6-IPVS-IPS", netfilter::SetType::kHashIp, false, ""}}, {}).ok());
  Result<NetfilterStats> early = sync_.SyncRulesEarly();
  ASSERT_FALSE(early.ok());
  EXPECT_NE(early.status().message().find("ipset KUBE-6-IPVS-IPS is hash:ip family inet, the "
                                          "proxy's is hash:ip family inet6"),
            std::string::npos);
  EXPECT_EQ(iptables_.restore_calls(), 0);
  EXPECT_TRUE(sync_.RulesPending());
}

TEST_F(NetfilterSyncTest, NodeBlockedLoadBalancersFollowTheirServices) {
  ASSERT_TRUE(Sync(false).ok());
  auto lb = Svc("lb", {"10.96.0.20"}, {Port("dns", 53, k8s::Protocol::kUdp)});
  lb.type = k8s::ServiceType::kLoadBalancer;
  lb.lb_ingress = {{"198.51.100.7", "", ""}};
  lb.lb_source_ranges = {"203.0.113.0/24"};  // the node is not in it
  Set(lb);
  const int restores = iptables_.restore_calls();
  ASSERT_TRUE(Sync(false).ok());
  EXPECT_EQ(iptables_.restore_calls(), restores + 1);
  EXPECT_EQ(iptables_.Rules("filter", "KUBE-IPVS-OUT-FILTER"),
            std::vector<std::string>{"-A KUBE-IPVS-OUT-FILTER -s 198.51.100.7 -m ipvs --vaddr "
                                     "198.51.100.7 --vproto udp --vport 53 -j DROP"});
  Remove("lb");
  ASSERT_TRUE(Sync(false).ok());
  EXPECT_EQ(iptables_.restore_calls(), restores + 2);
  EXPECT_TRUE(iptables_.Rules("filter", "KUBE-IPVS-OUT-FILTER").empty());
}

TEST_F(NetfilterSyncTest, StaleUdpFlowsAreDeletedAndOthersKept) {
  conntrack_.Add({"10.96.0.53", 53, "10.244.1.2"});  // to the removed backend
  conntrack_.Add({"10.96.0.53", 53, "10.244.2.2"});  // to the one that stays
  conntrack_.Add({"10.96.0.54", 53, "10.244.1.2"});  // another Service
  const auto dns = ipvs::ServiceKey::Udp(*ipvs::IpAddress::Parse("10.96.0.53"), 53);
  ipvs::Destination d;
  d.addr = *ipvs::IpAddress::Parse("10.244.1.2");
  d.port = 53;
  proxy::Plan plan;
  plan.ops = {ipvs::Op::DeleteDest(dns, d)};
  Result<int> deleted = sync_.DeleteStaleFlows(plan);
  ASSERT_TRUE(deleted.ok()) << deleted.status().message();
  EXPECT_EQ(*deleted, 1);
  EXPECT_EQ(conntrack_.entries().size(), 2u);
  EXPECT_EQ(conntrack_.calls(), 1);
  ASSERT_TRUE(sync_.DeleteStaleFlows(proxy::Plan{}).ok());
  EXPECT_EQ(conntrack_.calls(), 1);  // nothing stale: no table dump
}

}  // namespace
}  // namespace ki::daemon
