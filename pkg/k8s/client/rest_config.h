// RestConfig: where the API server is and how to authenticate to it, as
// resolved from a kubeconfig or from the in-cluster service account. A plain
// value: copy it freely; thread-compatible.
#pragma once

#include <string>

namespace ki::k8s::client {

struct RestConfig {
  // "https://host:port" with no trailing slash.
  std::string server;
  // PEM bundle of the cluster CA. Empty: the system trust store.
  std::string ca_pem;
  // PEM client certificate and key; both or neither.
  std::string client_cert_pem;
  std::string client_key_pem;
  // A static bearer token. Default: none.
  std::string token;
  // A file holding the bearer token. Re-read on every request so rotated
  // tokens (projected service-account volumes) are picked up; when set it
  // wins over `token`, as in client-go. Default: none.
  std::string token_file;
  // Skip server certificate verification (a warning is logged). Default: false.
  bool insecure_skip_tls_verify = false;
  // Where this configuration came from, for error messages:
  // "kubeconfig /etc/kubernetes/proxy.conf (context default, user kube-proxy)".
  std::string source;
};

// What credentials a request carries, for "401 Unauthorized (tried ...)"
// messages. Never includes secret material.
std::string DescribeCredentials(const RestConfig& config);

}  // namespace ki::k8s::client
