#include "pkg/base/atomic_file.h"
#include "pkg/k8s/client/yaml_json.h"
#include "pkg/phases/init_phases.h"

namespace ki::phases {
namespace {

namespace client = k8s::client;

void PrintDryRunActions(InitData& d, const std::vector<manifests::RenderedObject>& objects) {
  for (const manifests::RenderedObject& o : objects) {
    *d.out << "[dryrun] Would perform action CREATE on resource \"" << o.resource
           << "\" in API group \"" << o.api_group << "\"\n"
           << "[dryrun] Attached object:\n"
           << IndentForDryRun(o.yaml);
  }
}

// Every object as JSON before the first is sent, so a conversion failure
// changes nothing in the cluster.
Result<std::vector<nlohmann::json>> ToJson(const std::vector<manifests::RenderedObject>& objects) {
  std::vector<nlohmann::json> out;
  for (const manifests::RenderedObject& o : objects) {
    Result<nlohmann::json> json = client::JsonFromYaml(o.yaml);
    if (!json.ok()) return json.status().Wrap(o.kind + " " + o.name);
    out.push_back(std::move(*json));
  }
  return out;
}

// Creates or updates each object in the order rendered (kubeadm's: ConfigMap,
// DaemonSet, then the ServiceAccount and RBAC), stopping at the first
// failure; returns "3 created, 3 updated".
Result<std::string> ApplyToCluster(InitData& d,
                                   const std::vector<manifests::RenderedObject>& objects) {
  Result<std::vector<nlohmann::json>> docs = ToJson(objects);
  if (!docs.ok()) return docs.status().Wrap("convert the addon to JSON");
  int created = 0;
  int updated = 0;
  for (const nlohmann::json& doc : *docs) {
    Result<client::ApplyAction> action = d.cluster->CreateOrUpdate(doc);
    if (!action.ok()) return action.status();
    ++(*action == client::ApplyAction::kCreated ? created : updated);
  }
  *d.out << "[addons] Applied essential addon: kube-proxy\n";
  return std::to_string(created) + " created, " + std::to_string(updated) + " updated";
}

Status KubeProxyAddon(InitData& d) {
  if (d.loaded.config.proxy_disabled) {
    *d.out << "[addons] kube-proxy is disabled (proxy.disabled: true): skipping\n";
    return Status::Ok();
  }
  KI_RETURN_IF_ERROR(EnsureApiServerAddress(d));
  Result<std::vector<manifests::RenderedObject>> objects =
      manifests::RenderKubeProxyAddon(d.loaded.config, d.addon);
  if (!objects.ok()) return objects.status();
  std::string path = KubeProxyAddonPath(d.output_dir);
  d.files.push_back({path, manifests::JoinDocuments(*objects), 0644});
  std::string applied;
  if (d.dry_run) {
    PrintDryRunActions(d, *objects);
  } else if (d.cluster != nullptr) {
    // The files are written after the last phase; a write failing then could
    // not undo the cluster's change, so what would fail it fails here first.
    KI_RETURN_IF_ERROR(CheckWritable(d.files).Wrap("before applying to " + d.cluster->Server()));
    Result<std::string> counts = ApplyToCluster(d, *objects);
    if (!counts.ok()) return counts.status();
    applied = "applied to " + d.cluster->Server() + " (" + *counts + ") and ";
    d.cluster_changed = "the kube-proxy addon is applied to " + d.cluster->Server();
  }
  *d.out << "[addons] " << (d.dry_run ? "Would write" : "Wrote") << " essential addon: kube-proxy ("
         << d.loaded.config.kube_proxy.mode << " mode) to \"" << path << "\"\n";
  std::string what = "kube-proxy addon (" + d.loaded.config.kube_proxy.mode + " mode, image " +
                     manifests::ProxyImage(d.loaded.config, d.addon) + ") ";
  d.done.push_back(applied.empty()
                       ? what + "in " + path + "; apply it with `kubectl apply -f " + path + "`"
                       : what + applied + "written to " + path);
  return Status::Ok();
}

}  // namespace

workflow::Phase<InitData> AddonPhase() {
  workflow::Phase<InitData> kube_proxy{
      "kube-proxy", "Install the kube-proxy addon in IPVS mode", {}, KubeProxyAddon, {}};
  return {"addon", "Install required addons", {kube_proxy}, {}, {}};
}

}  // namespace ki::phases
