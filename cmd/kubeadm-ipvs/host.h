// The real host interfaces the commands hand to pkg/ (tests hand fakes).
#pragma once

#include <memory>

#include "pkg/base/status.h"
#include "pkg/kmod/module_probe.h"
#include "pkg/preflight/system.h"

namespace ki::cmd {

struct Host {
  std::unique_ptr<preflight::System> system;
  std::unique_ptr<kmod::ModuleProbe> modules;
};

Result<Host> OpenHost();

// An unavailable IPVS (no netlink family) explained by preflight's diagnosis
// of ip_vs: not built into this kernel, or loadable but not loaded, with the
// fix. Other statuses are returned as they are.
Status ExplainIpvsUnavailable(const Status& status, kmod::ModuleProbe& modules);
Status ExplainIpvsUnavailable(const Status& status);  // probes through libkmod

}  // namespace ki::cmd
