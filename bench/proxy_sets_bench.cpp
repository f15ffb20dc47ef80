// The ipset side of a sync at 10,000 Services (5,000 NodePort), pure: the
// desired entries built with the Services, the full plan against empty sets
// plus the netlink messages that carry it (the first sync), and one NodePort
// Service added: its incremental plan and messages, which should not grow
// with the cluster. The kernel's share is in the VM benchmarks
// (tests/vm/scenarios/proxy_bench.sh, scripts/vm-bench). Run:
// proxy_sets_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <algorithm>
#include <string>
#include <vector>

#include "pkg/netfilter/ipset_entry.h"
#include "pkg/netfilter/ipset_messages.h"
#include "pkg/netfilter/proxy_sets.h"
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

// The bytes of the ADD and DEL requests a sync sends for the plan: entry text
// parsed into binary values, then 32 KiB of entries per request, as
// netlink_ipset.cpp batches them (an ADT attribute's length is 16 bits).
std::vector<uint8_t> Messages(const SetPlan& plan) {
  static const std::vector<netfilter::SetSpec> kSets = [] {
    std::vector<netfilter::SetSpec> all = netfilter::ProxySets(false);
    for (netfilter::SetSpec& s : netfilter::ProxySets(true)) all.push_back(std::move(s));
    return all;
  }();
  namespace msg = netfilter::ipsetmsg;
  std::vector<uint8_t> out;
  std::vector<netfilter::EntryValue> values;
  uint32_t seq = 1;
  for (const auto& [set_name, c] : plan.by_set) {
    // A plain reference: clang 14 cannot capture a structured binding.
    const std::string& name = set_name;
    const auto spec = std::find_if(kSets.begin(), kSets.end(),
                                   [&](const netfilter::SetSpec& s) { return s.name == name; });
    const size_t per = std::max<size_t>(1, (32 << 10) / msg::EntryBytes(spec->type, spec->ipv6));
    for (const auto* entries : {&c.del, &c.add}) {
      values.clear();
      for (const std::string& e : *entries) {
        values.push_back(*netfilter::ParseEntry(spec->type, spec->ipv6, e));
      }
      const auto adt = entries == &c.add ? msg::Adt::kAdd : msg::Adt::kDel;
      for (size_t begin = 0; begin < values.size(); begin += per) {
        const size_t n = std::min(per, values.size() - begin);
        const std::span<const netfilter::EntryValue> run(values.data() + begin, n);
        msg::AppendEntries(
            out, {seq++},
            {adt, name, spec->type, spec->ipv6, run, static_cast<uint32_t>(begin + 1)});
      }
    }
  }
  return out;
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
    std::vector<uint8_t> messages = Messages(plan);
    entries = plan.size();
    bytes = messages.size();
    benchmark::DoNotOptimize(messages);
  }
  state.counters["entries"] = static_cast<double>(entries);
  state.counters["message_KiB"] = static_cast<double>(bytes) / 1024.0;
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
    std::vector<uint8_t> messages = Messages(plan);
    table.Apply(plan);
    entries = plan.size();
    benchmark::DoNotOptimize(messages);
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
