// ModuleProbe over libkmod and the kernel's own files: /proc/modules for what
// is loaded, the module tree (<root>/<release>/modules.dep, modules.builtin
// through libkmod's indexes) for what can be loaded or is built in, and the
// kernel configuration (/proc/config.gz, /boot/config-<release>) when there is
// no module tree. Every path can be pointed at a prepared tree for tests.
// Not thread-safe (one libkmod context).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "pkg/base/status.h"
#include "pkg/kmod/module_probe.h"

namespace ki::kmod {

struct KmodOptions {
  std::string release;                        // default: uname -r
  std::string modules_root = "/lib/modules";  // the tree is <modules_root>/<release>
  std::string proc_modules = "/proc/modules";
  std::vector<std::string> kernel_configs;  // default: /proc/config.gz, /boot/config-<release>
};

Result<std::unique_ptr<ModuleProbe>> NewKmodProbe(KmodOptions options);

// Reads a kernel configuration file, gzip-compressed or plain.
Result<std::string> ReadKernelConfigFile(const std::string& path);

}  // namespace ki::kmod
