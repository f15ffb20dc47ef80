// A stopping proxy writes nothing more to the kernel: a sync stops between
// batches of IPVS operations (and before the addresses and netfilter steps),
// and Run told to stop before it starts changes nothing at all.
#include <gtest/gtest.h>

#include <atomic>

#include "pkg/daemon/daemon.h"
#include "pkg/daemon/sync_loop.h"
#include "pkg/ipvs/testing/fake_ipvs.h"
#include "pkg/netif/testing/fake_links.h"
#include "pkg/proxy/reconciler.h"
#include "tests/unit/proxy/builders.h"

namespace ki::daemon {
namespace {

using proxy::testing::Port;
using proxy::testing::Svc;

// More Services than one batch of IPVS operations holds.
void AddServices(proxy::Engine& engine, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    engine.UpsertService(
        Svc("s" + std::to_string(i),
            {"10.96." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1)},
            {Port("http", 80)}));
  }
}

TEST(StopTest, ASyncStopsBetweenBatchesAndWritesNothingAfter) {
  proxy::Engine engine{proxy::ProxyOptions{}};
  AddServices(engine, 3 * proxy::kApplyBatch);
  ipvs::testing::FakeIpvs ipvs;
  netif::testing::FakeLinks links;
  ASSERT_TRUE(links.EnsureDummy("kube-ipvs0").ok());
  SyncLoop loop(engine, ipvs, links, "kube-ipvs0", nullptr, nullptr);
  // The signal arrives while the first batch is written.
  loop.SetStopCheck([&ipvs] { return ipvs.write_calls() > 0; });
  Result<SyncStats> r = loop.Sync(true);
  ASSERT_FALSE(r.ok());
  // (The first sync plans and writes 512 virtual servers at a time: how many
  // there are in all is not known when it stops.)
  EXPECT_EQ(r.status().message(), "apply IPVS plan: stopped after 512 operations");
  EXPECT_EQ(ipvs.write_calls(), proxy::kApplyBatch);
  EXPECT_TRUE(links.ListBound("kube-ipvs0")->empty());  // no address step after the stop
  const size_t writes = ipvs.write_calls();
  EXPECT_FALSE(loop.Sync(false).ok());
  EXPECT_FALSE(loop.Sync(true).ok());
  EXPECT_EQ(ipvs.write_calls(), writes);
}

TEST(StopTest, WithoutAStopTheWholePlanIsWritten) {
  proxy::Engine engine{proxy::ProxyOptions{}};
  AddServices(engine, 3 * proxy::kApplyBatch);
  ipvs::testing::FakeIpvs ipvs;
  netif::testing::FakeLinks links;
  ASSERT_TRUE(links.EnsureDummy("kube-ipvs0").ok());
  SyncLoop loop(engine, ipvs, links, "kube-ipvs0", nullptr, nullptr);
  loop.SetStopCheck([] { return false; });
  Result<SyncStats> r = loop.Sync(true);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(ipvs.write_calls(), 3 * proxy::kApplyBatch);
  EXPECT_EQ(links.ListBound("kube-ipvs0")->size(), 3 * proxy::kApplyBatch);
}

// A source that must never be asked: Run stops before it.
class NoSource final : public Source {
 public:
  SourceChanges Poll(std::chrono::milliseconds) override {
    ADD_FAILURE() << "polled";
    return {};
  }
  bool Synced() const override { return false; }
  std::optional<std::chrono::system_clock::time_point> LostSince() const override {
    return std::nullopt;
  }
  std::string Describe() const override { return "none"; }
};

TEST(StopTest, RunToldToStopFirstChangesNothing) {
  ipvs::testing::FakeIpvs ipvs;
  netif::testing::FakeLinks links;
  NoSource source;
  std::atomic<bool> stop{true};
  Kernel kernel;
  kernel.ipvs = &ipvs;
  kernel.links = &links;
  EXPECT_TRUE(daemon::Run(DaemonOptions{}, kernel, source, stop).ok());
  EXPECT_EQ(ipvs.write_calls(), 0u);
  EXPECT_FALSE(links.ListBound("kube-ipvs0").ok());  // kube-ipvs0 was not even made
}

}  // namespace
}  // namespace ki::daemon
