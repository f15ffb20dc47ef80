#include "pkg/server/metrics.h"

#include <gtest/gtest.h>

#include "pkg/server/proxy_metrics.h"
#include "tests/unit/server/prometheus_text.h"

namespace ki::server {
namespace {

TEST(Metrics, CounterGaugeHistogramInTextFormat) {
  Registry r;
  Counter& c = r.Add<Counter>("x_total", "things", std::vector<std::string>{"code"});
  Gauge& g = r.Add<Gauge>("x_level", "level", std::vector<std::string>{});
  Histogram& h = r.Add<Histogram>("x_seconds", "latency", std::vector<double>{0.1, 1});
  c.Inc(1, {"200"});
  c.Inc(2, {"503"});
  g.Set(0.25);
  h.Observe(0.05);
  h.Observe(0.5);
  h.Observe(7);
  EXPECT_EQ(r.Render(),
            "# HELP x_total things\n# TYPE x_total counter\nx_total{code=\"200\"} 1\n"
            "x_total{code=\"503\"} 2\n"
            "# HELP x_level level\n# TYPE x_level gauge\nx_level 0.25\n"
            "# HELP x_seconds latency\n# TYPE x_seconds histogram\n"
            "x_seconds_bucket{le=\"0.1\"} 1\nx_seconds_bucket{le=\"1\"} 2\n"
            "x_seconds_bucket{le=\"+Inf\"} 3\nx_seconds_sum 7.55\nx_seconds_count 3\n");
}

TEST(Metrics, LabelValuesAreEscaped) {
  Registry r;
  r.Add<Counter>("e_total", "e", std::vector<std::string>{"v"}).Inc(1, {"a\"b\\c\nd"});
  EXPECT_NE(r.Render().find("e_total{v=\"a\\\"b\\\\c\\nd\"} 1\n"), std::string::npos);
}

TEST(Metrics, TheProxySetParsesStrictlyWithUpstreamNames) {
  Registry r;
  ProxyMetrics m(r);
  m.sync_proxy_rules_duration_seconds.Observe(0.012);
  m.sync_proxy_rules_no_local_endpoints_total.Inc(1, {"External", "IPv4"});
  m.ipvs_netlink_operations_total.Inc(55000, {"add_destination"});
  testing::Exposition e;
  std::string error;
  ASSERT_TRUE(testing::ParsePrometheusText(r.Render(), e, error)) << error << "\n" << r.Render();
  for (const char* name :
       {"kubeproxy_sync_proxy_rules_duration_seconds",
        "kubeproxy_sync_proxy_rules_last_timestamp_seconds",
        "kubeproxy_network_programming_duration_seconds",
        "kubeproxy_sync_proxy_rules_endpoint_changes_total",
        "kubeproxy_sync_proxy_rules_service_changes_total",
        "kubeproxy_sync_proxy_rules_no_local_endpoints_total", "kubeproxy_ipvs_virtual_servers",
        "kubeproxy_ipvs_real_servers", "kubeproxy_ipvs_netlink_operations_total",
        "kubeproxy_ipvs_netlink_errors_total", "kubeproxy_ipvs_drift_repaired_total",
        "kubeproxy_ipvs_graceful_termination_queue_length"}) {
    EXPECT_EQ(e.types.count(name), 1u) << name;
  }
}

TEST(PrometheusParser, RejectsWhatPrometheusWould) {
  testing::Exposition e;
  std::string error;
  EXPECT_FALSE(testing::ParsePrometheusText("# TYPE a counter\na{x=1} 1\n", e, error));
  EXPECT_FALSE(testing::ParsePrometheusText("# TYPE a counter\nb 1\n", e = {}, error));
  EXPECT_FALSE(testing::ParsePrometheusText("# TYPE a counter\na one\n", e = {}, error));
  EXPECT_FALSE(testing::ParsePrometheusText(
      "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n", e = {},
      error));
  EXPECT_FALSE(testing::ParsePrometheusText("# TYPE a counter\na 1", e = {}, error));
}

TEST(Metrics, SampleValues) {
  EXPECT_EQ(FormatSampleValue(3), "3");
  EXPECT_EQ(FormatSampleValue(0.001), "0.001");
  EXPECT_EQ(FormatSampleValue(1e20), "1e+20");
}

}  // namespace
}  // namespace ki::server
