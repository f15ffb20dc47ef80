#include "cmd/kubeadm-ipvs/host.h"

#include "pkg/kmod/ipvs_diagnosis.h"
#include "pkg/kmod/kmod_probe.h"

namespace ki::cmd {

Result<Host> OpenHost() {
  Host host;
  host.system = preflight::NewHostSystem();
  Result<std::unique_ptr<kmod::ModuleProbe>> probe = kmod::NewKmodProbe({});
  if (!probe.ok()) return probe.status();
  host.modules = std::move(probe).value();
  return host;
}

Status ExplainIpvsUnavailable(const Status& status, kmod::ModuleProbe& modules) {
  if (status.code() != Code::kUnavailable) return status;
  return Status::Unavailable("IPVS is not available: " +
                             kmod::DiagnoseIpvsAbsence(modules).Explain());
}

Status ExplainIpvsUnavailable(const Status& status) {
  if (status.code() != Code::kUnavailable) return status;
  Result<std::unique_ptr<kmod::ModuleProbe>> probe = kmod::NewKmodProbe({});
  if (!probe.ok()) return status;
  return ExplainIpvsUnavailable(status, **probe);
}

}  // namespace ki::cmd
