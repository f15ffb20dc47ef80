// What IPVS mode needs of the kernel, by kernel version and scheduler, and the
// small text formats that say what a kernel has: its release string, its
// build configuration (CONFIG_X=y|m) and /proc/modules. Pure; thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "pkg/base/status.h"

namespace ki::kmod {

struct KernelVersion {
  int major = 0;
  int minor = 0;
  int patch = 0;
  auto operator<=>(const KernelVersion&) const = default;
};

// "6.1.0-56-cloud-amd64" -> {6, 1, 0}.
Result<KernelVersion> ParseKernelRelease(std::string_view release);

// kubeadm's IPVS module set: ip_vs ip_vs_rr ip_vs_wrr ip_vs_sh plus
// nf_conntrack_ipv4 below 4.19 and nf_conntrack from 4.19, plus
// ip_vs_<scheduler> for the configured scheduler (rr when empty).
std::vector<std::string> RequiredIpvsModules(KernelVersion kernel, std::string_view scheduler);

// The kernel configuration symbol of a module: ip_vs_rr -> CONFIG_IP_VS_RR.
std::string ConfigSymbolFor(std::string_view module);

// "CONFIG_X=y" lines -> {"CONFIG_X": "y"}; "# CONFIG_X is not set" -> absent.
std::map<std::string, std::string> ParseKernelConfig(std::string_view text);

// /proc/modules lines ("ip_vs 184320 6 ip_vs_rr, Live 0x0") -> {"ip_vs": "Live"}.
std::map<std::string, std::string> ParseProcModules(std::string_view text);

}  // namespace ki::kmod
