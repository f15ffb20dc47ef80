#include "pkg/kmod/ipvs_diagnosis.h"

#include "pkg/kmod/kernel_modules.h"

namespace ki::kmod {

std::string IpvsAbsence::Explain() const {
  return "ip_vs: " + std::string(ModuleStateName(state)) + ": " + reason + "\n\tfix: " + fix;
}

std::string FixForMissingModule(const ModuleStatus& st, const std::string& release) {
  if (st.reason.find("is not set") != std::string::npos) {
    return "boot a kernel built with " + ConfigSymbolFor(st.name) +
           "=m or =y (Debian's linux-image-amd64 and linux-image-cloud-amd64 have it)";
  }
  if (st.reason.find("no loadable module support") != std::string::npos) {
    return "boot a kernel with module support (CONFIG_MODULES=y) or with " +
           ConfigSymbolFor(st.name) + "=y";
  }
  return "install the modules of kernel " + release +
         " (the linux-image package matching `uname -r`), then check `modinfo " + st.name + "`";
}

IpvsAbsence DiagnoseIpvsAbsence(ModuleProbe& probe) {
  ModuleStatus st = probe.Probe("ip_vs");
  IpvsAbsence a;
  a.state = st.state;
  a.evidence = st.evidence;
  switch (st.state) {
    case ModuleState::kMissing:
      a.reason = st.reason;
      a.fix = FixForMissingModule(st, probe.KernelRelease());
      break;
    case ModuleState::kLoadable:
      a.reason = "the module (" + st.path + ") is not loaded";
      a.fix =
          "kubeadm-ipvs preflight --load-modules (or modprobe ip_vs); `kubeadm-ipvs proxy` "
          "loads it when it starts";
      break;
    case ModuleState::kLoaded:
    case ModuleState::kBuiltin:
      a.reason = "yet the kernel has no \"IPVS\" generic netlink family";
      a.fix =
          "check `dmesg` for ip_vs errors; in a container, run with the host's kernel "
          "modules and CAP_NET_ADMIN";
      break;
  }
  return a;
}

}  // namespace ki::kmod
