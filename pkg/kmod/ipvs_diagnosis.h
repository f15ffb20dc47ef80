// Why this kernel offers no IPVS right now, with the fix: the one diagnosis
// that preflight's module step, `ipvs list`, `proxy` and `proxy --cleanup`
// share, so none of them tells a kernel built without CONFIG_IP_VS to
// `modprobe ip_vs`. Not thread-safe (the probe is not).
#pragma once

#include <string>

#include "pkg/kmod/module_probe.h"

namespace ki::kmod {

struct IpvsAbsence {
  ModuleState state = ModuleState::kMissing;  // ip_vs, as the probe sees it
  std::string reason;    // "CONFIG_IP_VS is not set in this kernel's configuration (...)"
  std::string fix;       // "boot a kernel built with CONFIG_IP_VS=m or =y (...)"
  std::string evidence;  // the file or call that said so
  bool loadable() const { return state == ModuleState::kLoadable; }
  // "ip_vs: missing: <reason>\n\tfix: <fix>"
  std::string Explain() const;
};

// What to do about a module the probe found missing, from its reason: a
// kernel without the CONFIG_ symbol, without module support, or without the
// module files of the running release.
std::string FixForMissingModule(const ModuleStatus& status, const std::string& release);

// Probes ip_vs and says why IPVS is absent: missing from the kernel,
// loadable but not loaded, or present with no netlink family (never expected).
IpvsAbsence DiagnoseIpvsAbsence(ModuleProbe& probe);

}  // namespace ki::kmod
