// ModuleProbe: what the kernel says about a module (built in, loaded,
// loadable from the module tree, or missing, with the evidence) and loading
// one with its dependencies. The preflight checks and the proxy's start-up
// take it as an interface; KmodProbe is the libkmod implementation and
// testing/fake_module_probe.h an in-memory one. Implementations are not
// thread-safe.
#pragma once

#include <string>
#include <vector>

#include "pkg/base/status.h"

namespace ki::kmod {

enum class ModuleState { kBuiltin, kLoaded, kLoadable, kMissing };

const char* ModuleStateName(ModuleState state);  // "built in", "loaded", ...

struct ModuleStatus {
  std::string name;
  ModuleState state = ModuleState::kMissing;
  std::string load_state;                 // kLoaded: /proc/modules' Live, Loading, Unloading
  std::string path;                       // kLoadable/kLoaded: the module file, if known
  std::vector<std::string> dependencies;  // kLoadable: modules loaded with it
  std::string evidence;                   // the file or call that said so
  std::string reason;                     // kMissing: why, in a sentence
};

class ModuleProbe {
 public:
  virtual ~ModuleProbe() = default;
  virtual std::string KernelRelease() const = 0;
  virtual ModuleStatus Probe(const std::string& name) = 0;
  // Loads name with its dependencies; ok when it is built in or loaded.
  virtual Status Load(const std::string& name) = 0;
};

}  // namespace ki::kmod
