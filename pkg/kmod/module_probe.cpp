#include "pkg/kmod/module_probe.h"

namespace ki::kmod {

const char* ModuleStateName(ModuleState state) {
  switch (state) {
    case ModuleState::kBuiltin:
      return "built in";
    case ModuleState::kLoaded:
      return "loaded";
    case ModuleState::kLoadable:
      return "loadable";
    case ModuleState::kMissing:
      break;
  }
  return "missing";
}

}  // namespace ki::kmod
