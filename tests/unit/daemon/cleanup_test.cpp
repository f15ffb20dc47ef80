// proxy --cleanup against the fake kernel: each part (IPVS, local routes,
// kube-ipvs0, iptables chains, ipsets) is removed whatever became of the others, so a
// node without IPVS, or whose IPVS fails, is still cleaned of the rest.
#include <gtest/gtest.h>

#include "pkg/daemon/daemon.h"
#include "pkg/ipvs/testing/fake_ipvs.h"
#include "pkg/netfilter/iptables_rules.h"
#include "pkg/netfilter/testing/fake_ipset.h"
#include "pkg/netfilter/testing/fake_iptables.h"
#include "pkg/netif/testing/fake_links.h"
#include "tests/unit/proxy/builders.h"

namespace ki::daemon {
namespace {

using proxy::testing::Ip;

class CleanupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(links_.EnsureDummy("kube-ipvs0").ok());
    ipvs::Service vs;
    vs.key = ipvs::ServiceKey::Tcp(Ip("10.96.0.10"), 80);
    vs.scheduler = "rr";
    ASSERT_TRUE(ipvs_.AddService(vs).ok());
    ASSERT_TRUE(
        ipset_.Update({{"KUBE-CLUSTER-IP", netfilter::SetType::kHashIpPort, false, ""}}, {}).ok());
    iptables_.set_set_exists([](const std::string&) { return true; });
    ASSERT_TRUE(iptables_.Restore(*netfilter::RenderProxyRules({})).ok());
  }

  void ExpectNetfilterAndLinkGone() {
    EXPECT_FALSE(links_.Exists("kube-ipvs0"));
    EXPECT_FALSE(iptables_.HasChain("nat", "KUBE-SERVICES"));
    EXPECT_FALSE(iptables_.HasChain("filter", "KUBE-IPVS-FILTER"));
    EXPECT_FALSE(ipset_.sets().contains("KUBE-CLUSTER-IP"));
  }

  ipvs::testing::FakeIpvs ipvs_;
  netif::testing::FakeLinks links_;
  netfilter::testing::FakeIptables iptables_;
  netfilter::testing::FakeIpset ipset_;
};

// A kernel without IPVS (no netlink family: the caller passes no ipvs):
// the sets, chains and link a proxy left there still go.
TEST_F(CleanupTest, WithoutIpvsCleansTheSetsChainsAndLink) {
  Status st = Cleanup(DaemonOptions{}, Kernel{nullptr, &links_, &ipset_, &iptables_});
  ASSERT_TRUE(st.ok()) << st.message();
  ExpectNetfilterAndLinkGone();
}

// IPVS there but failing: the rest is cleaned, and the error names IPVS.
TEST_F(CleanupTest, AFailingIpvsStillCleansTheRestAndSaysWhatIsLeft) {
  ipvs_.set_unavailable(true);
  Status st = Cleanup(DaemonOptions{}, Kernel{&ipvs_, &links_, &ipset_, &iptables_});
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("the rest is removed, but not:\n\tobserve IPVS"), std::string::npos)
      << st.message();
  ExpectNetfilterAndLinkGone();
}

// The proxy's local routes go (whatever the flags say now), and only those.
TEST_F(CleanupTest, RemovesTheProxysLocalRoutes) {
  ASSERT_TRUE(links_.AddLocalRoute({Ip("10.96.0.0"), 12}).ok());
  ASSERT_TRUE(links_.AddLocalRoute({Ip("fd00:10:96::"), 108}).ok());
  Status st = Cleanup(DaemonOptions{}, Kernel{&ipvs_, &links_, &ipset_, &iptables_});
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_TRUE(links_.ListLocalRoutes()->empty());
  ExpectNetfilterAndLinkGone();
}

}  // namespace
}  // namespace ki::daemon
