// Requests and pagination details against the test API server: the client
// rate limit takes one token per request, and a continue token that expires
// between pages makes the next list start afresh.
#include <gtest/gtest.h>

#include "pkg/k8s/client/rate_limiter.h"
#include "pkg/k8s/client/testing/fake_clock.h"
#include "tests/k8s_api/api_fixture.h"

namespace ki::k8s::testapi {
namespace {

// A fake clock that runs a hook on its first sleep: the moment between two
// list pages when the rate limiter makes the reflector wait.
class HookClock final : public client::Clock {
 public:
  explicit HookClock(std::function<void()> hook) : hook_(std::move(hook)) {}
  client::TimePoint Now() override { return inner_.Now(); }
  bool SleepFor(client::Duration d, const client::StopSignal& stop) override {
    if (hook_) {
      std::exchange(hook_, nullptr)();
    }
    return inner_.SleepFor(d, stop);
  }
  std::vector<client::Duration> sleeps() { return inner_.sleeps(); }

 private:
  std::function<void()> hook_;
  client::testing::FakeClock inner_;
};

TEST_F(ApiServerTest, RateLimitTakesOneTokenPerRequest) {
  AddServices(2000);
  HookClock clock(nullptr);
  client::TokenBucket limiter(/*qps=*/2, /*burst=*/1, clock);
  client::Reflector reflector(client::ServicesResource(), Http(TokenConfig()), &limiter, clock,
                              FastOptions());
  RecordingSink sink;
  client::StopSignal stop;
  ASSERT_TRUE(reflector.ListAndSync(stop, sink).ok());
  EXPECT_EQ(server_->list_requests(), 4);  // 2,000 / 500
  // What the API server compresses with (client-go offers the same); an
  // offer of everything curl decodes gets brotli from some servers, which
  // costs both sides far more CPU.
  EXPECT_EQ(server_->list_accept_encoding(), "gzip");
  // Burst 1 at 2 qps: every page after the first waited half a second (on
  // the fake clock, so the test does not).
  const auto sleeps = clock.sleeps();
  ASSERT_EQ(sleeps.size(), 3u);
  for (const auto& d : sleeps) EXPECT_EQ(d, std::chrono::milliseconds(500));
}

TEST_F(ApiServerTest, ExpiredContinueTokenRestartsTheList) {
  AddServices(1200);
  // Between page 1 and 2: a change, then compaction past the list's RV.
  HookClock clock([this] {
    server_->state().Upsert("services", ServiceObject(5000));
    server_->state().Compact();
  });
  client::TokenBucket limiter(1, 1, clock);
  client::Reflector reflector(client::ServicesResource(), Http(TokenConfig()), &limiter, clock,
                              FastOptions());
  RecordingSink sink;
  client::StopSignal stop;
  const Status first = reflector.ListAndSync(stop, sink);
  ASSERT_FALSE(first.ok());
  EXPECT_NE(first.message().find("continue token expired"), std::string::npos) << first.message();
  // The first page was reported as it came (each object as the server had
  // it: the reflector keeps no page it has read); the list is not synced.
  const std::map<std::string, std::string> partial = sink.View();
  ASSERT_EQ(partial.size(), 500u);
  EXPECT_EQ(sink.synced(), 0);
  ASSERT_TRUE(reflector.ListAndSync(stop, sink).ok());
  EXPECT_EQ(sink.View(), ServerView());
  EXPECT_EQ(sink.synced(), 1);
  // The retry reported again only what changed since: the first page's
  // objects were added once each.
  for (const auto& [key, rv] : partial) {
    EXPECT_EQ(sink.count(client::EventType::kAdded, key), 1) << key;
    EXPECT_EQ(sink.count(client::EventType::kModified, key), 0) << key;
  }
}

}  // namespace
}  // namespace ki::k8s::testapi
