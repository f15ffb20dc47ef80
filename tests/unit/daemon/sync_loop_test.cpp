// A sync against the fake kernel (IPVS and kube-ipvs0): full syncs adopt what
// is there, incremental ones touch only what changed, drift is repaired by
// the next full sync, and a kernel failure surfaces for the policy to retry.
#include "pkg/daemon/sync_loop.h"

#include <gtest/gtest.h>

#include "pkg/daemon/daemon.h"
#include "pkg/ipvs/testing/fake_ipvs.h"
#include "pkg/kmod/testing/fake_module_probe.h"
#include "pkg/netfilter/iptables_rules.h"
#include "pkg/netfilter/testing/fake_iptables.h"
#include "pkg/netif/testing/fake_links.h"
#include "tests/unit/proxy/builders.h"

namespace ki::daemon {
namespace {

using proxy::testing::Ip;
using proxy::testing::Port;
using proxy::testing::Slice;
using proxy::testing::Svc;

class SyncLoopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(links_.EnsureDummy("kube-ipvs0").ok());
    engine_.UpsertService(Svc("web", {"10.96.0.10"}, {Port("http", 80)}));
    engine_.UpsertSlice(Slice("web-1", "web", {{"10.244.1.2"}, {"10.244.1.3"}},
                              {{"http", k8s::Protocol::kTcp, 8080}}));
  }

  size_t Dests(const std::string& vip, uint16_t port) {
    auto d = ipvs_.ListDestinations(ipvs::ServiceKey::Tcp(Ip(vip), port));
    return d.ok() ? d->size() : 0;
  }

  proxy::Engine engine_{proxy::ProxyOptions{}};
  ipvs::testing::FakeIpvs ipvs_;
  netif::testing::FakeLinks links_;
  server::Registry registry_;
  server::ProxyMetrics metrics_{registry_};
  SyncLoop loop_{engine_, ipvs_, links_, "kube-ipvs0", nullptr, &metrics_};
};

TEST_F(SyncLoopTest, FirstSyncProgramsTheServiceAndBindsItsAddress) {
  Result<SyncStats> s = loop_.Sync(true);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->ops, 3u);  // the virtual server and its two real servers
  EXPECT_EQ(s->bound, 1u);
  EXPECT_EQ(Dests("10.96.0.10", 80), 2u);
  EXPECT_EQ(*links_.ListBound("kube-ipvs0"), std::vector<ipvs::IpAddress>{Ip("10.96.0.10")});
  EXPECT_EQ(metrics_.ipvs_virtual_servers.Value(), 1);
  EXPECT_EQ(metrics_.ipvs_real_servers.Value(), 2);
}

TEST_F(SyncLoopTest, NothingChangedMeansNoWrites) {
  ASSERT_TRUE(loop_.Sync(true).ok());
  Result<SyncStats> again = loop_.Sync(false);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->ops, 0u);
  Result<SyncStats> verify = loop_.Sync(true);  // a restart's adoption looks the same
  ASSERT_TRUE(verify.ok());
  EXPECT_EQ(verify->ops, 0u);
  EXPECT_EQ(verify->bound, 0u);
}

TEST_F(SyncLoopTest, IncrementalSyncTouchesOnlyTheChangedService) {
  engine_.UpsertService(Svc("api", {"10.96.0.20"}, {Port("https", 443)}));
  ASSERT_TRUE(loop_.Sync(true).ok());
  engine_.UpsertSlice(Slice("web-1", "web", {{"10.244.1.2"}, {"10.244.1.3"}, {"10.244.1.4"}},
                            {{"http", k8s::Protocol::kTcp, 8080}}));
  size_t list_calls = links_.calls().list_bound;
  Result<SyncStats> s = loop_.Sync(false);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->ops, 1u);  // one real server added
  EXPECT_EQ(Dests("10.96.0.10", 80), 3u);
  EXPECT_EQ(links_.calls().list_bound, list_calls);  // no interface scan per incremental sync
}

TEST_F(SyncLoopTest, DriftIsRepairedByTheNextFullSync) {
  ASSERT_TRUE(loop_.Sync(true).ok());
  ASSERT_TRUE(ipvs_.DeleteService(ipvs::ServiceKey::Tcp(Ip("10.96.0.10"), 80)).ok());  // ipvsadm -D
  ASSERT_TRUE(links_.Unbind("kube-ipvs0", std::vector<ipvs::IpAddress>{Ip("10.96.0.10")}).ok());
  Result<SyncStats> s = loop_.Sync(true);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(Dests("10.96.0.10", 80), 2u);
  EXPECT_EQ(s->bound, 1u);
}

TEST_F(SyncLoopTest, DeletingTheServiceRemovesItsServerAndAddress) {
  ASSERT_TRUE(loop_.Sync(true).ok());
  engine_.DeleteService({"ns", "web"});
  Result<SyncStats> s = loop_.Sync(false);
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(ipvs_.GetService(ipvs::ServiceKey::Tcp(Ip("10.96.0.10"), 80)).ok());
  EXPECT_TRUE(links_.ListBound("kube-ipvs0")->empty());
}

TEST_F(SyncLoopTest, AKernelFailureIsReported) {
  links_.set_transport_error(Status::FromErrno(EPERM, "netlink"));
  Result<SyncStats> s = loop_.Sync(true);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message().rfind("list kube-ipvs0 addresses: ", 0), 0u)
      << s.status().message();
  links_.set_transport_error(Status::Ok());
  EXPECT_TRUE(loop_.Sync(true).ok());  // the retry (full, per SyncPolicy) recovers
  EXPECT_EQ(Dests("10.96.0.10", 80), 2u);
}

}  // namespace
}  // namespace ki::daemon

namespace ki::daemon {
namespace {

TEST(LoadIpvsModules, LoadsTheSetAndExplainsWhatIsMissing) {
  kmod::testing::FakeModuleProbe probe("6.1.0");
  for (const char* m : {"ip_vs", "ip_vs_rr", "ip_vs_wrr", "ip_vs_sh", "nf_conntrack", "ip_vs_mh"}) {
    probe.Set({m, kmod::ModuleState::kLoadable, "", "", {}, "", ""});
  }
  ASSERT_TRUE(LoadIpvsModules(probe, "mh").ok());
  EXPECT_EQ(probe.loads(), (std::vector<std::string>{"ip_vs", "ip_vs_rr", "ip_vs_wrr", "ip_vs_sh",
                                                     "nf_conntrack", "ip_vs_mh"}));
  probe.Set({"ip_vs_sh",
             kmod::ModuleState::kMissing,
             "",
             "",
             {},
             "",
             "CONFIG_IP_VS_SH is not set in this kernel's configuration"});
  Status st = LoadIpvsModules(probe, "");
  EXPECT_EQ(ExitCodeFor(st), 2);
  EXPECT_EQ(st.message(),
            "IPVS mode cannot start on this node; the kernel modules it needs:\n\tload module "
            "ip_vs_sh: CONFIG_IP_VS_SH is not set in this kernel's configuration\n`kubeadm-ipvs "
            "preflight` explains each step and its fix");
}

// --cleanup on a node without the ipset tool: IPVS, kube-ipvs0 and the
// iptables chains go; the sets stay (nothing can remove them), the rest is done.
TEST(Cleanup, WithoutIpsetCleansTheRest) {
  ipvs::testing::FakeIpvs ipvs;
  netif::testing::FakeLinks links;
  netfilter::testing::FakeIptables iptables;
  ASSERT_TRUE(links.EnsureDummy("kube-ipvs0").ok());
  ipvs::Service vs;
  vs.key = ipvs::ServiceKey::Tcp(Ip("10.96.0.10"), 80);
  vs.scheduler = "rr";
  ASSERT_TRUE(ipvs.AddService(vs).ok());
  iptables.set_set_exists([](const std::string&) { return true; });
  ASSERT_TRUE(iptables.Restore(*netfilter::RenderProxyRules({})).ok());
  DaemonOptions o;
  Status st = Cleanup(o, Kernel{&ipvs, &links, nullptr, &iptables});
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_TRUE(ipvs.ListServices()->empty());
  EXPECT_FALSE(iptables.HasChain("nat", "KUBE-SERVICES"));
  EXPECT_FALSE(iptables.HasChain("filter", "KUBE-IPVS-FILTER"));
}

}  // namespace
}  // namespace ki::daemon
