// The proxy's memory through its first sync, on the host: `kubeadm-ipvs
// proxy` (daemon::Run) over a services dir or through the API, with a
// kernel that accepts every write and keeps nothing, so what is measured is
// the proxy's own memory. Prints the peak resident size (VmHWM) when the
// first sync is done; run it under heaptrack to see who holds the peak:
//   heaptrack build/bench/proxy_memory DIR
//   heaptrack build/bench/proxy_memory --kubeconfig FILE
// DIR: e.g. tests/vm/bench/bench.d/lib.sh's bench_awk_objects yaml N M; the
// API: ki-test-apiserver serving bench_awk_objects json N M, as
// tests/vm/bench/bench.d/api_trial.sh runs it.
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>

#include "pkg/config/defaults.h"
#include "pkg/daemon/api_source.h"
#include "pkg/daemon/daemon.h"
#include "pkg/daemon/dir_source.h"
#include "pkg/k8s/client/kubeconfig.h"

namespace {

using namespace ki;

// Every write succeeds; reads see an empty table.
class NullIpvs final : public ipvs::Ipvs {
 public:
  Result<ipvs::Info> GetInfo() override { return ipvs::Info{}; }
  Result<ipvs::Timeouts> GetTimeouts() override { return ipvs::Timeouts{}; }
  Status SetTimeouts(const ipvs::Timeouts&) override { return Status::Ok(); }
  Status Flush() override { return Status::Ok(); }
  Status AddService(const ipvs::Service&) override { return Status::Ok(); }
  Status UpdateService(const ipvs::Service&) override { return Status::Ok(); }
  Status DeleteService(const ipvs::ServiceKey&) override { return Status::Ok(); }
  Result<ipvs::Service> GetService(const ipvs::ServiceKey&) override {
    return Status::NotFound("none");
  }
  Result<std::vector<ipvs::Service>> ListServices() override {
    return std::vector<ipvs::Service>{};
  }
  Status AddDestination(const ipvs::ServiceKey&, const ipvs::Destination&) override {
    return Status::Ok();
  }
  Status UpdateDestination(const ipvs::ServiceKey&, const ipvs::Destination&) override {
    return Status::Ok();
  }
  Status DeleteDestination(const ipvs::ServiceKey&, const ipvs::Destination&) override {
    return Status::Ok();
  }
  Result<std::vector<ipvs::Destination>> ListDestinations(const ipvs::ServiceKey&) override {
    return std::vector<ipvs::Destination>{};
  }
  Result<ipvs::BatchResult> Apply(std::span<const ipvs::Op> ops) override {
    written += ops.size();
    ipvs::BatchResult r;
    r.statuses.resize(ops.size());
    return r;
  }
  std::atomic<size_t> written{0};
};

class NullLinks final : public netif::Links {
 public:
  Result<netif::LinkState> EnsureDummy(std::string_view) override {
    return netif::LinkState{1, false, true};
  }
  Status DeleteDummy(std::string_view) override { return Status::Ok(); }
  Result<std::vector<ipvs::IpAddress>> ListBound(std::string_view) override {
    return std::vector<ipvs::IpAddress>{};
  }
  Result<netif::BatchResult> Bind(std::string_view, std::span<const ipvs::IpAddress> a) override {
    return Done(a.size());
  }
  Result<netif::BatchResult> Unbind(std::string_view, std::span<const ipvs::IpAddress> a) override {
    return Done(a.size());
  }
  Result<std::vector<netif::LocalAddress>> ListOtherAddresses(std::string_view) override {
    return std::vector<netif::LocalAddress>{};
  }
  Result<std::vector<netif::LocalRoute>> ListLocalRoutes() override {
    return std::vector<netif::LocalRoute>{};
  }
  Status AddLocalRoute(const netif::LocalRoute&) override { return Status::Ok(); }
  Status DeleteLocalRoute(const netif::LocalRoute&) override { return Status::Ok(); }

 private:
  static netif::BatchResult Done(size_t n) {
    netif::BatchResult r;
    r.statuses.resize(n);
    return r;
  }
};

Result<std::unique_ptr<daemon::Source>> OpenSource(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--kubeconfig") {
    Result<k8s::client::RestConfig> rest = k8s::client::LoadKubeconfig(argv[2]);
    if (!rest.ok()) return rest.status();
    daemon::ApiSourceOptions api;
    api.rest = std::move(rest).value();
    api.node_name = "node-1";
    api.qps = 0;  // unlimited
    auto started = daemon::ApiSource::Start(api);
    if (!started.ok()) return started.status();
    return std::unique_ptr<daemon::Source>(std::move(started).value());
  }
  if (argc != 2) return Status::InvalidConfig("usage: proxy_memory DIR | --kubeconfig FILE");
  auto dir = daemon::DirSource::Open(argv[1]);
  if (!dir.ok()) return dir.status();
  return std::unique_ptr<daemon::Source>(std::move(dir).value());
}

std::string StatusLine(const char* key) {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(key)) return line;
  }
  return std::string(key) + " ?";
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::info);
  daemon::DaemonOptions options;
  config::ApplyKubeProxyDefaults(options.kube_proxy);
  options.kube_proxy.mode = "ipvs";
  options.kube_proxy.ipvs.min_sync_period.ns = 0;
  options.kube_proxy.ipvs.sync_period.ns = 3600'000'000'000;
  options.kube_proxy.healthz_bind_address = "";
  options.kube_proxy.metrics_bind_address = "";
  options.hostname = "node-1";
  std::atomic<bool> stop{false};
  auto source = OpenSource(argc, argv);
  if (!source.ok()) {
    std::fprintf(stderr, "%s\n", source.status().message().c_str());
    return 2;
  }
  NullIpvs ipvs;
  NullLinks links;
  // The first sync writes everything in one go; once the count stops moving
  // for a second, it is done (the proxy has nothing else to do).
  std::thread watch([&] {
    size_t last = 0;
    for (;;) {
      std::this_thread::sleep_for(std::chrono::seconds(1));
      const size_t now = ipvs.written.load();
      if (now != 0 && now == last) break;
      last = now;
    }
    stop = true;
  });
  Status st = daemon::Run(options, daemon::Kernel{&ipvs, &links}, **source, stop);
  watch.join();
  std::printf("%zu IPVS operations; %s; %s\n", ipvs.written.load(), StatusLine("VmHWM").c_str(),
              StatusLine("VmRSS").c_str());
  return st.ok() ? 0 : 1;
}
