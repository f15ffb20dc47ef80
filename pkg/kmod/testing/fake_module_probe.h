// An in-memory ModuleProbe for tests of the logic above it (preflight, the
// proxy's start-up): modules are set to a state; Load() of a loadable one
// makes it (and its dependencies) loaded, unless told to fail.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "pkg/kmod/module_probe.h"

namespace ki::kmod::testing {

class FakeModuleProbe final : public ModuleProbe {
 public:
  explicit FakeModuleProbe(std::string release = "6.1.0-test") : release_(std::move(release)) {}

  void Set(ModuleStatus st) { modules_[st.name] = std::move(st); }
  void FailLoad(const std::string& name, Status why) { load_errors_.insert_or_assign(name, why); }
  const std::vector<std::string>& loads() const { return loads_; }

  std::string KernelRelease() const override { return release_; }

  ModuleStatus Probe(const std::string& name) override {
    auto it = modules_.find(name);
    if (it != modules_.end()) return it->second;
    ModuleStatus st;
    st.name = name;
    st.reason = "not in the fake's module tree";
    return st;
  }

  Status Load(const std::string& name) override {
    loads_.push_back(name);
    if (auto err = load_errors_.find(name); err != load_errors_.end()) return err->second;
    ModuleStatus st = Probe(name);
    if (st.state == ModuleState::kMissing)
      return Status::Unavailable("load module " + name + ": " + st.reason);
    if (st.state == ModuleState::kLoadable) {
      for (const std::string& dep : st.dependencies) Load(dep).ok();
      st.state = ModuleState::kLoaded;
      st.load_state = "Live";
      Set(st);
    }
    return Status::Ok();
  }

 private:
  std::string release_;
  std::map<std::string, ModuleStatus> modules_;
  std::map<std::string, Status> load_errors_;
  std::vector<std::string> loads_;
};

}  // namespace ki::kmod::testing
