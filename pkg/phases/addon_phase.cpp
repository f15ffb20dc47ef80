#include "pkg/phases/init_phases.h"

namespace ki::phases {
namespace {

Status KubeProxyAddon(InitData& d) {
  if (d.loaded.config.proxy_disabled) {
    *d.out << "[addons] kube-proxy is disabled (proxy.disabled: true): skipping\n";
    return Status::Ok();
  }
  config::ClusterConfig& cluster = d.loaded.config;
  if (cluster.advertise_address.empty() && cluster.control_plane_endpoint.empty()) {
    // kubeadm's choice when none is given: the default route's address.
    Result<std::string> address = d.system->DefaultRouteAddress();
    if (!address.ok()) {
      return Status::Unavailable("no API server address given and none found (" +
                                 address.status().message() +
                                 "); set --apiserver-advertise-address or "
                                 "localAPIEndpoint.advertiseAddress");
    }
    cluster.advertise_address = *address;
    *d.out << "[addons] Using the default route's address " << *address
           << " as the API server address\n";
  }
  Result<std::vector<manifests::RenderedObject>> objects =
      manifests::RenderKubeProxyAddon(d.loaded.config, d.addon);
  if (!objects.ok()) return objects.status();
  std::string path = KubeProxyAddonPath(d.output_dir);
  d.files.push_back({path, manifests::JoinDocuments(*objects), 0644});
  if (d.dry_run) {
    for (const manifests::RenderedObject& o : *objects) {
      *d.out << "[dryrun] Would perform action CREATE on resource \"" << o.resource
             << "\" in API group \"" << o.api_group << "\"\n"
             << "[dryrun] Attached object:\n"
             << IndentForDryRun(o.yaml);
    }
  }
  *d.out << "[addons] " << (d.dry_run ? "Would write" : "Wrote") << " essential addon: kube-proxy ("
         << d.loaded.config.kube_proxy.mode << " mode) to \"" << path << "\"\n";
  d.done.push_back("kube-proxy addon (" + d.loaded.config.kube_proxy.mode + " mode, image " +
                   manifests::ProxyImage(d.loaded.config, d.addon) + ") in " + path +
                   "; apply it with `kubectl apply -f " + path + "`");
  return Status::Ok();
}

}  // namespace

workflow::Phase<InitData> AddonPhase() {
  workflow::Phase<InitData> kube_proxy{
      "kube-proxy", "Install the kube-proxy addon in IPVS mode", {}, KubeProxyAddon, {}};
  return {"addon", "Install required addons", {kube_proxy}, {}, {}};
}

}  // namespace ki::phases
