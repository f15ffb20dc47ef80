// In-cluster configuration: the pod's service account token and CA, and the
// API server from KUBERNETES_SERVICE_HOST/PORT, as client-go's
// rest.InClusterConfig. Paths and the environment are injectable for tests.
// Thread-compatible.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "pkg/base/status.h"
#include "pkg/k8s/client/rest_config.h"

namespace ki::k8s::client {

struct InClusterPaths {
  // Default: the service account mount of every pod.
  std::string token_file = "/var/run/secrets/kubernetes.io/serviceaccount/token";
  std::string ca_file = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt";
};

using EnvLookup = std::function<std::optional<std::string>(const char* name)>;

// The process environment.
std::optional<std::string> ProcessEnv(const char* name);

// The token file is kept as token_file, so a rotated token is re-read.
Result<RestConfig> InClusterConfig(const InClusterPaths& paths = {},
                                   const EnvLookup& env = ProcessEnv);

}  // namespace ki::k8s::client
