// The Source of `proxy` in a cluster: three reflectors, each on its own
// thread, list and watch the API server -- Services and EndpointSlices
// (without the ones another proxy serves, service.kubernetes.io/
// service-proxy-name, or headless ones, as kube-proxy selects them) and this
// Node by name -- and decode what they receive into PendingChanges for the
// main loop. Requests share one clientConnection.qps/burst token bucket.
// While the API server is away nothing is withdrawn (the reflectors keep
// retrying; the kernel keeps its state); LostSince says for how long.
#pragma once

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "pkg/base/status.h"
#include "pkg/daemon/pending_changes.h"
#include "pkg/daemon/source.h"
#include "pkg/k8s/client/reflector.h"
#include "pkg/k8s/client/rest_config.h"

namespace ki::daemon {

struct ApiSourceOptions {
  k8s::client::RestConfig rest;
  std::string node_name;
  double qps = 5;  // clientConnection.qps; <= 0: unlimited
  int burst = 10;  // clientConnection.burst
  k8s::client::ReflectorOptions reflector;
};

class ApiSource final : public Source {
 public:
  // Makes the HTTP clients (TLS set-up errors surface here) and starts the
  // reflector threads.
  static Result<std::unique_ptr<ApiSource>> Start(const ApiSourceOptions& options);
  ~ApiSource() override;  // stops and joins the reflectors
  ApiSource(const ApiSource&) = delete;
  ApiSource& operator=(const ApiSource&) = delete;

  SourceChanges Poll(std::chrono::milliseconds wait) override { return pending_.Take(wait); }
  // Services and EndpointSlices listed once; the Node may not exist.
  bool Synced() const override { return pending_.Synced(); }
  std::optional<std::chrono::system_clock::time_point> LostSince() const override {
    return pending_.LostSince();
  }
  std::string Describe() const override { return "the API server at " + server_; }

 private:
  class Sink;
  ApiSource(const ApiSourceOptions& options);

  std::string server_;
  PendingChanges pending_;
  k8s::client::StopSignal stop_;
  k8s::client::TokenBucket limiter_;
  std::vector<std::unique_ptr<Sink>> sinks_;
  std::vector<std::unique_ptr<k8s::client::Reflector>> reflectors_;
  std::vector<std::thread> threads_;
};

// The label selector kube-proxy lists Services and EndpointSlices with.
inline constexpr const char* kProxiedSelector =
    "!service.kubernetes.io/service-proxy-name,!service.kubernetes.io/headless";

}  // namespace ki::daemon
