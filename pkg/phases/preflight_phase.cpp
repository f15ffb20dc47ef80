#include "pkg/phases/init_phases.h"
#include "pkg/preflight/checks.h"

namespace ki::phases {
namespace {

Status RunPreflight(InitData& d) {
  std::ostream& out = *d.out;
  out << "[preflight] Running pre-flight checks\n";
  const config::KubeProxyConfig& kp = d.loaded.config.kube_proxy;
  preflight::ProxySettings settings{kp.mode, d.loaded.mode_source, kp.ipvs.scheduler,
                                    kp.healthz_bind_address, kp.metrics_bind_address};
  // Loading modules is what kube-proxy does at start; --dry-run changes nothing.
  auto action = d.dry_run ? preflight::ModuleAction::kReport : preflight::ModuleAction::kLoad;
  auto checks = preflight::IpvsModeChecks(settings, *d.system, *d.modules, action);
  for (const std::string& path :
       {ResolvedConfigPath(d.output_dir), KubeProxyAddonPath(d.output_dir)}) {
    checks.push_back(preflight::NewFileAvailableCheck(*d.system, path));
  }
  KI_RETURN_IF_ERROR(preflight::RunPreflightChecks(checks, d.ignore_preflight_errors, out));
  d.done.push_back(d.dry_run ? "pre-flight checks passed (kernel modules were not loaded: dry run)"
                             : "pre-flight checks passed; IPVS kernel modules are loaded");
  return Status::Ok();
}

}  // namespace

workflow::Phase<InitData> PreflightPhase() {
  return {"preflight", "Run pre-flight checks for IPVS proxy mode", {}, RunPreflight, {}};
}

}  // namespace ki::phases
