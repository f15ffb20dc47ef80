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

}  // namespace ki::cmd
