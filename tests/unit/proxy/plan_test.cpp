// The diff's ordering and ownership rules, and change tracking's bookkeeping.
// Suite names start with "proxy" so `ctest -R 'proxy'` selects them.
#include "pkg/proxy/plan.h"

#include <gtest/gtest.h>

#include <span>
#include <string>
#include <vector>

#include "pkg/proxy/change_tracker.h"
#include "tests/unit/proxy/builders.h"

namespace ki::proxy {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace): test builders
using Strings = std::vector<std::string>;

VirtualServer Vs(const std::string& ip, uint16_t port, const std::vector<std::string>& reals) {
  VirtualServer vs;
  vs.service.key = ipvs::ServiceKey::Tcp(Ip(ip), port);
  vs.service.scheduler = "rr";
  for (const std::string& r : reals) vs.reals.push_back({Ip(r), 8080, 1});
  return vs;
}

void Put(KernelTable& t, const VirtualServer& vs) {
  std::vector<ipvs::Destination> dests;
  for (const RealServer& rs : vs.reals) dests.push_back(rs.ToDestination());
  t.Put(vs.service, dests);
}

TEST(proxyPlanOrder, AddsBeforeRemovalsAndServiceDeletesLast) {
  DesiredState want;
  ChangeSet changed;
  ServiceState st;
  st.servers = {Vs("10.96.0.1", 80, {"10.1.0.3", "10.1.0.4"}), Vs("10.96.0.2", 80, {"10.1.0.9"})};
  st.bind_addrs = {Ip("10.96.0.1"), Ip("10.96.0.2")};
  want.Set({"ns", "a"}, st, changed);
  KernelTable have;
  Put(have, Vs("10.96.0.1", 80, {"10.1.0.1", "10.1.0.2"}));
  Put(have, Vs("10.96.0.3", 80, {"10.1.0.1"}));
  have.MarkBound(Ip("10.96.0.1"), true);
  have.MarkBound(Ip("10.96.0.3"), true);
  EXPECT_EQ(Text(PlanFull(want, have, Ownership::Everything())),
            (Strings{"add destination 10.1.0.3:8080 to TCP 10.96.0.1:80 weight 1",
                     "add destination 10.1.0.4:8080 to TCP 10.96.0.1:80 weight 1",
                     "add service TCP 10.96.0.2:80",
                     "add destination 10.1.0.9:8080 to TCP 10.96.0.2:80 weight 1",
                     "delete destination 10.1.0.1:8080 of TCP 10.96.0.1:80",
                     "delete destination 10.1.0.2:8080 of TCP 10.96.0.1:80",
                     "delete service TCP 10.96.0.3:80", "bind 10.96.0.2", "unbind 10.96.0.3"}));
}

// The table of AddsBeforeRemovalsAndServiceDeletesLast, larger: runs of
// creations on some servers, drains and deletes on others, a server to delete.
void MixedTables(DesiredState& want, KernelTable& have) {
  ChangeSet changed;
  ServiceState st;
  for (int i = 1; i <= 9; ++i) {
    const std::string vip = "10.96.0." + std::to_string(i);
    st.servers.push_back(Vs(vip, 80, {"10.1.0.3", "10.1.0.4"}));
    st.bind_addrs.push_back(Ip(vip));
    if (i % 3 == 0) Put(have, Vs(vip, 80, {"10.1.0.1", "10.1.0.3"}));  // one to add, one to delete
  }
  want.Set({"ns", "a"}, st, changed);
  Put(have, Vs("10.96.1.1", 80, {"10.1.0.1"}));  // wanted by nobody
  have.MarkBound(Ip("10.96.0.3"), true);
  have.MarkBound(Ip("10.96.1.1"), true);
}

TEST(proxyPlanStreamed, RunsThenRestIsPlanFullsPlan) {
  DesiredState want;
  KernelTable have;
  MixedTables(want, have);
  const Strings whole = Text(PlanFull(want, have, Ownership::Everything()));
  for (size_t run : {1u, 2u, 4u, 1000u}) {
    Strings streamed;
    std::vector<size_t> runs;
    const Plan rest = PlanFullStreamed(want, have, Ownership::Everything(), run,
                                       [&](std::span<const ipvs::Op> ops) {
                                         for (const ipvs::Op& op : ops)
                                           streamed.push_back(Text(op));
                                         runs.push_back(ops.size());
                                         return true;
                                       });
    for (const std::string& line : Text(rest)) streamed.push_back(line);
    EXPECT_EQ(streamed, whole) << "operations per run: " << run;
    // A run ends with the server that reached the size: at most one
    // server's operations (3: a server and its two real servers) past it.
    for (size_t n : runs) EXPECT_LT(n, run + 3) << "operations per run: " << run;
    if (run == 1000) {
      EXPECT_EQ(runs.size(), 1u);  // the last server ends the only run
    }
  }
}

TEST(proxyPlanStreamed, AStoppedStreamPlansNothingMore) {
  DesiredState want;
  KernelTable have;
  MixedTables(want, have);
  int calls = 0;
  const Plan rest = PlanFullStreamed(want, have, Ownership::Everything(), 2,
                                     [&](std::span<const ipvs::Op>) { return ++calls < 2; });
  EXPECT_EQ(calls, 2);
  EXPECT_TRUE(rest.empty());
  EXPECT_TRUE(rest.draining.empty());
}

TEST(proxyPlanOwnership, OnlyOwnedRangesAreCleanedUp) {
  DesiredState want;
  KernelTable have;
  Put(have, Vs("10.96.0.5", 80, {}));
  Put(have, Vs("10.97.0.5", 80, {}));
  Put(have, Vs("10.96.200.5", 80, {}));
  Ownership own;
  own.owned = {*Cidr::Parse("10.96.0.0/16")};
  own.exclude = {*Cidr::Parse("10.96.200.0/24")};
  EXPECT_EQ(Text(PlanFull(want, have, own)), (Strings{"delete service TCP 10.96.0.5:80"}));
}

TEST(proxyPlanIncremental, PlansOnlyTheChangedKeys) {
  DesiredState want;
  KernelTable have;
  Put(have, Vs("10.96.0.5", 80, {}));  // stray, but not in the change set
  ChangeSet changed;
  ServiceState st;
  st.servers = {Vs("10.96.0.1", 80, {})};
  want.Set({"ns", "a"}, st, changed);
  EXPECT_EQ(Text(PlanChanges(want, have, changed, Ownership::Everything())),
            (Strings{"add service TCP 10.96.0.1:80"}));
}

TEST(proxyCidr, ParseAndContains) {
  EXPECT_TRUE(Cidr::Parse("10.0.0.0/8")->Contains(Ip("10.255.1.1")));
  EXPECT_FALSE(Cidr::Parse("10.0.0.0/8")->Contains(Ip("11.0.0.1")));
  EXPECT_TRUE(Cidr::Parse("10.96.0.0/12")->Contains(Ip("10.111.255.255")));
  EXPECT_FALSE(Cidr::Parse("10.96.0.0/12")->Contains(Ip("10.112.0.0")));
  EXPECT_TRUE(Cidr::Parse("fd00::/8")->Contains(Ip("fd12::1")));
  EXPECT_FALSE(Cidr::Parse("fd00::/8")->Contains(Ip("10.0.0.1")));
  EXPECT_TRUE(Cidr::Parse("192.0.2.1")->Contains(Ip("192.0.2.1")));
  EXPECT_FALSE(Cidr::Parse("10.0.0.0/33").ok());
  EXPECT_FALSE(Cidr::Parse("nope/8").ok());
}

std::vector<k8s::ObjectName> Drain(ChangeTracker& t) {
  std::vector<k8s::ObjectName> out;
  t.DrainDirty([&](const k8s::ObjectName& n, const k8s::Service*, auto) { out.push_back(n); });
  return out;
}

TEST(proxyChangeTracker, DirtyBookkeeping) {
  ChangeTracker t;
  EXPECT_TRUE(t.UpsertSlice(Slice("s1", "web", {{"10.1.0.1"}}, {})));  // before its Service
  EXPECT_EQ(Drain(t), (std::vector<k8s::ObjectName>{{"ns", "web"}}));
  EXPECT_TRUE(t.UpsertService(Svc("web", {"10.96.0.1"}, {Port("http", 80)})));
  EXPECT_TRUE(t.UpsertService(Svc("web", {"10.96.0.2"}, {Port("http", 80)})));
  EXPECT_EQ(t.SlicesOf({"ns", "web"}).size(), 1u);
  EXPECT_FALSE(t.UpsertService(Svc("web", {"10.96.0.2"}, {Port("http", 80)})));
  EXPECT_EQ(Drain(t).size(), 1u);  // two changes, one dirty entry
  EXPECT_EQ(t.service_count(), 1u);
  EXPECT_TRUE(t.DeleteSlice({"ns", "s1"}));
  EXPECT_FALSE(t.DeleteSlice({"ns", "s1"}));
  EXPECT_TRUE(t.SlicesOf({"ns", "web"}).empty());
  EXPECT_EQ(Drain(t).size(), 1u);
  EXPECT_FALSE(t.HasDirty());
  t.MarkAllDirty();
  EXPECT_EQ(Drain(t).size(), 1u);
  EXPECT_TRUE(t.DeleteService({"ns", "web"}));
  EXPECT_EQ(t.FindService({"ns", "web"}), nullptr);
  EXPECT_EQ(Drain(t).size(), 1u);
  EXPECT_EQ(t.service_count(), 0u);
}

}  // namespace
}  // namespace ki::proxy
