#include "cmd/kubeadm-ipvs/config_loading.h"

#include <iostream>

namespace ki::cmd {

void PrintDiagnostics(const config::Diagnostics& diagnostics) {
  for (const config::Diagnostic& d : diagnostics.all()) {
    std::cerr << (d.severity == config::Severity::kError ? "error: " : "") << d.ToString() << "\n";
  }
}

Result<config::LoadedConfig> LoadAndReport(const config::LoadOptions& options) {
  config::LoadedConfig loaded = config::LoadConfig(options);
  PrintDiagnostics(loaded.diagnostics);
  if (!loaded.ok()) {
    return Status::InvalidConfig("invalid configuration");
  }
  return loaded;
}

}  // namespace ki::cmd
