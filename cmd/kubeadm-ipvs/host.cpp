#include "cmd/kubeadm-ipvs/host.h"

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

}  // namespace ki::cmd
