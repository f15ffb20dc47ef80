// The guide's third step: the IPVS kernel modules (kubeadm's IPVSProxierCheck),
// through libkmod: built in, loaded, loadable (and loaded now, when allowed),
// or missing with the reason and the fix.
#include "pkg/kmod/ipvs_diagnosis.h"
#include "pkg/kmod/kernel_modules.h"
#include "pkg/preflight/checks.h"

namespace ki::preflight {
namespace {

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

class IpvsModulesCheck final : public Check {
 public:
  IpvsModulesCheck(kmod::ModuleProbe& probe, std::string scheduler, ModuleAction action)
      : probe_(probe), scheduler_(std::move(scheduler)), action_(action) {}
  std::string Name() const override { return "IPVSProxierCheck"; }
  std::string Title() const override { return "IPVS kernel modules"; }

  std::vector<Finding> Run() override {
    std::string release = probe_.KernelRelease();
    Result<kmod::KernelVersion> version = kmod::ParseKernelRelease(release);
    if (!version.ok()) {
      return {{Name(), CheckState::kFailing, version.status().message(), "uname -r", ""}};
    }
    std::vector<Finding> out;
    for (const std::string& name : kmod::RequiredIpvsModules(*version, scheduler_)) {
      out.push_back(One(probe_.Probe(name), release));
    }
    return out;
  }

 private:
  Finding One(const kmod::ModuleStatus& st, const std::string& release) {
    Finding f{Name(), CheckState::kOk, "", st.evidence, ""};
    switch (st.state) {
      case kmod::ModuleState::kBuiltin:
        f.message = st.name + ": built in";
        break;
      case kmod::ModuleState::kLoaded:
        f.message = st.name + ": loaded (" + st.load_state + ")";
        break;
      case kmod::ModuleState::kLoadable:
        return Loadable(st, f);
      case kmod::ModuleState::kMissing:
        f.state = CheckState::kFailing;
        f.message = st.name + ": missing: " + st.reason;
        f.fix = kmod::FixForMissingModule(st, release);
        break;
    }
    return f;
  }

  Finding Loadable(const kmod::ModuleStatus& st, Finding f) {
    std::string deps = st.dependencies.empty() ? "" : ", with " + Join(st.dependencies, ", ");
    if (action_ == ModuleAction::kReport) {
      f.state = CheckState::kWarning;
      f.message = st.name + ": loadable (" + st.path + deps +
                  "), not loaded; the proxy loads it when it starts";
      f.fix = "kubeadm-ipvs preflight --load-modules (or modprobe -a " + st.name + ")";
      return f;
    }
    Status loaded = probe_.Load(st.name);
    if (!loaded.ok()) {
      f.state = CheckState::kFailing;
      f.message = st.name + ": " + loaded.message();
      f.fix = "check that " + st.path + " was built for kernel " + probe_.KernelRelease() +
              " (`modinfo " + st.name + "`, `dmesg`); loading modules needs root (CAP_SYS_MODULE)";
      return f;
    }
    f.message = st.name + ": loaded now through libkmod (" + st.path + deps + ")";
    return f;
  }

  kmod::ModuleProbe& probe_;
  std::string scheduler_;
  ModuleAction action_;
};

}  // namespace

std::unique_ptr<Check> NewIpvsModulesCheck(kmod::ModuleProbe& probe, std::string scheduler,
                                           ModuleAction action) {
  return std::make_unique<IpvsModulesCheck>(probe, std::move(scheduler), action);
}

}  // namespace ki::preflight
