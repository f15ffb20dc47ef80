// Creating or updating objects on the API server with kubeadm's
// apiclient.CreateOrUpdate semantics (cmd/kubeadm/app/util/apiclient/
// idempotency.go): POST the object; when it already exists (409
// AlreadyExists), replace it. Unlike kubeadm, whose Update carries no
// resourceVersion (an unconditional replace), the replace here is
// conditional: GET the current object and PUT ours with its
// metadata.resourceVersion, so a concurrent writer makes the PUT fail with
// 409 Conflict instead of being overwritten silently; the GET+PUT is then
// redone. Like kubeadm, failures that may pass (no connection, 429, 5xx, a
// conflict) are retried every retry_interval until timeout; the rest (401,
// 403, 400, 422, ...) fail at once.
//
// ObjectApplier is the seam the init phases use (tests pass an in-memory
// one, testing/fake_applier.h). An ApiApplier is used by one thread at a
// time.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <string>

#include "pkg/base/status.h"
#include "pkg/k8s/client/clock.h"
#include "pkg/k8s/client/http_client.h"
#include "pkg/k8s/client/object_path.h"
#include "pkg/k8s/client/rest_config.h"

namespace ki::k8s::client {

enum class ApplyAction { kCreated, kUpdated };

class ObjectApplier {
 public:
  virtual ~ObjectApplier() = default;
  // Creates object (apiVersion, kind, metadata.name and, for namespaced
  // kinds, metadata.namespace set) or replaces the existing one. Errors name
  // the verb and the object: "create DaemonSet kube-system/kube-proxy: 403
  // Forbidden: <the server's message> (tried <credentials>)".
  virtual Result<ApplyAction> CreateOrUpdate(const nlohmann::json& object) = 0;
  // The API server objects go to, for messages ("https://10.0.0.10:6443").
  virtual std::string Server() const = 0;
};

struct ApplyOptions {
  // How long retriable failures are retried; kubeadm's
  // Timeouts.kubernetesAPICall. Zero: one attempt. Default 1 minute.
  std::chrono::milliseconds timeout{std::chrono::minutes(1)};
  // Pause between attempts; kubeadm's KubernetesAPICallRetryInterval.
  // Default 500ms.
  std::chrono::milliseconds retry_interval{500};
  // Limit for each request; kubeadm's client timeout. Default 10s.
  std::chrono::milliseconds request_timeout{std::chrono::seconds(10)};
};

class ApiApplier final : public ObjectApplier {
 public:
  // clock must outlive the applier; server is what Server() reports.
  ApiApplier(std::unique_ptr<HttpClient> http, std::string server, Clock& clock,
             ApplyOptions options = {});
  ApiApplier(const ApiApplier&) = delete;
  ApiApplier& operator=(const ApiApplier&) = delete;

  Result<ApplyAction> CreateOrUpdate(const nlohmann::json& object) override;
  std::string Server() const override { return server_; }

 private:
  struct Reply {
    HttpResponse response;
    std::string body;  // of a 2xx answer
  };
  struct Attempt {
    Result<ApplyAction> result = Status::Internal("no attempt");
    bool retry = false;
  };
  Attempt Once(const nlohmann::json& object, const ObjectRef& ref);
  Attempt Replace(const nlohmann::json& object, const ObjectRef& ref);
  Result<Reply> Call(const std::string& method, const std::string& path, const std::string& body);
  Attempt Failed(const std::string& what, const HttpResponse& response) const;

  std::unique_ptr<HttpClient> http_;
  std::string server_;
  Clock& clock_;
  ApplyOptions options_;
  StopSignal never_stopped_;
};

// An ApiApplier over a libcurl client for config and the system clock.
Result<std::unique_ptr<ObjectApplier>> NewApiApplier(const RestConfig& config,
                                                     ApplyOptions options = {});

}  // namespace ki::k8s::client
