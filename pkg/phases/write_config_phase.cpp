#include "pkg/config/emit.h"
#include "pkg/phases/init_phases.h"

namespace ki::phases {
namespace {

// The resolved configuration as current kubeadm reads it (v1beta4 plus the
// KubeProxyConfiguration), so `kubeadm init --config` gets IPVS mode too.
// The API server address is resolved first, as kubeadm does when it loads
// the configuration, so the file names the address the addon uses.
Status WriteConfig(InitData& d) {
  KI_RETURN_IF_ERROR(EnsureApiServerAddress(d));
  std::string path = ResolvedConfigPath(d.output_dir);
  std::string text = config::EmitV1Beta4(d.loaded.config, config::ProxyDocument::kNonDefault);
  d.files.push_back({path, text, 0600});  // it carries bootstrap tokens
  *d.out << "[write-config] " << (d.dry_run ? "Would write" : "Writing")
         << " the resolved configuration (kubeadm.k8s.io/v1beta4) to \"" << path << "\"\n";
  d.done.push_back("resolved configuration in " + path + " (mode 0600)");
  return Status::Ok();
}

}  // namespace

workflow::Phase<InitData> WriteConfigPhase() {
  return {"write-config",
          "Write the resolved configuration as kubeadm.k8s.io/v1beta4 for kubeadm",
          {},
          WriteConfig,
          {}};
}

}  // namespace ki::phases
