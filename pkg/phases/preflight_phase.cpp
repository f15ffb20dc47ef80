#include "pkg/kmod/kernel_modules.h"
#include "pkg/phases/init_phases.h"
#include "pkg/preflight/checks.h"

namespace ki::phases {
namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// The IPVS modules' state after the checks ran (and, unless --dry-run, loaded
// what they could), asked of the kernel again so the summary says what is
// true rather than what the checks hoped.
std::string ModulesSummary(const InitData& d) {
  std::string release = d.modules->KernelRelease();
  Result<kmod::KernelVersion> version = kmod::ParseKernelRelease(release);
  if (!version.ok()) return "IPVS kernel modules: unknown (" + version.status().message() + ")";
  std::vector<std::string> missing;
  std::vector<std::string> loadable;
  for (const std::string& name :
       kmod::RequiredIpvsModules(*version, d.loaded.config.kube_proxy.ipvs.scheduler)) {
    kmod::ModuleState state = d.modules->Probe(name).state;
    if (state == kmod::ModuleState::kMissing) missing.push_back(name);
    if (state == kmod::ModuleState::kLoadable) loadable.push_back(name);
  }
  if (missing.empty() && loadable.empty()) return "IPVS kernel modules are loaded";
  if (missing.empty() && d.dry_run) {
    return "IPVS kernel modules " + Join(loadable) + " are loadable (not loaded: dry run)";
  }
  std::string out = "IPVS kernel modules are NOT loaded: ";
  if (!missing.empty()) out += Join(missing) + " missing from kernel " + release;
  if (!loadable.empty()) {
    out += (missing.empty() ? "" : "; ") + Join(loadable) +
           (d.dry_run ? " loadable (not loaded: dry run)" : " loadable, loading failed");
  }
  return out + "; IPVS mode can't start on this node until they are";
}

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
  Result<preflight::PreflightOutcome> outcome =
      preflight::RunPreflightChecks(checks, d.ignore_preflight_errors, out);
  if (!outcome.ok()) return outcome.status();
  std::vector<std::string> ignored = outcome->IgnoredChecks();
  std::string passed = ignored.empty()
                           ? "pre-flight checks passed"
                           : "pre-flight checks passed only by ignoring the errors of " +
                                 Join(ignored) + " (--ignore-preflight-errors)";
  d.done.push_back(passed + "; " + ModulesSummary(d));
  return Status::Ok();
}

}  // namespace

workflow::Phase<InitData> PreflightPhase() {
  return {"preflight", "Run pre-flight checks for IPVS proxy mode", {}, RunPreflight, {}};
}

}  // namespace ki::phases
