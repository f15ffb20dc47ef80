#include "pkg/phases/init_phases.h"

namespace ki::phases {

Status EnsureApiServerAddress(InitData& d) {
  config::ClusterConfig& cluster = d.loaded.config;
  if (!cluster.advertise_address.empty() || !cluster.control_plane_endpoint.empty()) {
    return Status::Ok();
  }
  Result<std::string> address = d.system->DefaultRouteAddress();
  if (!address.ok()) {
    return Status::Unavailable("no API server address given and none found (" +
                               address.status().message() +
                               "); set --apiserver-advertise-address or "
                               "localAPIEndpoint.advertiseAddress");
  }
  cluster.advertise_address = *address;
  *d.out << "[init] Using the default route's address " << *address
         << " as the API server address (localAPIEndpoint.advertiseAddress)\n";
  return Status::Ok();
}

std::string IndentForDryRun(const std::string& text) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += "\t" + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

std::string ResolvedConfigPath(const std::string& output_dir) {
  return output_dir + "/kubeadm-config.yaml";
}

std::string KubeProxyAddonPath(const std::string& output_dir) {
  return output_dir + "/addons/kube-proxy.yaml";
}

std::vector<workflow::Phase<InitData>> InitPhases() {
  return {PreflightPhase(), WriteConfigPhase(), AddonPhase()};
}

Status Finish(InitData& d) {
  std::ostream& out = *d.out;
  if (d.dry_run) {
    for (const FileToWrite& f : d.files) {
      out << "[dryrun] Would write file \"" << f.path << "\" with content:\n"
          << IndentForDryRun(f.content);
    }
    out << "[dryrun] Finished dry-running successfully. Above are the resources that would be "
           "created.\n";
  } else {
    Status st = WriteFilesAtomic(d.files);
    if (!st.ok()) {
      return st.Wrap(d.cluster_changed.empty() ? "write the files of init (nothing was written)"
                                               : "write the files of init (no file was written; " +
                                                     d.cluster_changed + ")");
    }
  }
  out << (d.dry_run ? "\nkubeadm-ipvs init would have done:\n" : "\nkubeadm-ipvs init done:\n");
  for (const std::string& line : d.done) out << "  - " << line << "\n";
  return Status::Ok();
}

}  // namespace ki::phases
