// The proxy's main loop (daemon::Run) fed by the API source from the test API
// server, over the fake kernel: the initial sync, watch updates reaching the
// kernel, the selectors kube-proxy uses, every fault survived with the final
// programmed state equal to the server's, and an API server gone: the kernel
// kept as it is and /healthz turning 503 after the health timeout; a
// LoadBalancer's health-check node port answering by its local endpoints;
// detectLocalMode NodeCIDR waiting for this Node's pod CIDRs.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include <spdlog/spdlog.h>

#include "pkg/config/defaults.h"
#include "pkg/daemon/api_source.h"
#include "pkg/daemon/daemon.h"
#include "pkg/netfilter/testing/fake_ipset.h"
#include "pkg/netfilter/testing/fake_iptables.h"
#include "tests/k8s_api/api_fixture.h"
#include "tests/k8s_api/locked_kernel.h"

namespace ki::k8s::testapi {
namespace {

using Table = std::map<std::string, std::set<std::string>>;

// A free loopback port for the health server (bound and released).
int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(a);
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
    port = ntohs(a.sin_port);
  }
  ::close(fd);
  return port;
}

class ProxyApiTest : public ApiServerTest {
 protected:
  void TearDown() override {
    StopProxy();
    ApiServerTest::TearDown();
  }

  // Service svc-<i> (10.96.1.<i>:80) and its slice with `endpoints` on 8080
  // (on node `node` when given); `spec` adds to the Service's spec.
  void PutService(int i, const std::vector<std::string>& endpoints,
                  const nlohmann::json& labels = nlohmann::json::object(),
                  const nlohmann::json& spec = nlohmann::json::object(),
                  const std::string& node = "") {
    const std::string name = "svc-" + std::to_string(i);
    nlohmann::json svc_spec = {{"type", "ClusterIP"},
                               {"clusterIP", "10.96.1." + std::to_string(i)},
                               {"ports", {{{"name", "http"}, {"port", 80}, {"protocol", "TCP"}}}}};
    svc_spec.update(spec);
    server_->state().Upsert(
        "services", {{"apiVersion", "v1"},
                     {"kind", "Service"},
                     {"metadata", {{"name", name}, {"namespace", "default"}, {"labels", labels}}},
                     {"spec", svc_spec}});
    nlohmann::json slice_labels = labels;
    slice_labels["kubernetes.io/service-name"] = name;
    nlohmann::json eps = nlohmann::json::array();
    for (const std::string& ip : endpoints) {
      nlohmann::json ep = {{"addresses", {ip}}, {"conditions", {{"ready", true}}}};
      if (!node.empty()) ep["nodeName"] = node;
      eps.push_back(ep);
    }
    server_->state().Upsert(
        "endpointslices",
        {{"apiVersion", "discovery.k8s.io/v1"},
         {"kind", "EndpointSlice"},
         {"metadata", {{"name", name + "-x1"}, {"namespace", "default"}, {"labels", slice_labels}}},
         {"addressType", "IPv4"},
         {"endpoints", eps},
         {"ports", {{{"name", "http"}, {"port", 8080}, {"protocol", "TCP"}}}}});
  }
  void DeleteService(int i) {
    const std::string name = "svc-" + std::to_string(i);
    (void)server_->state().Delete("services", "default/" + name);
    (void)server_->state().Delete("endpointslices", "default/" + name + "-x1");
  }

  // What the kernel should hold for the server's current objects.
  Table Expected() {
    Table out;
    auto slices = server_->state().Snapshot("endpointslices");
    for (const auto& [key, svc] : server_->state().Snapshot("services")) {
      if (svc["metadata"].value("labels", nlohmann::json::object()).size() != 0) continue;
      std::set<std::string>& dests =
          out["TCP " + svc["spec"]["clusterIP"].get<std::string>() + ":80"];
      auto slice = slices.find(key + "-x1");
      if (slice == slices.end()) continue;
      for (const auto& ep : slice->second["endpoints"]) {
        dests.insert(ep["addresses"][0].get<std::string>() + ":8080");
      }
    }
    return out;
  }

  // Waits until the kernel's table equals Expected().
  ::testing::AssertionResult KernelConverges() {
    const auto deadline = std::chrono::steady_clock::now() + kWait;
    while (std::chrono::steady_clock::now() < deadline) {
      if (ipvs_.Table() == Expected()) return ::testing::AssertionSuccess();
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    const Table have = ipvs_.Table(), want = Expected();
    auto failure = ::testing::AssertionFailure()
                   << "kernel has " << have.size() << " virtual servers, the server's objects want "
                   << want.size() << "; differing:";
    for (const auto& [key, dests] : want) {
      auto it = have.find(key);
      if (it == have.end() || it->second != dests) {
        failure << " " << key << " [";
        for (const std::string& d : dests) failure << " " << d;
        failure << " ] vs [";
        if (it != have.end()) {
          for (const std::string& d : it->second) failure << " " << d;
        }
        failure << " ]";
      }
    }
    for (const auto& [key, dests] : have) {
      if (!want.contains(key)) failure << " (extra " << key << ")";
    }
    return failure;
  }

  void StartProxy(client::RestConfig rest, const std::string& detect_local_mode = "") {
    daemon::DaemonOptions options;
    config::ApplyKubeProxyDefaults(options.kube_proxy);
    options.kube_proxy.mode = "ipvs";
    options.kube_proxy.detect_local_mode = detect_local_mode;
    options.kube_proxy.ipvs.min_sync_period.ns = 0;
    options.kube_proxy.ipvs.sync_period.ns = 1'000'000'000;  // health timeout 2s
    healthz_port_ = FreePort();
    options.kube_proxy.healthz_bind_address = "127.0.0.1:" + std::to_string(healthz_port_);
    options.kube_proxy.metrics_bind_address = "";
    options.hostname = "node-a";
    daemon::ApiSourceOptions api;
    api.rest = std::move(rest);
    api.node_name = "node-a";
    api.qps = 0;  // unlimited: the fault tests relist often
    api.reflector = FastOptions();
    auto source = daemon::ApiSource::Start(api);
    ASSERT_TRUE(source.ok()) << source.status().message();
    source_ = std::move(source).value();
    // The netfilter fakes are not locked: read them only after StopProxy.
    iptables_.set_set_exists(
        [this](const std::string& name) { return ipset_.sets().contains(name); });
    proxy_ = std::thread([this, options] {
      run_status_ = daemon::Run(options, daemon::Kernel{&ipvs_, &links_, &ipset_, &iptables_},
                                *source_, stop_);
    });
  }
  void StopProxy() {
    stop_ = true;
    if (proxy_.joinable()) proxy_.join();
    source_.reset();
  }
  static bool WaitUntil(const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + kWait;
    while (!done()) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
  }
  int Healthz() {
    httplib::Client c("127.0.0.1", healthz_port_);
    auto r = c.Get("/healthz");
    return r ? r->status : 0;
  }

  LockedIpvs ipvs_;
  LockedLinks links_;
  netfilter::testing::FakeIpset ipset_;
  netfilter::testing::FakeIptables iptables_;
  std::unique_ptr<daemon::ApiSource> source_;
  std::atomic<bool> stop_{false};
  std::thread proxy_;
  Status run_status_;
  int healthz_port_ = 0;
};

TEST_F(ProxyApiTest, InitialSyncThenWatchUpdatesReachTheKernel) {
  for (int i = 1; i <= 20; ++i) PutService(i, {"10.244.0." + std::to_string(i)});
  StartProxy(TokenConfig());
  ASSERT_TRUE(KernelConverges());
  EXPECT_EQ(ipvs_.Table().size(), 20u);

  PutService(21, {"10.244.1.1", "10.244.1.2"});  // added
  PutService(3, {"10.244.0.3", "10.244.9.9"});   // endpoints changed
  DeleteService(7);                              // deleted
  ASSERT_TRUE(KernelConverges());
  EXPECT_EQ(ipvs_.Table().at("TCP 10.96.1.3:80"),
            (std::set<std::string>{"10.244.0.3:8080", "10.244.9.9:8080"}));
  EXPECT_EQ(ipvs_.Table().count("TCP 10.96.1.7:80"), 0u);
  EXPECT_EQ(Healthz(), 200);
}

TEST_F(ProxyApiTest, ServicesOfAnotherProxyAndHeadlessOnesAreLeftAlone) {
  PutService(1, {"10.244.0.1"});
  PutService(2, {"10.244.0.2"}, {{"service.kubernetes.io/service-proxy-name", "other"}});
  PutService(3, {"10.244.0.3"}, {{"service.kubernetes.io/headless", ""}});
  StartProxy(TokenConfig());
  ASSERT_TRUE(KernelConverges());
  EXPECT_EQ(ipvs_.Table().size(), 1u);
}

TEST_F(ProxyApiTest, EveryFaultSurvivedWithNoLostUpdate) {
  spdlog::set_level(spdlog::level::debug);  // the changes the source hands on, if this fails
  for (int i = 1; i <= 30; ++i) PutService(i, {"10.244.0." + std::to_string(i)});
  StartProxy(TokenConfig());
  ASSERT_TRUE(KernelConverges());
  const Fault faults[] = {Fault::kDropMidEvent, Fault::kStatus500, Fault::kStatus429,
                          Fault::kTruncatedJson, Fault::kGone410};
  int round = 0;
  for (Fault fault : faults) {
    server_->InjectFault(Target::kWatch, fault, 2);
    if (fault != Fault::kGone410 && fault != Fault::kDropMidEvent) {
      server_->InjectFault(Target::kList, fault);
    }
    server_->state().Compact();  // the next watch relists: list faults fire too
    server_->EndWatches();
    for (int k = 0; k < 5; ++k, ++round) {
      PutService(1 + round % 30, {"10.244.2." + std::to_string(round % 250 + 1)});
      if (round % 4 == 0) DeleteService(1 + (round * 7) % 30);
      if (round % 3 == 0) PutService(40 + round, {"10.244.3.1"});
    }
  }
  ASSERT_TRUE(KernelConverges());
  EXPECT_GE(server_->faults_fired(), 5);
}

TEST_F(ProxyApiTest, ApiServerGoneKeepsTheKernelAndTurnsUnhealthy) {
  for (int i = 1; i <= 5; ++i) PutService(i, {"10.244.0." + std::to_string(i)});
  StartProxy(TokenConfig());
  ASSERT_TRUE(KernelConverges());
  const Table before = ipvs_.Table();
  ASSERT_EQ(Healthz(), 200);
  server_->Stop();
  // The health timeout is 2 x syncPeriod = 2s; full syncs go on meanwhile.
  const auto deadline = std::chrono::steady_clock::now() + kWait;
  while (Healthz() != 503 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(Healthz(), 503);
  EXPECT_EQ(ipvs_.Table(), before);  // nothing withdrawn
}

TEST_F(ProxyApiTest, ANodeOnItsWayOutIsNotEligible) {
  server_->state().Upsert("nodes", {{"metadata", {{"name", "node-a"}}}});
  PutService(1, {"10.244.0.1"});
  StartProxy(TokenConfig());
  ASSERT_TRUE(KernelConverges());
  ASSERT_EQ(Healthz(), 200);
  // The cluster autoscaler marks the node for deletion: load balancers must drain it.
  server_->state().Upsert(
      "nodes",
      {{"metadata", {{"name", "node-a"}}},
       {"spec",
        {{"taints", {{{"key", "ToBeDeletedByClusterAutoscaler"}, {"effect", "NoSchedule"}}}}}}});
  EXPECT_TRUE(WaitUntil([&] { return Healthz() == 503; }));
  httplib::Client c("127.0.0.1", healthz_port_);
  auto r = c.Get("/healthz");
  ASSERT_TRUE(r);
  EXPECT_NE(r->body.find("\"nodeEligible\": false"), std::string::npos) << r->body;
  server_->state().Upsert("nodes", {{"metadata", {{"name", "node-a"}}}});  // the taint is lifted
  EXPECT_TRUE(WaitUntil([&] { return Healthz() == 200; }));
}

TEST_F(ProxyApiTest, HealthCheckNodePortFollowsLocalEndpoints) {
  const int port = FreePort();
  const nlohmann::json local_lb = {
      {"type", "LoadBalancer"}, {"externalTrafficPolicy", "Local"}, {"healthCheckNodePort", port}};
  PutService(1, {"10.244.0.1", "10.244.0.2"}, nlohmann::json::object(), local_lb, "node-a");
  StartProxy(TokenConfig());
  ASSERT_TRUE(KernelConverges());
  httplib::Client c("127.0.0.1", port);
  const auto status = [&] {
    auto r = c.Get("/");
    return r ? r->status : 0;
  };
  ASSERT_TRUE(WaitUntil([&] { return status() == 200; }));
  auto r = c.Get("/");
  ASSERT_TRUE(r);
  EXPECT_NE(r->body.find("\"name\": \"svc-1\""), std::string::npos) << r->body;
  EXPECT_NE(r->body.find("\"localEndpoints\": 2"), std::string::npos) << r->body;
  // The endpoints move to another node: the load balancer must skip this one.
  PutService(1, {"10.244.0.1", "10.244.0.2"}, nlohmann::json::object(), local_lb, "node-b");
  EXPECT_TRUE(WaitUntil([&] { return status() == 503; }));
  DeleteService(1);  // the port closes with its Service
  EXPECT_TRUE(WaitUntil([&] { return status() == 0; }));
}

TEST_F(ProxyApiTest, NodeCidrWaitsForTheNodesPodCidrs) {
  PutService(1, {"10.244.7.2"});
  StartProxy(TokenConfig(), "NodeCIDR");
  ASSERT_TRUE(WaitUntil([&] { return source_->Synced(); }));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a few loop rounds
  EXPECT_TRUE(ipvs_.Table().empty()) << "programmed before the Node's pod CIDRs were known";

  server_->state().Upsert("nodes", {{"metadata", {{"name", "node-a"}}},
                                    {"spec", {{"podCIDRs", {"10.244.7.0/24", "fd00:7::/64"}}}}});
  ASSERT_TRUE(KernelConverges());
  StopProxy();
  ASSERT_TRUE(run_status_.ok()) << run_status_.message();
  const std::vector<std::string> rules = iptables_.Rules("nat", "KUBE-SERVICES");
  EXPECT_TRUE(std::any_of(rules.begin(), rules.end(), [](const std::string& r) {
    return r.find("KUBE-CLUSTER-IP dst,dst ! -s 10.244.7.0/24 -j KUBE-MARK-MASQ") !=
           std::string::npos;
  })) << ::testing::PrintToString(rules);
}

TEST_F(ProxyApiTest, NothingIsProgrammedBeforeTheFirstCompleteList) {
  // What a restarted proxy finds: svc-1 as programmed, and svc-99, deleted
  // from the API while the proxy was down.
  for (int i : {1, 99}) {
    const auto key =
        ipvs::ServiceKey::Tcp(*ipvs::IpAddress::Parse("10.96.1." + std::to_string(i)), 80);
    ipvs::Service svc;
    svc.key = key;
    svc.scheduler = "rr";
    ASSERT_TRUE(ipvs_.AddService(svc).ok());
    ipvs::Destination d;
    d.addr = *ipvs::IpAddress::Parse("10.244.0." + std::to_string(i));
    d.port = 8080;
    ASSERT_TRUE(ipvs_.AddDestination(key, d).ok());
  }
  const Table restarted = ipvs_.Table();
  PutService(1, {"10.244.0.1"});
  server_->SetTokens({});  // every list fails (401) until the token is accepted again
  StartProxy(TokenConfig());
  ASSERT_TRUE(WaitUntil([&] { return source_->LostSince().has_value(); }));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a few loop rounds
  EXPECT_FALSE(source_->Synced());
  EXPECT_EQ(ipvs_.Table(), restarted) << "the kernel changed before the first complete list";

  server_->SetTokens({kGoodToken});
  ASSERT_TRUE(KernelConverges());
  EXPECT_EQ(ipvs_.Table().count("TCP 10.96.1.99:80"), 0u);  // adoption removed the stale one
  StopProxy();
  EXPECT_TRUE(run_status_.ok()) << run_status_.message();
}

}  // namespace
}  // namespace ki::k8s::testapi
