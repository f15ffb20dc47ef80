// The checks "why can't IPVS mode start" asks, each a small Check. The list
// follows the classic IPVS guide's order: feature gate, proxy mode, kernel
// modules; then the tools and host settings the proxy needs.
// Checks keep references to the System and ModuleProbe given: those must
// outlive them. Not thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "pkg/kmod/module_probe.h"
#include "pkg/preflight/finding.h"
#include "pkg/preflight/system.h"

namespace ki::preflight {

// What the checks need of the resolved configuration.
struct ProxySettings {
  std::string mode;         // resolved mode
  std::string mode_source;  // where it was decided (LoadedConfig::mode_source)
  std::string scheduler;    // ipvs.scheduler ("" = rr)
  std::string healthz_bind_address;
  std::string metrics_bind_address;
};

// kReport only reports loadable modules; kLoad loads them (as kube-proxy
// would at start) and reports what happened.
enum class ModuleAction { kReport, kLoad };

std::unique_ptr<Check> NewFeatureGateCheck(const ProxySettings& settings);
std::unique_ptr<Check> NewProxyModeCheck(const ProxySettings& settings);
std::unique_ptr<Check> NewIpvsModulesCheck(kmod::ModuleProbe& probe, std::string scheduler,
                                           ModuleAction action);
std::unique_ptr<Check> NewIpsetCheck(const System& system);
std::unique_ptr<Check> NewIptablesCheck(const System& system);
std::unique_ptr<Check> NewConntrackCheck(const System& system);
std::unique_ptr<Check> NewIpForwardCheck(const System& system);
std::unique_ptr<Check> NewIpvsSysctlsCheck(const System& system);
// bind_address is "IP:port" as the configuration has it.
std::unique_ptr<Check> NewPortCheck(const System& system, std::string what,
                                    const std::string& bind_address);
std::unique_ptr<Check> NewPrivilegedUserCheck(const System& system);
// kubeadm's FileAvailable--<path>: an error when a file init would write exists.
std::unique_ptr<Check> NewFileAvailableCheck(const System& system, std::string path);

// Every check above, in the checklist's order.
std::vector<std::unique_ptr<Check>> IpvsModeChecks(const ProxySettings& settings,
                                                   const System& system, kmod::ModuleProbe& probe,
                                                   ModuleAction action);

}  // namespace ki::preflight
