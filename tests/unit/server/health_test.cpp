#include "pkg/server/health.h"

#include <gtest/gtest.h>

namespace ki::server {
namespace {

using namespace std::chrono_literals;
using TimePoint = std::chrono::system_clock::time_point;

class HealthTest : public ::testing::Test {
 protected:
  TimePoint now_ = TimePoint(std::chrono::seconds(1'764'183'600));  // 2025-11-26 19:00:00 UTC
  ProxyHealth health_{60s, [this] { return now_; }};
};

TEST_F(HealthTest, HealthyWhileStartingAndWhenSynced) {
  EXPECT_TRUE(health_.IsHealthy());
  health_.QueuedUpdate(IpFamily::kIPv4);
  now_ += 59s;
  EXPECT_TRUE(health_.IsHealthy());  // nothing applied yet, but not late
  health_.Updated(IpFamily::kIPv4);
  now_ += 600s;
  EXPECT_TRUE(health_.IsHealthy());  // no pending change: idle is healthy
}

TEST_F(HealthTest, AQueuedUpdateOlderThanTheTimeoutIsUnhealthy) {
  health_.Updated(IpFamily::kIPv4);
  health_.QueuedUpdate(IpFamily::kIPv4);
  now_ += 30s;
  health_.QueuedUpdate(IpFamily::kIPv4);  // the oldest pending one counts
  now_ += 30s;
  EXPECT_FALSE(health_.IsHealthy());
  HealthResponse r = health_.Healthz();
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body,
            "{\"lastUpdated\": \"2025-11-26 19:00:00 +0000 UTC\",\"currentTime\": \"2025-11-26 "
            "19:01:00 +0000 UTC\", \"nodeEligible\": true}");
  EXPECT_EQ(health_.Livez().status, 503);
  health_.Updated(IpFamily::kIPv4);
  EXPECT_EQ(health_.Healthz().status, 200);
}

TEST_F(HealthTest, ASourceLostLongerThanTheTimeoutIsUnhealthyUntilItIsBack) {
  health_.Updated(IpFamily::kIPv4);
  health_.SetSourceLostSince(now_);
  now_ += 59s;
  EXPECT_TRUE(health_.IsHealthy());  // a short outage is tolerated
  now_ += 1s;
  health_.Updated(IpFamily::kIPv4);  // syncs go on, but over stale data
  EXPECT_FALSE(health_.IsHealthy());
  EXPECT_EQ(health_.Healthz().status, 503);
  EXPECT_EQ(health_.Livez().status, 503);
  health_.SetSourceLostSince(std::nullopt);
  EXPECT_TRUE(health_.IsHealthy());
}

TEST_F(HealthTest, FamiliesAreJudgedApart) {
  health_.Updated(IpFamily::kIPv4);
  health_.Updated(IpFamily::kIPv6);
  health_.QueuedUpdate(IpFamily::kIPv6);
  now_ += 61s;
  health_.Updated(IpFamily::kIPv4);
  EXPECT_FALSE(health_.IsHealthy());
}

TEST_F(HealthTest, HealthyAnswersCarryTheCurrentTimeAsLastUpdated) {
  now_ += std::chrono::nanoseconds(123'450'000);
  HealthResponse r = health_.Livez();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body,
            "{\"lastUpdated\": \"2025-11-26 19:00:00.12345 +0000 UTC\",\"currentTime\": "
            "\"2025-11-26 19:00:00.12345 +0000 UTC\"}");
}

TEST_F(HealthTest, IneligibleNodeFailsHealthzButNotLivez) {
  health_.SetNodeEligible(false);
  EXPECT_EQ(health_.Healthz().status, 503);
  EXPECT_NE(health_.Healthz().body.find("\"nodeEligible\": false"), std::string::npos);
  EXPECT_EQ(health_.Livez().status, 200);
}

TEST(GoTime, ZeroAndFractions) {
  EXPECT_EQ(FormatGoTime({}), "0001-01-01 00:00:00 +0000 UTC");
  EXPECT_EQ(FormatGoTime(TimePoint(std::chrono::seconds(1))), "1970-01-01 00:00:01 +0000 UTC");
}

}  // namespace
}  // namespace ki::server
