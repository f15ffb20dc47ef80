#include "pkg/k8s/client/in_cluster.h"

#include <cstdlib>

#include "pkg/base/file_read.h"

namespace ki::k8s::client {

std::optional<std::string> ProcessEnv(const char* name) {
  const char* v = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read-only at start-up
  if (v == nullptr || *v == '\0') {
    return std::nullopt;
  }
  return std::string(v);
}

Result<RestConfig> InClusterConfig(const InClusterPaths& paths, const EnvLookup& env) {
  const std::optional<std::string> host = env("KUBERNETES_SERVICE_HOST");
  const std::optional<std::string> port = env("KUBERNETES_SERVICE_PORT");
  if (!host || !port) {
    return Status::InvalidConfig(
        "unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and "
        "KUBERNETES_SERVICE_PORT must be defined");
  }
  RestConfig config;
  // An IPv6 service host needs brackets in a URL (net.JoinHostPort).
  const bool v6 = host->find(':') != std::string::npos;
  config.server = "https://" + (v6 ? "[" + *host + "]" : *host) + ":" + *port;
  Result<std::string> token =
      ReadRegularFile(paths.token_file, FileLimit{kMaxCredentialBytes, "a service account token"});
  if (!token.ok()) {
    return Status::InvalidConfig("in-cluster token: read " + token.status().message());
  }
  config.token_file = paths.token_file;
  Result<std::string> ca =
      ReadRegularFile(paths.ca_file, FileLimit{kMaxCredentialBytes, "a CA certificate"});
  if (!ca.ok()) {
    return Status::InvalidConfig("in-cluster CA: read " + ca.status().message());
  }
  config.ca_pem = std::move(*ca);
  config.source = "in-cluster service account";
  return config;
}

}  // namespace ki::k8s::client
