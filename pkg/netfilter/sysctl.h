// The kernel settings IPVS mode needs (reference.md section 5, upstream
// pkg/proxy/ipvs/proxier.go NewProxier) and their writer. RequiredSysctls is
// pure; ApplySysctls writes files under a root directory (/proc/sys, or a
// test's directory). Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "pkg/base/status.h"
#include "pkg/kmod/kernel_modules.h"

namespace ki::netfilter {

struct SysctlSetting {
  std::string path;   // under /proc/sys: "net/ipv4/vs/conntrack"
  std::string value;  // "1"
  bool operator==(const SysctlSetting&) const = default;
};

// net.ipv4.vs.conntrack=1; net.ipv4.vs.conn_reuse_mode=0 only on kernels
// 4.1 (where it appeared) up to before 5.9 (where its bug was fixed: upstream
// IPVSConnReuseModeMinSupportedKernelVersion / ...FixedKernelVersion);
// net.ipv4.vs.expire_nodest_conn=1; net.ipv4.vs.expire_quiescent_template=1;
// net.ipv4.ip_forward=1; with strict_arp also net.ipv4.conf.all.arp_ignore=1
// and arp_announce=2. In upstream's order.
std::vector<SysctlSetting> RequiredSysctls(kmod::KernelVersion kernel, bool strict_arp);

// "net/ipv4/vs/conntrack" -> "net.ipv4.vs.conntrack".
std::string SysctlName(const std::string& path);

// Writes each setting whose current value differs, in order, and returns the
// paths it changed. Stops at the first failure with a message naming the
// sysctl, the value and the errno, and saying how to fix it (a read-only
// /proc/sys: run privileged or set it on the host; net/ipv4/vs missing: load
// ip_vs).
Result<std::vector<std::string>> ApplySysctls(const std::vector<SysctlSetting>& settings,
                                              const std::string& root = "/proc/sys");

}  // namespace ki::netfilter
