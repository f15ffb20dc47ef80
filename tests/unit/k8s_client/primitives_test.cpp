// Pure pieces of the API client: base64, the token bucket and backoff on a
// fake clock, request paths, and error messages from API answers.
#include <gtest/gtest.h>

#include "pkg/k8s/client/api_response.h"
#include "pkg/k8s/client/backoff.h"
#include "pkg/k8s/client/base64.h"
#include "pkg/k8s/client/rate_limiter.h"
#include "pkg/k8s/client/resource.h"
#include "pkg/k8s/client/testing/fake_clock.h"

namespace ki::k8s::client {
namespace {

using std::chrono::milliseconds;

TEST(Base64, DecodesWithAndWithoutPaddingAndSkipsNewlines) {
  EXPECT_EQ(*DecodeBase64("aGVsbG8="), "hello");
  EXPECT_EQ(*DecodeBase64("aGVsbG8"), "hello");
  EXPECT_EQ(*DecodeBase64("aGVs\nbG8=\n"), "hello");
  EXPECT_EQ(*DecodeBase64(""), "");
  EXPECT_FALSE(DecodeBase64("aGV*").ok());
  EXPECT_FALSE(DecodeBase64("a").ok());
  EXPECT_FALSE(DecodeBase64("aG=x").ok());
}

TEST(TokenBucket, BurstThenQps) {
  testing::FakeClock clock;
  TokenBucket bucket(5, 10, clock);  // kube-proxy's defaults
  for (int i = 0; i < 10; ++i) EXPECT_EQ(bucket.Reserve(), Duration::zero()) << i;
  EXPECT_EQ(bucket.Reserve(), milliseconds(200));
  EXPECT_EQ(bucket.Reserve(), milliseconds(400));
  clock.Advance(milliseconds(400));
  EXPECT_EQ(bucket.Reserve(), milliseconds(200));
}

TEST(TokenBucket, AcquireSleepsOnTheClockAndRefillsUpToBurst) {
  testing::FakeClock clock;
  TokenBucket bucket(2, 1, clock);
  StopSignal stop;
  EXPECT_TRUE(bucket.Acquire(stop));
  EXPECT_TRUE(bucket.Acquire(stop));
  ASSERT_EQ(clock.sleeps().size(), 1u);
  EXPECT_EQ(clock.sleeps()[0], milliseconds(500));
  clock.Advance(std::chrono::seconds(100));  // idle time refills only up to burst
  EXPECT_EQ(bucket.Reserve(), Duration::zero());
  EXPECT_EQ(bucket.Reserve(), milliseconds(500));
}

TEST(TokenBucket, ZeroQpsIsUnlimitedAndStopIsHonoured) {
  testing::FakeClock clock;
  TokenBucket unlimited(0, 0, clock);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(unlimited.Reserve(), Duration::zero());
  TokenBucket bucket(1, 1, clock);
  StopSignal stop;
  stop.Stop();
  EXPECT_FALSE(bucket.Acquire(stop));
}

TEST(Backoff, DoublesToTheCapWithJitterAndResets) {
  double u = 0;
  Backoff b(BackoffOptions{milliseconds(100), milliseconds(1000), 2.0, 1.0}, [&u] { return u; });
  EXPECT_EQ(b.Next(), milliseconds(100));
  EXPECT_EQ(b.Next(), milliseconds(200));
  u = 0.5;
  EXPECT_EQ(b.Next(), milliseconds(600));  // 400 * 1.5
  EXPECT_EQ(b.Next(), milliseconds(1200));
  u = 0;
  EXPECT_EQ(b.Next(), milliseconds(1000));  // capped
  b.Reset();
  EXPECT_EQ(b.Next(), milliseconds(100));
}

TEST(Resource, PathsCarryPaginationWatchAndSelectors) {
  EXPECT_EQ(ListPath(ServicesResource(), 500, ""), "/api/v1/services?limit=500");
  EXPECT_EQ(ListPath(ServicesResource(), 0, ""), "/api/v1/services");
  EXPECT_EQ(ListPath(ServicesResource(), 2, "a+b/="),
            "/api/v1/services?limit=2&continue=a%2Bb%2F%3D");
  EXPECT_EQ(ListPath(EndpointSlicesResource("web"), 500, ""),
            "/apis/discovery.k8s.io/v1/endpointslices?limit=500"
            "&labelSelector=kubernetes.io%2Fservice-name%3Dweb");
  EXPECT_EQ(WatchPath(NodeResource("node-1"), "42", 300),
            "/api/v1/nodes?watch=true&allowWatchBookmarks=true&timeoutSeconds=300"
            "&resourceVersion=42&fieldSelector=metadata.name%3Dnode-1");
}

TEST(ApiResponse, ListPageAndErrors) {
  auto page = ParseListPage(
      R"({"kind":"ServiceList","metadata":{"resourceVersion":"7","continue":"c1"},"items":[{}]})");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->resource_version, "7");
  EXPECT_EQ(page->continue_token, "c1");
  EXPECT_EQ(page->items.size(), 1u);
  EXPECT_TRUE(ParseListPage(R"({"metadata":{},"items":null})")->items.empty());
  EXPECT_FALSE(ParseListPage(R"({"kind":"ServiceList","items":[{"a":)").ok());

  HttpResponse r;
  r.status = 403;
  r.error_body =
      R"({"kind":"Status","message":"services is forbidden","reason":"Forbidden","code":403})";
  const Status st = ErrorFromResponse("list services", r, "client certificate");
  EXPECT_EQ(st.code(), Code::kPermissionDenied);
  EXPECT_NE(st.message().find("list services: 403 Forbidden: services is forbidden (tried client "
                              "certificate)"),
            std::string::npos)
      << st.message();
  r.status = 503;
  r.error_body = "not json";
  EXPECT_EQ(ErrorFromResponse("x", r, "").code(), Code::kUnavailable);
  EXPECT_EQ(ParseApiStatus(nlohmann::json::parse(R"({"code":410,"reason":"Expired"})")).code, 410);
}

}  // namespace
}  // namespace ki::k8s::client
