// The ipset side of a sync at 10,000 Services (5,000 NodePort), pure: the
// desired entries built with the Services, the full plan against empty sets
// plus its `ipset restore` text (the first sync), and one NodePort Service
// added: its incremental plan and text, which should not grow with the
// cluster. The kernel's share is in the VM benchmark (tests/vm/scenarios/
// proxy_bench.sh). Run: proxy_sets_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "pkg/netfilter/ipset_script.h"
#include "pkg/proxy/engine.h"
#include "pkg/proxy/set_plan.h"

namespace ki::proxy {
namespace {

std::string V4(uint32_t a) {
  return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." +
         std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255);
}

k8s::Service MakeService(int i) {
  k8s::Service s;
  s.meta.id = {"bench", "s" + std::to_string(i)};
  s.cluster_ip = V4(0x0a600000 + static_cast<uint32_t>(i));
  s.cluster_ips = {s.cluster_ip};
  const bool node_port = i % 2 == 0;
  s.type = node_port ? k8s::ServiceType::kNodePort : k8s::ServiceType::kClusterIP;
  s.ports = {{"http", k8s::Protocol::kTcp, 80, "8080", node_port ? 30000 + i / 2 : 0}};
  return s;
}

ProxyOptions Options() {
  ProxyOptions o;
  o.hostname = "node-1";
  o.node_ips = {*ipvs::IpAddress::Parse("192.168.77.1")};
  return o;
}

std::string Script(const SetPlan& plan) {
  std::vector<netfilter::SetDelta> deltas;
  for (const auto& [name, c] : plan.by_set) deltas.push_back({name, c.add, c.del});
  return netfilter::RenderIpsetRestore({}, deltas);
}

void BM_FirstSyncSets(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  Engine engine(Options());
  for (int i = 0; i < n; ++i) engine.UpsertService(MakeService(i));
  engine.BuildDesired();
  const SetTable empty;
  size_t entries = 0, bytes = 0;
  for (auto _ : state) {
    SetPlan plan = PlanSetsFull(engine.desired(), empty);
    std::string script = Script(plan);
    entries = plan.size();
    bytes = script.size();
    benchmark::DoNotOptimize(script);
  }
  state.counters["entries"] = static_cast<double>(entries);
  state.counters["script_KiB"] = static_cast<double>(bytes) / 1024.0;
}

void BM_OneServiceAdded(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  Engine engine(Options());
  for (int i = 0; i < n; ++i) engine.UpsertService(MakeService(i));
  engine.BuildDesired();
  SetTable table;
  table.Apply(PlanSetsFull(engine.desired(), table));
  size_t entries = 0;
  int next = n;
  for (auto _ : state) {
    engine.UpsertService(MakeService(next));
    ChangeSet changed = engine.BuildDesired();
    SetPlan plan = PlanSetChanges(engine.desired(), table, changed.set_entries);
    std::string script = Script(plan);
    table.Apply(plan);
    entries = plan.size();
    benchmark::DoNotOptimize(script);
    state.PauseTiming();
    engine.DeleteService(MakeService(next).meta.id);  // back to n Services
    ChangeSet removed = engine.BuildDesired();
    table.Apply(PlanSetChanges(engine.desired(), table, removed.set_entries));
    state.ResumeTiming();
  }
  state.counters["entries_written"] = static_cast<double>(entries);
}

BENCHMARK(BM_FirstSyncSets)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_OneServiceAdded)->Arg(1000)->Arg(10000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace ki::proxy

BENCHMARK_MAIN();
