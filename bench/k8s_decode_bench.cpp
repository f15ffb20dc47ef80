// JSON decode rate of the API client on a synthetic 50,000-Service list (the
// size issue 7 asks to be fast for), in MB/s: nlohmann-json's DOM parse
// alone, the reflector's whole list path (parse + key + store), the same
// objects as a watch stream, and the proxy's whole initial-sync path (list
// path + each object decoded into a k8s::Service, as the API source does),
// and that decode step alone. Then the `--services-dir` path (issue 14 goal 6)
// on the VM benchmark's manifest (tests/vm/scenarios/proxy_bench.sh: half
// Services, half their EndpointSlices) at 1,000 and 10,000 documents: a
// whole rescan of a directory holding it (read, input checks, strict decode),
// its steps alone, and the rescan after a change to one 50-Service file.
// Run: k8s_decode_bench --benchmark_min_time=2
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "pkg/daemon/services_dir.h"
#include "pkg/k8s/client/api_response.h"
#include "pkg/k8s/client/store.h"
#include "pkg/k8s/client/watch_event.h"
#include "pkg/k8s/decode.h"
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

// The VM benchmark's services-dir file cut to `documents` documents: a
// Service and its one-endpoint slice per pair, the first half of the
// Services NodePort.
// Names start with `name` ("s0", "s1"...), Services listen on `port`.
std::string ManifestText(int documents, const std::string& name = "s", int port = 80) {
  std::string out;
  for (int i = 0; i < documents / 2; ++i) {
    const std::string n = name + std::to_string(i);
    const std::string third = std::to_string(i / 250);
    const std::string ip = "10.96." + third + "." + std::to_string(i % 250 + 1);
    const std::string ep = "10.244." + third + "." + std::to_string(i % 250 + 2);
    const bool node_port = i < documents / 4;
    out += "---\napiVersion: v1\nkind: Service\nmetadata: {name: " + n +
           ", namespace: bench}\nspec:\n  type: " + (node_port ? "NodePort" : "ClusterIP") +
           "\n  clusterIP: " + ip + "\n  ports: [{name: http, port: " + std::to_string(port) +
           ", targetPort: 8080, protocol: TCP" +
           (node_port ? ", nodePort: " + std::to_string(30000 + i) : "") + "}]\n";
    out += "---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: " + n +
           "-1, namespace: bench, labels: {kubernetes.io/service-name: " + n +
           "}}\naddressType: IPv4\nports: [{name: http, port: 8080, protocol: TCP}]\n"
           "endpoints: [{addresses: [" +
           ep + "], nodeName: node-2, conditions: {ready: true}}]\n";
  }
  return out;
}

void SetDocumentRate(benchmark::State& state, size_t bytes) {
  const auto docs = static_cast<double>(state.range(0));
  state.counters["docs_per_s"] = benchmark::Counter(docs * static_cast<double>(state.iterations()),
                                                    benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}

// A directory holding the manifest as one file, removed at exit.
class ManifestDir {
 public:
  explicit ManifestDir(int documents)
      : path_(std::filesystem::temp_directory_path() /
              ("ki-decode-bench-" + std::to_string(getpid()) + "-" + std::to_string(documents))) {
    std::filesystem::create_directories(path_);
    std::ofstream(path_ / "bench.yaml") << ManifestText(documents);
  }
  ManifestDir(const ManifestDir&) = delete;
  ManifestDir& operator=(const ManifestDir&) = delete;
  ~ManifestDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// What `proxy --services-dir` does at startup: a first rescan of the directory.
void BM_ServicesDirRescan(benchmark::State& state) {
  const ManifestDir dir(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    ki::daemon::ServicesDir scanner(dir.path());
    ki::Result<ki::daemon::SourceChanges> changes = scanner.Rescan();
    if (!changes.ok() || changes->upserts.size() != static_cast<size_t>(state.range(0))) {
      state.SkipWithError("the rescan did not find every object");
    }
    benchmark::DoNotOptimize(changes);
  }
  SetDocumentRate(state, std::filesystem::file_size(dir.path() / "bench.yaml"));
}
BENCHMARK(BM_ServicesDirRescan)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

// The input checks alone (binary content, tabs, nesting, libyaml's verdict).
void BM_CheckServicesText(benchmark::State& state) {
  const std::string text = ManifestText(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    ki::Status st = ki::daemon::CheckServicesText(text, "bench.yaml");
    if (!st.ok()) state.SkipWithError(st.message().c_str());
  }
  SetDocumentRate(state, text.size());
}
BENCHMARK(BM_CheckServicesText)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

// The strict decode alone, on text already checked.
void BM_DecodeManifestsStrict(benchmark::State& state) {
  const std::string text = ManifestText(static_cast<int>(state.range(0)));
  ki::k8s::DecodeOptions options;
  options.strict = true;
  for (auto _ : state) {
    ki::Result<ki::k8s::DecodedObjects> r = ki::k8s::DecodeManifests(text, "bench.yaml", options);
    if (!r.ok() || r->objects.size() != static_cast<size_t>(state.range(0))) {
      state.SkipWithError("the decode did not return every object");
    }
    benchmark::DoNotOptimize(r);
  }
  SetDocumentRate(state, text.size());
}
BENCHMARK(BM_DecodeManifestsStrict)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

// A change to one 50-Service file (and its 50 slices) in a directory of 100
// such files (10,000 documents): the rescan after it, with inotify's name for
// the file (as the source does), and of the whole directory (what every
// change cost before names were used).
class ShardedDir {
 public:
  static constexpr int kFiles = 100;
  static constexpr int kDocumentsPerFile = 100;

  ShardedDir()
      : path_(std::filesystem::temp_directory_path() /
              ("ki-decode-bench-sharded-" + std::to_string(getpid()))) {
    std::filesystem::create_directories(path_);
    for (int f = 0; f < kFiles; ++f) Write(f, 80);
  }
  ShardedDir(const ShardedDir&) = delete;
  ShardedDir& operator=(const ShardedDir&) = delete;
  ~ShardedDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  static std::string Name(int f) { return "shard-" + std::to_string(f) + ".yaml"; }

  // File f's Services and slices, its Services' port `port`, and a new mtime.
  void Write(int f, int port) {
    std::ofstream(path_ / Name(f))
        << ManifestText(kDocumentsPerFile, "f" + std::to_string(f) + "-s", port);
    std::filesystem::last_write_time(
        path_ / Name(f),
        std::filesystem::file_time_type::clock::now() + std::chrono::seconds(++tick_));
  }

 private:
  std::filesystem::path path_;
  int tick_ = 0;
};

void ChangeOneFile(benchmark::State& state, bool named) {
  ShardedDir dir;
  ki::daemon::ServicesDir scanner(dir.path());
  if (!scanner.Rescan().ok()) state.SkipWithError("the first rescan failed");
  int port = 80;
  for (auto _ : state) {
    state.PauseTiming();
    port = port == 80 ? 81 : 80;
    dir.Write(7, port);
    state.ResumeTiming();
    ki::Result<ki::daemon::SourceChanges> changes =
        named ? scanner.Rescan({ShardedDir::Name(7)}) : scanner.Rescan();
    if (!changes.ok() || changes->upserts.size() != ShardedDir::kDocumentsPerFile / 2) {
      state.SkipWithError("the rescan did not find the 50 changed Services");
    }
    benchmark::DoNotOptimize(changes);
  }
}

void BM_ChangeOneFileNamed(benchmark::State& state) { ChangeOneFile(state, true); }
BENCHMARK(BM_ChangeOneFileNamed)->Unit(benchmark::kMillisecond);

void BM_ChangeOneFileWholeDir(benchmark::State& state) { ChangeOneFile(state, false); }
BENCHMARK(BM_ChangeOneFileWholeDir)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
