// Engine benchmarks: the full desired-state build (and its plan against an
// empty kernel) at 1k/10k/50k Services x 10 endpoints, and the cost of one
// endpoint changing in a cluster of each size (build + plan + record), which
// should not grow with the cluster.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "pkg/proxy/engine.h"

namespace ki::proxy {
namespace {

constexpr int kEndpointsPerService = 10;

std::string V4(uint32_t base, uint32_t i) {
  const uint32_t a = base + i;
  return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." +
         std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255);
}

k8s::Service MakeService(int i) {
  k8s::Service s;
  s.meta.id = {"ns" + std::to_string(i % 100), "svc" + std::to_string(i)};
  s.cluster_ip = V4(0x0a600000, i);  // 10.96.0.0/12
  s.cluster_ips = {s.cluster_ip};
  s.ports = {{"http", k8s::Protocol::kTcp, 80, "8080", 0}};
  return s;
}

// Endpoints of service i; `shift` moves the first one to a new address.
k8s::EndpointSlice MakeSlice(int i, int shift = 0) {
  k8s::EndpointSlice s;
  s.meta.id = {"ns" + std::to_string(i % 100), "svc" + std::to_string(i) + "-abcde"};
  s.meta.labels[k8s::kServiceNameLabel] = "svc" + std::to_string(i);
  s.ports = {{"http", k8s::Protocol::kTcp, 8080}};
  for (int e = 0; e < kEndpointsPerService; ++e) {
    k8s::Endpoint ep;
    const uint32_t n = static_cast<uint32_t>(i) * kEndpointsPerService + e;
    ep.addresses = {V4(0x0a800000, e == 0 ? n + shift * 0x100000 : n)};  // 10.128.0.0/9
    ep.node_name = "node-" + std::to_string(n % 500);
    s.endpoints.push_back(std::move(ep));
  }
  return s;
}

struct Cluster {
  std::vector<k8s::Service> services;
  std::vector<k8s::EndpointSlice> slices;
};

const Cluster& ClusterOf(int n) {
  static std::vector<std::pair<int, Cluster>> cache;
  for (auto& [size, c] : cache) {
    if (size == n) return c;
  }
  Cluster c;
  for (int i = 0; i < n; ++i) {
    c.services.push_back(MakeService(i));
    c.slices.push_back(MakeSlice(i));
  }
  cache.emplace_back(n, std::move(c));
  return cache.back().second;
}

// Bytes of heap in use (glibc), to split peak memory into its owners.
double HeapMiB() { return static_cast<double>(mallinfo2().uordblks) / (1024.0 * 1024.0); }

ProxyOptions Options() {
  ProxyOptions o;
  o.hostname = "node-1";
  return o;
}

void Load(Engine& e, const Cluster& c) {
  for (const k8s::Service& s : c.services) e.UpsertService(s);
  for (const k8s::EndpointSlice& s : c.slices) e.UpsertSlice(s);
}

void BM_FullBuild(benchmark::State& state) {
  const Cluster& c = ClusterOf(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    state.PauseTiming();
    auto engine = std::make_unique<Engine>(Options());
    Load(*engine, c);
    state.ResumeTiming();
    ChangeSet changed = engine->BuildDesired();
    benchmark::DoNotOptimize(changed);
    state.PauseTiming();
    engine.reset();  // teardown outside the timing
    state.ResumeTiming();
  }
  state.counters["services"] = static_cast<double>(state.range(0));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_FullBuildAndPlan(benchmark::State& state) {
  const Cluster& c = ClusterOf(static_cast<int>(state.range(0)));
  const KernelTable empty;
  size_t ops = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto engine = std::make_unique<Engine>(Options());
    Load(*engine, c);
    state.ResumeTiming();
    engine->BuildDesired();
    Plan plan = engine->PlanFull(empty);
    ops = plan.ops.size();
    benchmark::DoNotOptimize(plan);
    state.PauseTiming();
    engine.reset();
    state.ResumeTiming();
  }
  state.counters["ops"] = static_cast<double>(ops);
}

// One endpoint of one Service moves; build, plan and record against a kernel
// table that holds the whole cluster. Rotates over 64 Services spread over the
// cluster, so caches do not flatter the large sizes.
void BM_OneEndpointChange(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const Cluster& c = ClusterOf(n);
  const double before = HeapMiB();
  Engine engine(Options());
  Load(engine, c);
  const double loaded = HeapMiB();
  engine.BuildDesired();
  const double built = HeapMiB();
  // The kernel as a dump after the first sync would show it (counts known).
  KernelTable table;
  const DesiredState& want = engine.desired();
  want.ForEachKey([&](const ipvs::ServiceKey& k) {
    const VirtualServer* vs = want.Find(k);
    std::vector<ipvs::Destination> dests;
    for (const RealServer& rs : vs->reals) dests.push_back(rs.ToDestination());
    table.Put(vs->service, dests);
  });
  state.counters["objects_MiB"] = loaded - before;
  state.counters["desired_MiB"] = built - loaded;
  state.counters["table_MiB"] = HeapMiB() - built;
  std::vector<k8s::EndpointSlice> moved[2];
  for (int k = 0; k < 64; ++k) {
    const int i = static_cast<int>((static_cast<int64_t>(k) * n) / 64);
    moved[0].push_back(MakeSlice(i, 1));
    moved[1].push_back(MakeSlice(i, 0));
  }
  size_t iter = 0, ops = 0;
  for (auto _ : state) {
    const size_t k = iter % 64, phase = (iter / 64) % 2;
    ++iter;
    engine.UpsertSlice(moved[phase][k]);
    const ChangeSet changed = engine.BuildDesired();
    const Plan plan = engine.PlanChanges(changed, table);
    for (const ipvs::Op& op : plan.ops) table.Record(op);
    ops += plan.ops.size();
  }
  state.counters["ops_per_change"] =
      static_cast<double>(ops) / static_cast<double>(std::max<size_t>(iter, 1));
}

BENCHMARK(BM_FullBuild)->Arg(1000)->Arg(10000)->Arg(50000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FullBuildAndPlan)->Arg(1000)->Arg(10000)->Arg(50000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_OneEndpointChange)->Arg(1000)->Arg(10000)->Arg(50000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace ki::proxy

BENCHMARK_MAIN();
