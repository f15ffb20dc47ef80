// libFuzzer target: the kubeconfig parser (YAML checks, contexts, clusters,
// users, base64 data) must never crash, hang or leak on any input, and what
// it accepts must describe itself. Files the text names are read through
// ReadRegularFile (regular, bounded) relative to a directory that does not
// exist.
#include <spdlog/spdlog.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pkg/k8s/client/kubeconfig.h"
#include "pkg/k8s/client/rest_config.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  spdlog::set_level(spdlog::level::off);  // the insecure-skip-tls-verify warning
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ki::Result<ki::k8s::client::RestConfig> config =
      ki::k8s::client::ParseKubeconfig(text, "/nonexistent-fuzz/config");
  if (config.ok()) {
    // Accepted: a server URL and a description of its credentials.
    if (config->server.rfind("http", 0) != 0) __builtin_trap();
    if (ki::k8s::client::DescribeCredentials(*config).empty()) __builtin_trap();
  } else if (config.status().code() != ki::Code::kInvalidConfig) {
    __builtin_trap();  // every refusal of a kubeconfig is a configuration error
  }
  return 0;
}
