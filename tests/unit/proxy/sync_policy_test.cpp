// The bounded-frequency sync policy, driven by an injected clock (no sleeps).
// Suite names start with "proxy" so `ctest -R 'proxy'` selects them.
#include "pkg/proxy/sync_policy.h"

#include <gtest/gtest.h>

namespace ki::proxy {
namespace {

using std::chrono::seconds;
using Action = SyncPolicy::Action;

class proxySyncPolicy : public ::testing::Test {
 protected:
  SyncPolicy::TimePoint At(int s) const { return t0_ + seconds(s); }
  SyncPolicy::TimePoint t0_ = SyncPolicy::TimePoint() + seconds(1000);
  SyncPolicy policy_{seconds(1), seconds(30)};
};

TEST_F(proxySyncPolicy, FirstSyncIsFullAndImmediate) {
  EXPECT_EQ(policy_.Due(At(0)), Action::kFullSync);
  policy_.Ran(Action::kFullSync, At(0), true);
  EXPECT_EQ(policy_.Due(At(0)), Action::kNone);
  EXPECT_EQ(policy_.NextWakeup(), At(30));
}

TEST_F(proxySyncPolicy, BurstCoalescesAndRespectsMinSyncPeriod) {
  policy_.Ran(Action::kFullSync, At(0), true);
  policy_.Request(At(0));
  EXPECT_EQ(policy_.Due(At(0)), Action::kNone);  // within minSyncPeriod of the last run
  EXPECT_EQ(policy_.NextWakeup(), At(1));
  for (int i = 0; i < 100; ++i) policy_.Request(At(0));
  EXPECT_EQ(policy_.Due(At(1)), Action::kSync);
  policy_.Ran(Action::kSync, At(1), true);
  EXPECT_EQ(policy_.Due(At(2)), Action::kNone);  // the burst cost one sync
  policy_.Request(At(5));
  EXPECT_EQ(policy_.Due(At(5)), Action::kSync);  // idle long enough: at once
}

TEST_F(proxySyncPolicy, PeriodicFullVerification) {
  policy_.Ran(Action::kFullSync, At(0), true);
  EXPECT_EQ(policy_.Due(At(29)), Action::kNone);
  EXPECT_EQ(policy_.Due(At(30)), Action::kFullSync);
  policy_.Request(At(31));
  EXPECT_EQ(policy_.Due(At(31)), Action::kFullSync);  // a full sync covers the change too
  policy_.Ran(Action::kFullSync, At(31), true);
  EXPECT_EQ(policy_.Due(At(32)), Action::kNone);
  EXPECT_EQ(policy_.NextWakeup(), At(61));
}

TEST_F(proxySyncPolicy, FailureForcesFullSyncAtNextAllowedMoment) {
  policy_.Ran(Action::kFullSync, At(0), true);
  policy_.Request(At(3));
  policy_.Ran(Action::kSync, At(3), false);
  EXPECT_EQ(policy_.Due(At(3)), Action::kNone);
  EXPECT_EQ(policy_.NextWakeup(), At(4));
  EXPECT_EQ(policy_.Due(At(4)), Action::kFullSync);
  policy_.Ran(Action::kFullSync, At(4), false);  // failed again: back off 2s, then 4s
  EXPECT_EQ(policy_.Due(At(5)), Action::kNone);
  EXPECT_EQ(policy_.Due(At(6)), Action::kFullSync);
  policy_.Ran(Action::kFullSync, At(6), false);
  EXPECT_EQ(policy_.NextWakeup(), At(10));
  policy_.Ran(Action::kFullSync, At(10), true);  // success resets the back-off
  policy_.Request(At(11));
  EXPECT_EQ(policy_.Due(At(11)), Action::kSync);
}

TEST_F(proxySyncPolicy, BackOffIsCappedAtSyncPeriod) {
  SyncPolicy p(seconds(0), seconds(5));
  p.Ran(Action::kFullSync, At(0), false);
  for (int i = 0; i < 10; ++i) p.Ran(Action::kFullSync, At(100 * i), false);
  EXPECT_EQ(p.NextWakeup(), At(900 + 5));
}

TEST(proxySyncPolicyNoMinimum, SyncsEveryRequest) {
  SyncPolicy p(seconds(0), seconds(30));
  const auto t = SyncPolicy::TimePoint() + seconds(100);
  p.Ran(Action::kFullSync, t, true);
  p.Request(t);
  EXPECT_EQ(p.Due(t), Action::kSync);
}

}  // namespace
}  // namespace ki::proxy
