#include "pkg/config/load.h"

#include <cstdlib>

#include "pkg/base/quote.h"
#include "pkg/config/defaults.h"
#include "pkg/config/intent.h"
#include "pkg/config/kube_proxy_decode.h"
#include "pkg/config/kubeadm_decode.h"
#include "pkg/config/resolve_mode.h"
#include "pkg/config/validate.h"
#include "pkg/config/yaml_input.h"

namespace ki::config {
namespace {

constexpr const char* kKubeProxyApiVersion = "kubeproxy.config.k8s.io/v1alpha1";

// What the documents of one stream held, to check their combination.
struct Seen {
  Position master, init, cluster, proxy;
  bool has_master = false, has_init = false, has_cluster = false, has_proxy = false;
  bool master_has_proxy = false;  // a kubeProxy block inside the MasterConfiguration
  KubeadmVersion version = KubeadmVersion::kUnknown;
  std::string version_text;
};

bool Once(DecodeContext& ctx, const YAML::Node& doc, bool& flag, Position& first,
          const std::string& kind) {
  if (flag) {
    ctx.diagnostics().Error(ctx.At(doc), "a second " + kind + " document (the first is at line " +
                                             std::to_string(first.line) + "); keep one");
    return false;
  }
  flag = true;
  first = ctx.At(doc);
  return true;
}

void DecodeKubeadmDocument(DecodeContext& ctx, MapReader& doc, const YAML::Node& node,
                           const std::string& api_version, const std::string& kind, Seen& seen,
                           ClusterConfig& out, ModeIntent& intent) {
  KubeadmVersion v = ParseKubeadmVersion(api_version);
  if (seen.version != KubeadmVersion::kUnknown && seen.version != v) {
    ctx.ErrorAt(node, "apiVersion",
                "documents mix " + seen.version_text + " and " + api_version + "; use one version");
    return;
  }
  seen.version = v;
  seen.version_text = api_version;
  bool old_api = v == KubeadmVersion::kV1Alpha1 || v == KubeadmVersion::kV1Alpha2;
  if (kind == "MasterConfiguration" && old_api) {
    if (Once(ctx, node, seen.has_master, seen.master, kind)) {
      seen.master_has_proxy = node["kubeProxy"].IsDefined();
      DecodeMasterConfiguration(doc, v, out, intent);
    }
  } else if (kind == "InitConfiguration" && !old_api) {
    if (Once(ctx, node, seen.has_init, seen.init, kind)) DecodeInitConfiguration(doc, v, out);
  } else if (kind == "ClusterConfiguration" && !old_api) {
    if (Once(ctx, node, seen.has_cluster, seen.cluster, kind)) {
      DecodeClusterConfiguration(doc, v, out, intent);
    }
  } else if (kind == "JoinConfiguration" || kind == "NodeConfiguration" ||
             kind == "ResetConfiguration" || kind == "UpgradeConfiguration" ||
             kind == "ClusterStatus") {
    ctx.diagnostics().Warning(
        ctx.At(node),
        kind + " document skipped: `init` reads " +
            (old_api ? "MasterConfiguration" : "InitConfiguration and ClusterConfiguration"));
    for (auto it = node.begin(); it != node.end(); ++it) doc.Take(it->first.Scalar());
  } else {
    ctx.ErrorAt(node, "kind",
                "kind " + Quote(kind) + " is not part of " + api_version +
                    (old_api ? " (it has MasterConfiguration)"
                             : " (it has InitConfiguration and ClusterConfiguration; "
                               "MasterConfiguration was split into them in v1alpha3)"));
  }
}

void DecodeDocument(DecodeContext& ctx, const YAML::Node& node, Seen& seen, ClusterConfig& out,
                    ModeIntent& intent) {
  MapReader doc(ctx, node, "", "");
  if (!doc.valid()) return;
  std::string api_version, kind;
  if (!doc.Has("apiVersion") || !doc.Has("kind")) {
    ctx.diagnostics().Error(
        ctx.At(node),
        "document without apiVersion and kind; start it with e.g. "
        "\"apiVersion: kubeadm.k8s.io/v1beta4\" and \"kind: InitConfiguration\"");
    return;
  }
  YAML::Node api_node = doc.Take("apiVersion");
  YAML::Node kind_node = doc.Take("kind");
  if (!Decode(ctx, api_node, "apiVersion", api_version) || !Decode(ctx, kind_node, "kind", kind)) {
    return;
  }
  if (api_version == kKubeProxyApiVersion) {
    if (kind != "KubeProxyConfiguration") {
      ctx.ErrorAt(kind_node, "kind",
                  "kind " + Quote(kind) + " is not part of " + api_version +
                      " (it has KubeProxyConfiguration)");
      return;
    }
    if (!Once(ctx, node, seen.has_proxy, seen.proxy, kind)) return;
    MapReader kp(ctx, node, "", "kubeProxy");
    kp.Take("apiVersion");
    kp.Take("kind");
    DecodeKubeProxyFields(kp, out.kube_proxy);
    kp.Finish();
    for (auto it = node.begin(); it != node.end(); ++it) doc.Take(it->first.Scalar());
  } else if (ParseKubeadmVersion(api_version) != KubeadmVersion::kUnknown) {
    DecodeKubeadmDocument(ctx, doc, node, api_version, kind, seen, out, intent);
  } else if (api_version.rfind("kubelet.config.k8s.io/", 0) == 0) {
    ctx.diagnostics().Warning(ctx.At(node), QuotePath(kind) +
                                                " document skipped: kubeadm-ipvs does not "
                                                "configure the kubelet");
    for (auto it = node.begin(); it != node.end(); ++it) doc.Take(it->first.Scalar());
  } else {
    ctx.ErrorAt(
        api_node, "apiVersion",
        "unknown apiVersion " + Quote(api_version) +
            "; known: kubeadm.k8s.io/v1alpha1..v1alpha3, kubeadm.k8s.io/v1beta1..v1beta4, " +
            kKubeProxyApiVersion);
    return;
  }
  doc.Finish();
}

std::string Describe(const Seen& seen) {
  std::string kinds;
  auto add = [&](bool has, const char* k) {
    if (!has) return;
    if (!kinds.empty()) kinds += "+";
    kinds += k;
  };
  add(seen.has_master, "MasterConfiguration");
  add(seen.has_init, "InitConfiguration");
  add(seen.has_cluster, "ClusterConfiguration");
  std::string out = seen.version_text.empty() ? "" : seen.version_text + " " + kinds;
  if (seen.has_proxy) out += std::string(out.empty() ? "" : " + ") + "KubeProxyConfiguration";
  return out;
}

void DecodeInto(std::string_view text, const std::string& file, LoadedConfig& out,
                ModeIntent& intent) {
  Result<std::vector<YamlDocument>> docs = ParseYamlDocuments(text, file);
  if (!docs.ok()) {
    out.diagnostics.Error(Position{}, docs.status().message());
    return;
  }
  DecodeContext ctx(file, out.diagnostics, out.sources);
  Seen seen;
  for (const YamlDocument& d : *docs) DecodeDocument(ctx, d.root, seen, out.config, intent);
  if (seen.master_has_proxy && seen.has_proxy) {
    // Both a kubeProxy.config block and a KubeProxyConfiguration document:
    // the second silently overwriting the first would hide a mistake.
    out.diagnostics.Error(seen.proxy,
                          "a KubeProxyConfiguration document next to a MasterConfiguration; put "
                          "the proxy settings in one place (kubeProxy.config for " +
                              seen.version_text + ")");
  }
  out.source = Describe(seen);
  auto mode = out.sources.find("kubeProxy.mode");
  if (mode != out.sources.end() && !out.config.kube_proxy.mode.empty()) {
    intent.proxy_mode = Said<std::string>{out.config.kube_proxy.mode, mode->second.where,
                                          mode->second.written_path};
  }
}

// Flags become model fields with a source named after the flag, so that
// validation errors say "--service-cidr: ..." rather than a YAML path.
void ApplyFlags(const FlagOverrides& f, ClusterConfig& c, SourceMap& sources) {
  auto set = [&](const std::optional<std::string>& v, std::string& field, const char* key,
                 const char* flag) {
    if (!v) return;
    field = *v;
    sources[key] = SourceEntry{Position{}, flag};
  };
  set(f.kubernetes_version, c.kubernetes_version, "kubernetesVersion", "--kubernetes-version");
  set(f.pod_network_cidr, c.pod_subnet, "networking.podSubnet", "--pod-network-cidr");
  set(f.service_cidr, c.service_subnet, "networking.serviceSubnet", "--service-cidr");
  set(f.advertise_address, c.advertise_address, "advertiseAddress",
      "--apiserver-advertise-address");
  set(f.control_plane_endpoint, c.control_plane_endpoint, "controlPlaneEndpoint",
      "--control-plane-endpoint");
  set(f.image_repository, c.image_repository, "imageRepository", "--image-repository");
  if (f.bind_port) {
    c.bind_port = *f.bind_port;
    sources["bindPort"] = SourceEntry{Position{}, "--apiserver-bind-port"};
  }
}

}  // namespace

std::vector<std::string> FlagOverrides::SetNames() const {
  std::vector<std::string> names;
  auto add = [&](bool set, const char* name) {
    if (set) names.emplace_back(name);
  };
  add(advertise_address.has_value(), "apiserver-advertise-address");
  add(bind_port.has_value(), "apiserver-bind-port");
  add(control_plane_endpoint.has_value(), "control-plane-endpoint");
  add(image_repository.has_value(), "image-repository");
  add(kubernetes_version.has_value(), "kubernetes-version");
  add(pod_network_cidr.has_value(), "pod-network-cidr");
  add(service_cidr.has_value(), "service-cidr");
  return names;
}

std::optional<std::string> ProxyModeFromEnvironment() {
  const char* value = std::getenv("KUBEPROXY_MODE");
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

LoadedConfig DecodeConfigText(std::string_view text, const std::string& file) {
  LoadedConfig out;
  ModeIntent intent;
  DecodeInto(text, file, out, intent);
  return out;
}

LoadedConfig LoadConfigText(std::string_view text, const std::string& file,
                            const LoadOptions& options) {
  LoadedConfig out;
  ModeIntent intent;
  DecodeInto(text, file, out, intent);
  if (!out.ok()) return out;
  out.mode_source = ResolveProxyMode(options, intent, out.sources, out.config, out.diagnostics);
  if (!out.ok()) return out;
  ApplyKubeadmDefaults(out.config);
  CheckKubernetesVersion(out.config, out.source, out.sources, out.diagnostics);
  Validate(out.config, out.sources, out.diagnostics);
  return out;
}

LoadedConfig LoadConfig(const LoadOptions& options) {
  std::vector<std::string> flags = options.flags.SetNames();
  if (options.config_path && !flags.empty()) {
    LoadedConfig out;
    std::string list;
    for (const std::string& f : flags) list += (list.empty() ? "" : " ") + f;
    out.diagnostics.Error(Position{}, "can not mix '--config' with arguments [" + list +
                                          "]; put these settings in the configuration file");
    return out;
  }
  if (options.config_path) {
    Result<std::string> text = ReadConfigFile(*options.config_path);
    if (!text.ok()) {
      LoadedConfig out;
      out.diagnostics.Error(Position{}, text.status().message());
      return out;
    }
    return LoadConfigText(*text, *options.config_path, options);
  }
  LoadedConfig out;
  ModeIntent intent;
  ApplyFlags(options.flags, out.config, out.sources);
  out.mode_source = ResolveProxyMode(options, intent, out.sources, out.config, out.diagnostics);
  if (out.ok()) {
    ApplyKubeadmDefaults(out.config);
    CheckKubernetesVersion(out.config, out.source, out.sources, out.diagnostics);
    Validate(out.config, out.sources, out.diagnostics);
  }
  return out;
}

}  // namespace ki::config
