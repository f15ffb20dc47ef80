// The HTTP endpoints on loopback, asked with curl as an operator would.
#include "pkg/server/http_servers.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>

#include "tests/unit/server/prometheus_text.h"

namespace ki::server {
namespace {

using namespace std::chrono_literals;

struct CurlResult {
  int status = 0;
  std::string body;
};

// -s -o body -w status: the body and the HTTP status, nothing else.
CurlResult Curl(const std::string& args) {
  std::string cmd = "curl -s --max-time 10 -w '\\n%{http_code}' " + args;
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  size_t n = 0;
  while (p != nullptr && (n = fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
  if (p != nullptr) pclose(p);
  size_t nl = out.rfind('\n');
  CurlResult r;
  r.body = nl == std::string::npos ? "" : out.substr(0, nl);
  r.status = std::atoi(out.substr(nl == std::string::npos ? 0 : nl + 1).c_str());
  return r;
}

class HttpServersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = StartHttpServers({"127.0.0.1:0", "127.0.0.1:0", "ipvs"}, health_, registry_, metrics_);
    ASSERT_TRUE(s.ok()) << s.status().message();
    servers_ = std::move(s).value();
    healthz_ = "http://127.0.0.1:" + std::to_string(servers_->healthz_port());
    metrics_url_ = "http://127.0.0.1:" + std::to_string(servers_->metrics_port());
  }

  // Read by the server's thread, moved by the test's.
  std::atomic<std::chrono::system_clock::time_point> now_{std::chrono::system_clock::now()};
  ProxyHealth health_{60s, [this] { return now_.load(); }};
  Registry registry_;
  ProxyMetrics metrics_{registry_};
  std::unique_ptr<HttpServers> servers_;
  std::string healthz_, metrics_url_;
};

TEST_F(HttpServersTest, HealthzAndLivez) {
  CurlResult ok = Curl(healthz_ + "/healthz");
  EXPECT_EQ(ok.status, 200);
  EXPECT_NE(ok.body.find("\"nodeEligible\": true"), std::string::npos) << ok.body;
  health_.Updated(IpFamily::kIPv4);
  health_.QueuedUpdate(IpFamily::kIPv4);
  now_ = now_.load() + 120s;
  EXPECT_EQ(Curl(healthz_ + "/healthz").status, 503);
  EXPECT_EQ(Curl(healthz_ + "/livez").status, 503);
  health_.Updated(IpFamily::kIPv4);
  EXPECT_EQ(Curl(healthz_ + "/livez").status, 200);
  EXPECT_EQ(metrics_.proxy_healthz_total.Value({"200"}), 1);
  EXPECT_EQ(metrics_.proxy_healthz_total.Value({"503"}), 1);
}

TEST_F(HttpServersTest, MetricsParseStrictlyAndProxyModeIsIpvs) {
  metrics_.ipvs_virtual_servers.Set(5000);
  CurlResult m = Curl(metrics_url_ + "/metrics");
  EXPECT_EQ(m.status, 200);
  testing::Exposition e;
  std::string error;
  ASSERT_TRUE(testing::ParsePrometheusText(m.body, e, error)) << error;
  bool found = false;
  for (const testing::Sample& s : e.samples) {
    found = found || (s.name == "kubeproxy_ipvs_virtual_servers" && s.value == 5000);
  }
  EXPECT_TRUE(found);
  CurlResult mode = Curl(metrics_url_ + "/proxyMode");
  EXPECT_EQ(mode.status, 200);
  EXPECT_EQ(mode.body, "ipvs");
}

TEST_F(HttpServersTest, BadRequestsGet404Or405NeverACrash) {
  EXPECT_EQ(Curl(healthz_ + "/nope").status, 404);
  EXPECT_EQ(Curl(metrics_url_ + "/metrics/../../etc/passwd").status, 404);
  EXPECT_EQ(Curl("-d '' -X POST " + healthz_ + "/healthz").status, 405);
  EXPECT_EQ(Curl("-X DELETE " + metrics_url_ + "/metrics").status, 405);
  int malformed =
      Curl("-H 'Content-Length: 99999999999' -X POST " + metrics_url_ + "/proxyMode").status;
  EXPECT_TRUE(malformed >= 400 && malformed < 500) << malformed;
  EXPECT_EQ(Curl(healthz_ + "/healthz").status, 200);  // still serving
}

TEST(HttpServers, ABusyPortIsAClearError) {
  std::chrono::system_clock::time_point now{};
  ProxyHealth health(60s, [&] { return now; });
  Registry registry;
  ProxyMetrics metrics(registry);
  auto first = StartHttpServers({"127.0.0.1:0", "", "ipvs"}, health, registry, metrics);
  ASSERT_TRUE(first.ok());
  std::string busy = "127.0.0.1:" + std::to_string((*first)->healthz_port());
  auto second = StartHttpServers({busy, "", "ipvs"}, health, registry, metrics);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().message(), "healthzBindAddress: cannot listen on " + busy +
                                           " (in use, or not an address of this node)");
}

}  // namespace
}  // namespace ki::server
