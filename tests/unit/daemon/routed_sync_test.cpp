// Syncs with a routed service CIDR (--service-cluster-ip-range) against the
// fake kernel: ClusterIPs inside it get no /32 but stay in KUBE-IPVS-IPS, and
// every step keeps each address served or refused. The Links wrapper below
// looks at the rest of the fake kernel at the moment of each call: a route
// is added only once KUBE-IPVS-FILTER rejects the rest of its CIDR; a
// ClusterIP is unbound only once a route covers it; a route is removed only
// once its ClusterIPs are bound again, and while the rule still stands.
#include <gtest/gtest.h>

#include <algorithm>

#include "pkg/daemon/netfilter_sync.h"
#include "pkg/daemon/sync_loop.h"
#include "pkg/ipvs/testing/fake_ipvs.h"
#include "pkg/netfilter/testing/fake_ipset.h"
#include "pkg/netfilter/testing/fake_iptables.h"
#include "pkg/netif/testing/fake_links.h"
#include "tests/unit/proxy/builders.h"

namespace ki::daemon {
namespace {

using proxy::testing::Ip;
using proxy::testing::Port;
using proxy::testing::Slice;
using proxy::testing::Svc;

constexpr char kCidr[] = "10.96.0.0/12";
constexpr char kReject[] = "-m conntrack --ctstate NEW -d 10.96.0.0/12 -j REJECT";

// FakeLinks, with what the rest of the node looked like at each route and
// address change.
class WatchedLinks final : public netif::Links {
 public:
  WatchedLinks(netif::testing::FakeLinks& links, netfilter::testing::FakeIptables& iptables)
      : links_(links), iptables_(iptables) {}

  Result<netif::LinkState> EnsureDummy(std::string_view name) override {
    return links_.EnsureDummy(name);
  }
  Status DeleteDummy(std::string_view name) override { return links_.DeleteDummy(name); }
  Result<std::vector<ipvs::IpAddress>> ListBound(std::string_view name) override {
    return links_.ListBound(name);
  }
  Result<netif::BatchResult> Bind(std::string_view name,
                                  std::span<const ipvs::IpAddress> addrs) override {
    return links_.Bind(name, addrs);
  }
  Result<netif::BatchResult> Unbind(std::string_view name,
                                    std::span<const ipvs::IpAddress> addrs) override {
    for (const ipvs::IpAddress& a : addrs) {
      if (Inside(a) && !Routed()) events.push_back("unbound " + a.ToString() + " without route");
    }
    return links_.Unbind(name, addrs);
  }
  Result<std::vector<netif::LocalAddress>> ListOtherAddresses(std::string_view except) override {
    return links_.ListOtherAddresses(except);
  }
  Result<std::vector<netif::LocalRoute>> ListLocalRoutes() override {
    ++route_lists;
    return links_.ListLocalRoutes();
  }
  Status AddLocalRoute(const netif::LocalRoute& r) override {
    events.push_back("add route, rule " + std::string(Rejecting() ? "in place" : "missing"));
    return add_error.ok() ? links_.AddLocalRoute(r) : add_error;
  }
  Status DeleteLocalRoute(const netif::LocalRoute& r) override {
    Result<std::vector<ipvs::IpAddress>> bound = links_.ListBound("kube-ipvs0");
    const bool vip_bound =
        bound.ok() && std::ranges::find(*bound, Ip("10.96.0.10")) != bound->end();
    events.push_back(std::string("delete route, ClusterIP ") + (vip_bound ? "bound" : "unbound") +
                     ", rule " + (Rejecting() ? "in place" : "missing"));
    return links_.DeleteLocalRoute(r);
  }

  std::vector<std::string> events;
  int route_lists = 0;
  Status add_error;

 private:
  static bool Inside(const ipvs::IpAddress& a) { return proxy::Cidr::Parse(kCidr)->Contains(a); }
  bool Routed() {
    Result<std::vector<netif::LocalRoute>> routes = links_.ListLocalRoutes();
    return routes.ok() && !routes->empty();
  }
  bool Rejecting() const {
    const std::vector<std::string> rules = iptables_.Rules("filter", "KUBE-IPVS-FILTER");
    return std::ranges::find(rules, "-A KUBE-IPVS-FILTER " + std::string(kReject)) != rules.end();
  }

  netif::testing::FakeLinks& links_;
  netfilter::testing::FakeIptables& iptables_;
};

class RoutedSyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    iptables_.set_set_exists(
        [this](const std::string& name) { return ipset_.sets().contains(name); });
    ASSERT_TRUE(links_.EnsureDummy("kube-ipvs0").ok());
  }

  // A proxy (re)started with or without the routed CIDR: a new engine, sync
  // loop and rules over the same kernel.
  void Start(bool routed) {
    loop_.reset();
    netfilter_.reset();
    proxy::ProxyOptions opts;
    netfilter::RuleOptions rules;
    if (routed) {
      opts.routed_cidrs = {*proxy::Cidr::Parse(kCidr)};
      rules.routed_cidrs = {kCidr};
    }
    engine_ = std::make_unique<proxy::Engine>(opts);
    engine_->UpsertService(Svc("web", {"10.96.0.10"}, {Port("http", 80)}));
    engine_->UpsertService(Svc("outside", {"192.168.50.7"}, {Port("http", 80)}));
    engine_->UpsertSlice(
        Slice("web-1", "web", {{"10.244.1.2"}}, {{"http", k8s::Protocol::kTcp, 8080}}));
    netfilter_ = std::make_unique<NetfilterSync>(
        NetfilterKernel{&ipset_, &iptables_, nullptr, nullptr}, rules);
    loop_ = std::make_unique<SyncLoop>(*engine_, ipvs_, watched_, "kube-ipvs0", nullptr, nullptr,
                                       netfilter_.get());
    watched_.events.clear();
  }

  std::vector<ipvs::IpAddress> Bound() { return *links_.ListBound("kube-ipvs0"); }
  std::vector<netif::LocalRoute> Routes() { return *links_.ListLocalRoutes(); }
  bool IpvsIp(const std::string& ip) {
    auto it = ipset_.sets().find("KUBE-IPVS-IPS");
    return it != ipset_.sets().end() && it->second.members.contains(ip);
  }

  ipvs::testing::FakeIpvs ipvs_;
  netif::testing::FakeLinks links_;
  netfilter::testing::FakeIpset ipset_;
  netfilter::testing::FakeIptables iptables_;
  WatchedLinks watched_{links_, iptables_};
  std::unique_ptr<proxy::Engine> engine_;
  std::unique_ptr<NetfilterSync> netfilter_;
  std::unique_ptr<SyncLoop> loop_;
};

const netif::LocalRoute kRoute{Ip("10.96.0.0"), 12};

TEST_F(RoutedSyncTest, AFreshNodeRoutesTheCidrAfterItsRuleAndBindsOnlyWhatIsOutside) {
  Start(true);
  Result<SyncStats> s = loop_->Sync(true);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(watched_.events, std::vector<std::string>{"add route, rule in place"});
  EXPECT_EQ(Routes(), std::vector<netif::LocalRoute>{kRoute});
  EXPECT_EQ(Bound(), std::vector<ipvs::IpAddress>{Ip("192.168.50.7")});  // no CIDR covers it
  EXPECT_TRUE(IpvsIp("10.96.0.10"));  // KUBE-IPVS-IPS lists it, routed or bound
  EXPECT_TRUE(IpvsIp("192.168.50.7"));
  EXPECT_EQ(s->routes_added, 1u);
  EXPECT_TRUE(ipvs_.GetService(ipvs::ServiceKey::Tcp(Ip("10.96.0.10"), 80)).ok());

  Result<SyncStats> again = loop_->Sync(true);  // a quiet full sync: the route is there
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->routes_added + again->routes_removed, 0u);
  EXPECT_EQ(watched_.events.size(), 1u);
}

TEST_F(RoutedSyncTest, MigratingFromBoundClusterIpsUnbindsThemOnlyUnderTheRoute) {
  Start(false);
  ASSERT_TRUE(loop_->Sync(true).ok());
  ASSERT_EQ(Bound(), (std::vector<ipvs::IpAddress>{Ip("10.96.0.10"), Ip("192.168.50.7")}));
  ASSERT_TRUE(Routes().empty());

  Start(true);  // restarted with --service-cluster-ip-range
  Result<SyncStats> s = loop_->Sync(true);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(watched_.events, std::vector<std::string>{"add route, rule in place"});
  EXPECT_EQ(Bound(), std::vector<ipvs::IpAddress>{Ip("192.168.50.7")});
  EXPECT_EQ(s->unbound, 1u);
  EXPECT_EQ(Routes(), std::vector<netif::LocalRoute>{kRoute});
}

TEST_F(RoutedSyncTest, GoingBackBindsTheClusterIpsBeforeTheRouteGoesAndTheRuleAfter) {
  Start(true);
  ASSERT_TRUE(loop_->Sync(true).ok());
  Start(false);  // restarted without the flag: its route is the proxy's, so it goes
  Result<SyncStats> s = loop_->Sync(true);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(watched_.events,
            std::vector<std::string>{"delete route, ClusterIP bound, rule in place"});
  EXPECT_TRUE(Routes().empty());
  EXPECT_EQ(Bound(), (std::vector<ipvs::IpAddress>{Ip("10.96.0.10"), Ip("192.168.50.7")}));
  const std::vector<std::string> rules = iptables_.Rules("filter", "KUBE-IPVS-FILTER");
  EXPECT_EQ(std::ranges::find(rules, "-A KUBE-IPVS-FILTER " + std::string(kReject)), rules.end());
  EXPECT_EQ(s->routes_removed, 1u);
}

TEST_F(RoutedSyncTest, ARemovedRouteIsRestoredByTheNextFullSyncOnly) {
  Start(true);
  ASSERT_TRUE(loop_->Sync(true).ok());
  ASSERT_TRUE(links_.DeleteLocalRoute(kRoute).ok());  // ip route del local 10.96.0.0/12 ...
  const int lists = watched_.route_lists;
  engine_->UpsertSlice(Slice("web-1", "web", {{"10.244.1.2"}, {"10.244.1.3"}},
                             {{"http", k8s::Protocol::kTcp, 8080}}));
  ASSERT_TRUE(loop_->Sync(false).ok());
  EXPECT_EQ(watched_.route_lists, lists);  // an incremental sync reads no routes
  EXPECT_TRUE(Routes().empty());
  Result<SyncStats> full = loop_->Sync(true);
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full->routes_added, 1u);
  EXPECT_EQ(Routes(), std::vector<netif::LocalRoute>{kRoute});
}

TEST_F(RoutedSyncTest, ARouteThatCannotBeAddedKeepsTheClusterIpsBound) {
  Start(false);
  ASSERT_TRUE(loop_->Sync(true).ok());
  Start(true);
  watched_.add_error = Status::FromErrno(EPERM, "add route");
  Result<SyncStats> s = loop_->Sync(true);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("route 10.96.0.0/12 as local"), std::string::npos)
      << s.status().message();
  EXPECT_EQ(Bound(), (std::vector<ipvs::IpAddress>{Ip("10.96.0.10"), Ip("192.168.50.7")}));
  watched_.add_error = Status::Ok();
  ASSERT_TRUE(loop_->Sync(true).ok());  // the retry migrates
  EXPECT_EQ(Bound(), std::vector<ipvs::IpAddress>{Ip("192.168.50.7")});
}

// A start restores its rules beside IPVS (SyncLoop::StartEarlyRules): once,
// and the sets are listed once; a failure there fails the sync, the retry
// recovers.
TEST_F(RoutedSyncTest, AStartRestoresItsRulesOnceAndReportsTheirFailure) {
  Start(true);
  iptables_.FailNextRestore(Status::Internal("iptables-restore: line 3 failed"));
  Result<SyncStats> failed = loop_->Sync(true);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("line 3 failed"), std::string::npos)
      << failed.status().message();
  EXPECT_TRUE(Routes().empty());  // no route without its rule
  const int lists = ipset_.list_calls(), restores = iptables_.restore_calls();
  Result<SyncStats> s = loop_->Sync(true);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(ipset_.list_calls(), lists + 1);
  EXPECT_EQ(s->netfilter.iptables_restores, 1);
  EXPECT_EQ(iptables_.restore_calls(), restores + 2);  // the rules and their jumps
  EXPECT_EQ(Routes(), std::vector<netif::LocalRoute>{kRoute});
}

TEST_F(RoutedSyncTest, ADeletedServiceInsideTheCidrLeavesNoAddress) {
  Start(true);
  ASSERT_TRUE(loop_->Sync(true).ok());
  engine_->DeleteService({"ns", "web"});
  ASSERT_TRUE(loop_->Sync(false).ok());
  EXPECT_FALSE(ipvs_.GetService(ipvs::ServiceKey::Tcp(Ip("10.96.0.10"), 80)).ok());
  EXPECT_FALSE(IpvsIp("10.96.0.10"));
  EXPECT_EQ(Routes(), std::vector<netif::LocalRoute>{kRoute});  // the CIDR stays routed
}

}  // namespace
}  // namespace ki::daemon
