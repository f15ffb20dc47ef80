// The netfilter half of a sync over the in-memory ipset and iptables: the
// first sync creates the sets, fills them, loads the rules and hooks them in;
// a sync with nothing changed runs no process; a change writes only its
// entries; full syncs repair sets and chains changed behind the proxy's back;
// a failed restore is read back in full next time.
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
  const int ipset_restores = ipset_.restore_calls(), iptables_restores = iptables_.restore_calls();
  Result<NetfilterStats> incremental = Sync(false);
  ASSERT_TRUE(incremental.ok());
  Result<NetfilterStats> full = Sync(true);
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(ipset_.restore_calls(), ipset_restores);
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
  EXPECT_EQ(ipset_.scripts().back(),
            "add KUBE-CLUSTER-IP 10.96.0.20,tcp:443\nadd KUBE-IPVS-IPS 10.96.0.20\n");
  Remove("api");
  ASSERT_TRUE(Sync(false).ok());
  EXPECT_FALSE(Member("KUBE-CLUSTER-IP", "10.96.0.20,tcp:443"));
  EXPECT_TRUE(Member("KUBE-CLUSTER-IP", "10.96.0.10,tcp:80"));
}

TEST_F(NetfilterSyncTest, FullSyncRepairsDrift) {
  ASSERT_TRUE(Sync(false).ok());
  // Behind the proxy's back: a member deleted, a chain flushed, a jump removed.
  ASSERT_TRUE(ipset_.Restore("del KUBE-CLUSTER-IP 10.96.0.10,tcp:80\n").ok());
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

TEST_F(NetfilterSyncTest, AFailedRestoreIsReadBackInFull) {
  ASSERT_TRUE(Sync(false).ok());
  Set(Svc("api", {"10.96.0.20"}, {Port("https", 443)}));
  ipset_.FailNextRestore(Status::Unavailable("ipset: out of memory"));
  Result<NetfilterStats> failed = Sync(false);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("update the proxy's ipsets"), std::string::npos);
  const int saves = ipset_.save_calls();
  Result<NetfilterStats> next = Sync(false);  // the changes were consumed: only a full read helps
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(ipset_.save_calls(), saves + 1);
  EXPECT_TRUE(Member("KUBE-CLUSTER-IP", "10.96.0.20,tcp:443"));
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
