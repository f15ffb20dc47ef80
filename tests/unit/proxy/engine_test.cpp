// The engine end to end against the in-memory IPVS: incremental syncs issue
// exactly the operations a change needs, full syncs repair drift, and a
// restarted engine adopts what the kernel already has.
// Suite names start with "proxy" so `ctest -R 'proxy'` selects them.
#include "pkg/proxy/engine.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pkg/ipvs/testing/fake_ipvs.h"
#include "pkg/proxy/reconciler.h"
#include "tests/unit/proxy/builders.h"

namespace ki::proxy {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace): test builders
using Strings = std::vector<std::string>;

ProxyOptions Options() {
  ProxyOptions o;
  o.hostname = "node-a";
  o.node_ips = {Ip("192.168.1.10")};
  return o;
}

k8s::Service Web(const std::string& name = "web", const std::string& ip = "10.96.0.10") {
  return Svc(name, {ip}, {Port("http", 80)});
}

k8s::EndpointSlice WebSlice(std::vector<EpSpec> eps, const std::string& svc = "web") {
  return Slice(svc + "-1", svc, std::move(eps), {SlicePort("http", 8080)});
}

class proxyEngine : public ::testing::Test {
 protected:
  // One incremental sync: build, refresh the changed keys, plan, apply.
  Strings Sync() {
    const ChangeSet changed = engine_.BuildDesired();
    EXPECT_TRUE(Refresh(ipvs_, changed.keys, table_).ok());
    return ApplyPlan(engine_.PlanChanges(changed, table_));
  }
  // One full sync: observe the fake (keeping kube-ipvs0's addresses), diff all.
  Strings FullSync(Engine& engine) {
    engine.BuildDesired();
    Result<KernelTable> seen = Observe(ipvs_);
    EXPECT_TRUE(seen.ok()) << seen.status().message();
    std::vector<ipvs::IpAddress> bound;
    table_.ForEachBound([&](const ipvs::IpAddress& a) { bound.push_back(a); });
    table_ = std::move(seen).value();
    table_.SetBound(bound);
    return ApplyPlan(engine.PlanFull(table_));
  }
  Strings ApplyPlan(const Plan& plan) {
    const ApplyResult r = Apply(ipvs_, plan, table_);
    EXPECT_EQ(r.failed, 0u) << r.first_error.message();
    for (const ipvs::IpAddress& a : plan.bind) table_.MarkBound(a, true);
    for (const ipvs::IpAddress& a : plan.unbind) table_.MarkBound(a, false);
    return Text(plan);
  }

  Engine engine_{Options()};
  ipvs::testing::FakeIpvs ipvs_;
  KernelTable table_;
};

TEST_F(proxyEngine, NewServiceComesWithItsDestinationsThenItsAddress) {
  engine_.UpsertService(Web());
  engine_.UpsertSlice(WebSlice({{"10.244.1.2"}, {"10.244.2.3"}}));
  EXPECT_EQ(Sync(), (Strings{"add service TCP 10.96.0.10:80",
                             "add destination 10.244.1.2:8080 to TCP 10.96.0.10:80 weight 1",
                             "add destination 10.244.2.3:8080 to TCP 10.96.0.10:80 weight 1",
                             "bind 10.96.0.10"}));
  EXPECT_EQ(Sync(), Strings{});
}

TEST_F(proxyEngine, OneEndpointAddedIsOneOperation) {
  for (int i = 0; i < 50; ++i) {
    const std::string name = "svc" + std::to_string(i);
    engine_.UpsertService(Web(name, "10.96.1." + std::to_string(i)));
    engine_.UpsertSlice(WebSlice({{"10.244.1." + std::to_string(i)}}, name));
  }
  Sync();
  engine_.UpsertSlice(WebSlice({{"10.244.1.7"}, {"10.244.9.9"}}, "svc7"));
  const ChangeSet changed = engine_.BuildDesired();
  EXPECT_EQ(changed.keys.size(), 2u);  // the old and new state of svc7's one virtual server
  ASSERT_TRUE(Refresh(ipvs_, changed.keys, table_).ok());
  const size_t writes = ipvs_.write_calls();
  EXPECT_EQ(ApplyPlan(engine_.PlanChanges(changed, table_)),
            (Strings{"add destination 10.244.9.9:8080 to TCP 10.96.1.7:80 weight 1"}));
  // What reached the kernel interface: that one write.
  EXPECT_EQ(ipvs_.write_calls(), writes + 1);
  EXPECT_EQ(ipvs_.log().back(), "add destination 10.244.9.9:8080 to TCP 10.96.1.7:80");
}

TEST_F(proxyEngine, ReplacedEndpointsAreAddedBeforeOldOnesGo) {
  engine_.UpsertService(Web());
  engine_.UpsertSlice(WebSlice({{"10.244.1.2"}}));
  Sync();
  engine_.UpsertSlice(WebSlice({{"10.244.3.4"}}));
  EXPECT_EQ(Sync(), (Strings{"add destination 10.244.3.4:8080 to TCP 10.96.0.10:80 weight 1",
                             "delete destination 10.244.1.2:8080 of TCP 10.96.0.10:80"}));
}

TEST_F(proxyEngine, UnobservedTcpRealServerIsDrainedNotCut) {
  engine_.UpsertService(Web());
  engine_.UpsertSlice(WebSlice({{"10.244.1.2"}, {"10.244.2.3"}}));
  Sync();
  // Removed before any observation of its connections: weight 0, not delete.
  engine_.UpsertSlice(WebSlice({{"10.244.1.2"}}));
  const ChangeSet changed = engine_.BuildDesired();
  const Plan plan = engine_.PlanChanges(changed, table_);
  EXPECT_EQ(Text(plan),
            (Strings{"update destination 10.244.2.3:8080 of TCP 10.96.0.10:80 weight 0"}));
  ASSERT_EQ(plan.draining.size(), 1u);
  ApplyPlan(plan);
  // The recheck of the draining key, after fresh counts (none): delete.
  const ChangeSet recheck{plan.draining, {}};
  ASSERT_TRUE(Refresh(ipvs_, recheck.keys, table_).ok());
  EXPECT_EQ(ApplyPlan(engine_.PlanChanges(recheck, table_)),
            (Strings{"delete destination 10.244.2.3:8080 of TCP 10.96.0.10:80"}));
}

TEST_F(proxyEngine, NoOpUpdatesAreDropped) {
  engine_.UpsertService(Web());
  engine_.UpsertSlice(WebSlice({{"10.244.1.2"}}));
  Sync();
  EXPECT_FALSE(engine_.UpsertService(Web()));
  EXPECT_FALSE(engine_.UpsertSlice(WebSlice({{"10.244.1.2"}})));
  EXPECT_FALSE(engine_.HasPendingChanges());
  // A change of what the engine does not read (an endpoint's own zone, a
  // second address) is not even a change: the engine keeps only what it reads.
  k8s::EndpointSlice zoned = WebSlice({{"10.244.1.2"}});
  zoned.endpoints[0].zone = "zone-9";
  zoned.endpoints[0].addresses.push_back("10.244.1.3");
  EXPECT_FALSE(engine_.UpsertSlice(zoned));
  EXPECT_FALSE(engine_.HasPendingChanges());
  // What it reads is: the hints for zones, the node, the conditions.
  k8s::EndpointSlice hinted = zoned;
  hinted.endpoints[0].hint_zones = {"zone-9"};
  EXPECT_TRUE(engine_.UpsertSlice(hinted));
  k8s::EndpointSlice moved = hinted;
  moved.endpoints[0].node_name = "node-b";
  EXPECT_TRUE(engine_.UpsertSlice(moved));
  k8s::EndpointSlice unready = moved;
  unready.endpoints[0].conditions.ready = false;
  EXPECT_TRUE(engine_.UpsertSlice(unready));
  EXPECT_FALSE(engine_.UpsertSlice(unready));
}

TEST_F(proxyEngine, DeletedServiceLosesItsVirtualServersAndAddress) {
  k8s::Service np = Web();
  np.type = k8s::ServiceType::kNodePort;
  np.ports[0].node_port = 30080;
  engine_.UpsertService(np);
  Sync();
  engine_.DeleteService({"ns", "web"});
  EXPECT_EQ(Sync(), (Strings{"delete service TCP 10.96.0.10:80",
                             "delete service TCP 192.168.1.10:30080", "unbind 10.96.0.10"}));
}

TEST_F(proxyEngine, SchedulerChangeUpdatesInPlace) {
  engine_.UpsertService(Web());
  Sync();
  ProxyOptions o = Options();
  o.scheduler = "mh";
  engine_.SetOptions(o);
  EXPECT_EQ(Sync(), (Strings{"update service TCP 10.96.0.10:80"}));
  EXPECT_EQ(ipvs_.ListServices()->at(0).flags & ~ipvs::kFlagHashed, ipvs::kFlagSched2);
}

TEST_F(proxyEngine, SliceMovedToAnotherServiceUpdatesBoth) {
  engine_.UpsertService(Web("a", "10.96.0.1"));
  engine_.UpsertService(Web("b", "10.96.0.2"));
  engine_.UpsertSlice(Slice("s", "a", {{"10.244.1.2"}}, {SlicePort("http", 8080)}));
  Sync();
  engine_.UpsertSlice(Slice("s", "b", {{"10.244.1.2"}}, {SlicePort("http", 8080)}));
  EXPECT_EQ(Sync(), (Strings{"add destination 10.244.1.2:8080 to TCP 10.96.0.2:80 weight 1",
                             "delete destination 10.244.1.2:8080 of TCP 10.96.0.1:80"}));
}

TEST_F(proxyEngine, SharedExternalIpGoesToTheFirstServiceByName) {
  k8s::Service a = Web("a", "10.96.0.1"), b = Web("b", "10.96.0.2");
  a.external_ips = b.external_ips = {"192.0.2.1"};
  engine_.UpsertService(b);
  engine_.UpsertSlice(WebSlice({{"10.244.2.2"}}, "b"));
  engine_.UpsertService(a);
  engine_.UpsertSlice(WebSlice({{"10.244.1.1"}}, "a"));
  Sync();
  EXPECT_EQ(ipvs_.ListDestinations(ipvs::ServiceKey::Tcp(Ip("192.0.2.1"), 80))->at(0).addr,
            Ip("10.244.1.1"));
  engine_.DeleteService({"ns", "a"});
  EXPECT_EQ(Sync(), (Strings{"add destination 10.244.2.2:8080 to TCP 192.0.2.1:80 weight 1",
                             "delete destination 10.244.1.1:8080 of TCP 192.0.2.1:80",
                             "delete service TCP 10.96.0.1:80", "unbind 10.96.0.1"}));
}

TEST_F(proxyEngine, LocalNodeZoneAppliesHints) {
  engine_.UpsertService(Web());
  engine_.UpsertSlice(
      WebSlice({{"10.244.1.2", "", {}, {}, {}, {"z1"}}, {"10.244.2.3", "", {}, {}, {}, {"z2"}}}));
  Sync();
  k8s::Node other;
  other.meta.id.name = "node-b";
  other.meta.labels[k8s::kZoneLabel] = "z1";
  EXPECT_FALSE(engine_.SetNode(other));
  k8s::Node self = other;
  self.meta.id.name = "node-a";
  EXPECT_TRUE(engine_.SetNode(self));
  EXPECT_EQ(Sync(), (Strings{"delete destination 10.244.2.3:8080 of TCP 10.96.0.10:80"}));
}

TEST_F(proxyEngine, DriftIsRepairedWithMinimalOperations) {
  engine_.UpsertService(Web("a", "10.96.0.1"));
  engine_.UpsertSlice(WebSlice({{"10.244.1.1"}, {"10.244.1.2"}}, "a"));
  engine_.UpsertService(Web("b", "10.96.0.2"));
  engine_.UpsertSlice(WebSlice({{"10.244.2.1"}}, "b"));
  Sync();
  // Behind the engine's back: a destination deleted, a weight changed, a whole
  // service deleted, a stray service added, and services in excluded/fwmark space.
  const auto a = ipvs::ServiceKey::Tcp(Ip("10.96.0.1"), 80);
  ipvs::Destination d;
  d.addr = Ip("10.244.1.1");
  d.port = 8080;
  ASSERT_TRUE(ipvs_.DeleteDestination(a, d).ok());
  d.addr = Ip("10.244.1.2");
  d.weight = 5;
  ASSERT_TRUE(ipvs_.UpdateDestination(a, d).ok());
  ASSERT_TRUE(ipvs_.DeleteService(ipvs::ServiceKey::Tcp(Ip("10.96.0.2"), 80)).ok());
  ipvs::Service stray, excluded, fwmark;
  stray.key = ipvs::ServiceKey::Udp(Ip("10.96.0.99"), 53);
  excluded.key = ipvs::ServiceKey::Tcp(Ip("172.16.0.5"), 80);
  fwmark.key = ipvs::ServiceKey::Fwmark(7);
  for (const auto& s : {stray, excluded, fwmark}) ASSERT_TRUE(ipvs_.AddService(s).ok());
  ProxyOptions o = Options();
  o.ownership.exclude = {*Cidr::Parse("172.16.0.0/12")};
  Engine engine(o);
  engine.UpsertService(Web("a", "10.96.0.1"));
  engine.UpsertSlice(WebSlice({{"10.244.1.1"}, {"10.244.1.2"}}, "a"));
  engine.UpsertService(Web("b", "10.96.0.2"));
  engine.UpsertSlice(WebSlice({{"10.244.2.1"}}, "b"));
  EXPECT_EQ(FullSync(engine),
            (Strings{"add destination 10.244.1.1:8080 to TCP 10.96.0.1:80 weight 1",
                     "update destination 10.244.1.2:8080 of TCP 10.96.0.1:80 weight 1",
                     "add service TCP 10.96.0.2:80",
                     "add destination 10.244.2.1:8080 to TCP 10.96.0.2:80 weight 1",
                     "delete service UDP 10.96.0.99:53"}));
  EXPECT_EQ(FullSync(engine), Strings{});
  EXPECT_EQ(ipvs_.ListServices()->size(), 4u);  // a, b, excluded, fwmark
}

TEST_F(proxyEngine, RestartAdoptsTheKernelWithoutOperations) {
  k8s::Service lb = Web();
  lb.type = k8s::ServiceType::kLoadBalancer;
  lb.ports[0].node_port = 30080;
  lb.session_affinity = k8s::SessionAffinity::kClientIP;
  lb.lb_ingress = {{"198.51.100.7", "", ""}};
  engine_.UpsertService(lb);
  engine_.UpsertSlice(WebSlice({{"10.244.1.2"}, {"10.244.2.3"}}));
  Sync();
  const size_t writes = ipvs_.write_calls();
  Engine restarted(Options());
  restarted.UpsertService(lb);
  restarted.UpsertSlice(WebSlice({{"10.244.1.2"}, {"10.244.2.3"}}));
  EXPECT_EQ(FullSync(restarted), Strings{});
  EXPECT_EQ(ipvs_.write_calls(), writes);
}

TEST_F(proxyEngine, FailedApplyRecordsOnlyWhatTheKernelAccepted) {
  engine_.UpsertService(Web());
  ipvs_.set_unavailable(true);
  const ChangeSet changed = engine_.BuildDesired();
  const ApplyResult r = Apply(ipvs_, engine_.PlanChanges(changed, table_), table_);
  EXPECT_GT(r.failed, 0u);
  EXPECT_FALSE(r.first_error.ok());
  EXPECT_EQ(table_.size(), 0u);
  // The daemon answers a failure with a full sync, which converges.
  ipvs_.set_unavailable(false);
  EXPECT_EQ(FullSync(engine_), (Strings{"add service TCP 10.96.0.10:80", "bind 10.96.0.10"}));
}

}  // namespace
}  // namespace ki::proxy
