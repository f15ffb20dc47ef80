// JSON decode rate of the API client on a synthetic 50,000-Service list (the
// size issue 7 asks to be fast for), in MB/s: nlohmann-json's DOM parse
// alone, the reflector's whole list path (parse + key + store), the same
// objects as a watch stream, and the proxy's whole initial-sync path (list
// path + each object decoded into a k8s::Service, as the API source does),
// and that decode step alone.
// Run: k8s_decode_bench --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <string>

#include "pkg/k8s/client/api_response.h"
#include "pkg/k8s/client/store.h"
#include "pkg/k8s/client/watch_event.h"
#include "pkg/k8s/decode_json.h"

namespace {

using ki::k8s::client::EventType;
using ki::k8s::client::ObjectStore;
using ki::k8s::client::WatchEvent;

constexpr int kServices = 50000;

// A Service as a real API server returns it (managedFields omitted, as
// kube-proxy's informers strip them).
nlohmann::json Service(int i) {
  const std::string n = std::to_string(i);
  return {{"metadata",
           {{"name", "svc-" + n},
            {"namespace", "ns-" + std::to_string(i % 200)},
            {"uid", "7c1f5b9e-0000-4000-8000-" + std::string(12 - n.size(), '0') + n},
            {"resourceVersion", std::to_string(100000 + i)},
            {"creationTimestamp", "2026-01-01T00:00:00Z"},
            {"labels", {{"app", "app-" + n}, {"tier", "backend"}}},
            {"annotations", {{"prometheus.io/scrape", "true"}}}}},
          {"spec",
           {{"type", i % 10 == 0 ? "NodePort" : "ClusterIP"},
            {"clusterIP", "10.96." + std::to_string(i / 250) + "." + std::to_string(i % 250)},
            {"clusterIPs", {"10.96." + std::to_string(i / 250) + "." + std::to_string(i % 250)}},
            {"ipFamilies", {"IPv4"}},
            {"ipFamilyPolicy", "SingleStack"},
            {"selector", {{"app", "app-" + n}}},
            {"sessionAffinity", "None"},
            {"internalTrafficPolicy", "Cluster"},
            {"ports",
             {{{"name", "http"}, {"port", 80}, {"protocol", "TCP"}, {"targetPort", 8080}},
              {{"name", "https"}, {"port", 443}, {"protocol", "TCP"}, {"targetPort", 8443}}}}}},
          {"status", {{"loadBalancer", nlohmann::json::object()}}}};
}

const std::string& ListText() {
  static const std::string text = [] {
    nlohmann::json items = nlohmann::json::array();
    for (int i = 0; i < kServices; ++i) items.push_back(Service(i));
    return nlohmann::json{{"kind", "ServiceList"},
                          {"apiVersion", "v1"},
                          {"metadata", {{"resourceVersion", "200000"}}},
                          {"items", std::move(items)}}
        .dump();
  }();
  return text;
}

const std::string& WatchText() {
  static const std::string text = [] {
    std::string out;
    for (int i = 0; i < kServices; ++i) {
      nlohmann::json s = Service(i);
      s["kind"] = "Service";
      s["apiVersion"] = "v1";
      out += nlohmann::json{{"type", "MODIFIED"}, {"object", std::move(s)}}.dump() + "\n";
    }
    return out;
  }();
  return text;
}

void BM_ParseServiceListDom(benchmark::State& state) {
  const std::string& text = ListText();
  for (auto _ : state) {
    nlohmann::json doc = nlohmann::json::parse(text);
    benchmark::DoNotOptimize(doc);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["objects"] = kServices;
}
BENCHMARK(BM_ParseServiceListDom)->Unit(benchmark::kMillisecond);

void BM_ReflectorListPath(benchmark::State& state) {
  const std::string& text = ListText();
  for (auto _ : state) {
    auto page = ki::k8s::client::ParseListPage(text);
    ObjectStore store;
    for (auto& item : page->items) {
      std::string key = ki::k8s::client::ObjectKey(item);
      store[std::move(key)] = std::move(item);
    }
    benchmark::DoNotOptimize(store);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ReflectorListPath)->Unit(benchmark::kMillisecond);

void BM_ProxyInitialSyncPath(benchmark::State& state) {
  const std::string& text = ListText();
  for (auto _ : state) {
    auto page = ki::k8s::client::ParseListPage(text);
    size_t decoded = 0;
    for (auto& item : page->items) {
      item["kind"] = "Service";
      item["apiVersion"] = "v1";
      decoded += ki::k8s::DecodeJsonObject(item, "list services").ok() ? 1 : 0;
    }
    if (decoded != page->items.size()) state.SkipWithError("an object failed to decode");
    benchmark::DoNotOptimize(decoded);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ProxyInitialSyncPath)->Unit(benchmark::kMillisecond);

// The decode step of the initial-sync path alone, over objects parsed once:
// its rate, against the same list bytes, is what DecodeJsonObject costs.
void BM_DecodeServiceObjects(benchmark::State& state) {
  const std::string& text = ListText();
  auto page = ki::k8s::client::ParseListPage(text);
  for (auto& item : page->items) {
    item["kind"] = "Service";
    item["apiVersion"] = "v1";
  }
  for (auto _ : state) {
    size_t decoded = 0;
    for (const auto& item : page->items) {
      decoded += ki::k8s::DecodeJsonObject(item, "list services").ok() ? 1 : 0;
    }
    if (decoded != page->items.size()) state.SkipWithError("an object failed to decode");
    benchmark::DoNotOptimize(decoded);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_DecodeServiceObjects)->Unit(benchmark::kMillisecond);

void BM_WatchStream(benchmark::State& state) {
  const std::string& text = WatchText();
  for (auto _ : state) {
    size_t events = 0;
    ki::k8s::client::WatchStreamParser parser([&events](WatchEvent&& e) {
      events += e.type == EventType::kModified ? 1 : 0;
      return ki::Status::Ok();
    });
    // 16 KiB chunks, as they come off a socket.
    for (size_t i = 0; i < text.size(); i += 16384) {
      (void)parser.Feed(std::string_view(text).substr(i, 16384));
    }
    benchmark::DoNotOptimize(events);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_WatchStream)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
