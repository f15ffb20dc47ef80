// Incremental syncs agree with a from-scratch build: after every one of many
// seeded random changes, a fresh engine fed the same objects plans nothing
// against what the incremental one programmed. Deterministic (fixed seeds).
// Suite names start with "proxy" so `ctest -R 'proxy'` selects them.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "pkg/ipvs/testing/fake_ipvs.h"
#include "pkg/proxy/engine.h"
#include "pkg/proxy/reconciler.h"
#include "tests/unit/proxy/builders.h"

namespace ki::proxy {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace): test builders

ProxyOptions Options() {
  ProxyOptions o;
  o.hostname = "node-a";
  o.node_ips = {Ip("192.168.1.10"), Ip("fd00:1::10")};
  o.other_interface_addrs = {Ip("192.0.2.3")};
  return o;
}

class RandomCluster {
 public:
  explicit RandomCluster(unsigned seed) : rng_(seed) {}

  k8s::Service RandomService() {
    const int i = Pick(8);
    k8s::Service s =
        Svc("s" + std::to_string(i), {"10.96.0." + std::to_string(i + 1)}, {Port("http", 80)});
    if (Pick(4) == 0) s.cluster_ips.push_back("fd00::" + std::to_string(i + 1));
    if (Pick(2) == 0) s.ports.push_back(Port("dns", 53, k8s::Protocol::kUdp));
    if (Pick(2) == 0) {
      s.type = k8s::ServiceType::kNodePort;
      for (size_t p = 0; p < s.ports.size(); ++p) s.ports[p].node_port = 30000 + i * 10 + p;
    }
    if (Pick(3) == 0) s.external_ips = {"192.0.2." + std::to_string(1 + Pick(3))};
    if (Pick(3) == 0) s.external_traffic_policy = k8s::TrafficPolicy::kLocal;
    if (Pick(4) == 0) s.internal_traffic_policy = k8s::TrafficPolicy::kLocal;
    if (Pick(4) == 0) s.session_affinity = k8s::SessionAffinity::kClientIP;
    if (Pick(10) == 0) s.cluster_ip = "None", s.cluster_ips = {"None"};
    return s;
  }

  k8s::EndpointSlice RandomSlice() {
    const int svc = Pick(8), n = Pick(2);
    const bool v6 = Pick(4) == 0;
    std::vector<EpSpec> eps;
    for (int e = 0, count = Pick(4); e < count; ++e) {
      const std::string host = std::to_string(1 + Pick(5));
      eps.push_back({v6 ? "fd00:244::" + host : "10.244.0." + host, Pick(2) ? "node-a" : "node-b",
                     Pick(4) != 0, Pick(3) != 0, Pick(3) == 0});
    }
    return Slice("s" + std::to_string(svc) + "-" + std::to_string(n), "s" + std::to_string(svc),
                 eps, {SlicePort("http", 8080), SlicePort("dns", 5353, k8s::Protocol::kUdp)},
                 v6 ? k8s::AddressType::kIPv6 : k8s::AddressType::kIPv4);
  }

  int Pick(int n) { return static_cast<int>(rng_() % static_cast<unsigned>(n)); }

 private:
  std::mt19937 rng_;
};

TEST(proxyIncremental, AgreesWithFullBuildAfterEveryChange) {
  for (unsigned seed = 1; seed <= 20; ++seed) {
    RandomCluster rc(seed);
    ProxyOptions opts = Options();
    Engine engine(opts);
    ipvs::testing::FakeIpvs ipvs;
    KernelTable table;
    std::map<k8s::ObjectName, k8s::Service> services;
    std::map<k8s::ObjectName, k8s::EndpointSlice> slices;
    for (int step = 0; step < 60; ++step) {
      switch (rc.Pick(6)) {
        case 0:
        case 1: {
          k8s::Service s = rc.RandomService();
          services[s.meta.id] = s;
          engine.UpsertService(s);
          break;
        }
        case 2:
        case 3: {
          k8s::EndpointSlice s = rc.RandomSlice();
          slices[s.meta.id] = s;
          engine.UpsertSlice(s);
          break;
        }
        case 4: {  // options change: scheduler, or a node address coming or going
          if (rc.Pick(2) == 0) {
            opts.scheduler = opts.scheduler == "rr" ? "mh" : "rr";
          } else if (opts.node_ips.size() == 2) {
            opts.node_ips.push_back(Ip("192.168.2.10"));
          } else {
            opts.node_ips.resize(2);
          }
          engine.SetOptions(opts);
          break;
        }
        default: {
          const k8s::ObjectName svc{"ns", "s" + std::to_string(rc.Pick(8))};
          services.erase(svc);
          engine.DeleteService(svc);
          const k8s::ObjectName slice{"ns", svc.name + "-0"};
          slices.erase(slice);
          engine.DeleteSlice(slice);
        }
      }
      const ChangeSet changed = engine.BuildDesired();
      ASSERT_TRUE(Refresh(ipvs, changed.keys, table).ok());
      const Plan plan = engine.PlanChanges(changed, table);
      const ApplyResult r = Apply(ipvs, plan, table);
      ASSERT_EQ(r.failed, 0u) << "seed " << seed << " step " << step << ": "
                              << r.first_error.message();
      for (const ipvs::IpAddress& a : plan.bind) table.MarkBound(a, true);
      for (const ipvs::IpAddress& a : plan.unbind) table.MarkBound(a, false);

      Engine fresh(opts);
      for (const auto& [n, s] : services) fresh.UpsertService(s);
      for (const auto& [n, s] : slices) fresh.UpsertSlice(s);
      fresh.BuildDesired();
      Result<KernelTable> seen = Observe(ipvs);
      ASSERT_TRUE(seen.ok());
      std::vector<ipvs::IpAddress> bound;
      table.ForEachBound([&](const ipvs::IpAddress& a) { bound.push_back(a); });
      seen->SetBound(bound);
      ASSERT_EQ(Text(fresh.PlanFull(*seen)), std::vector<std::string>{})
          << "seed " << seed << " step " << step;
    }
  }
}

}  // namespace
}  // namespace ki::proxy
