#include "pkg/config/load.h"

#include <algorithm>
#include <cstdlib>

#include "pkg/base/edit_distance.h"
#include "pkg/base/quote.h"
#include "pkg/config/defaults.h"
#include "pkg/config/feature_gates.h"
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
  // The apiVersion of each kubeadm document read ("" = none): kubeadm decodes
  // every document by its own version, so they may differ.
  std::string master_version, init_version, cluster_version;
  Position first_master_or_split;  // to refuse a MasterConfiguration next to Init/Cluster
};

constexpr const char* kV1Alpha1 = "kubeadm.k8s.io/v1alpha1";
constexpr const char* kMasterConfiguration = "MasterConfiguration";

bool Once(DecodeContext& ctx, const YAML::Node& doc, bool& flag, Position& first,
          const std::string& kind) {
  if (flag) {
    // kubeadm: `invalid configuration: kind "X" is specified twice in YAML file`.
    ctx.diagnostics().Error(ctx.At(doc), "a second " + kind + " document (the first is at line " +
                                             std::to_string(first.line) + "); keep one");
    return false;
  }
  flag = true;
  first = ctx.At(doc);
  return true;
}

// Every key of a document that is skipped whole, so Finish() says nothing.
void TakeAll(MapReader& doc, const YAML::Node& node) {
  for (auto it = node.begin(); it != node.end(); ++it) doc.Take(it->first.Scalar());
}

const std::vector<std::string>& KubeadmKinds(bool old_api) {
  static const std::vector<std::string> kOld = {kMasterConfiguration, "NodeConfiguration"};
  static const std::vector<std::string> kNew = {"InitConfiguration",    "ClusterConfiguration",
                                                "JoinConfiguration",    "ResetConfiguration",
                                                "UpgradeConfiguration", "ClusterStatus"};
  return old_api ? kOld : kNew;
}

void DecodeKubeadmDocument(DecodeContext& ctx, MapReader& doc, const YAML::Node& node,
                           const std::string& api_version, const std::string& kind, Seen& seen,
                           ClusterConfig& out, ModeIntent& intent) {
  KubeadmVersion v = ParseKubeadmVersion(api_version);
  bool old_api = v == KubeadmVersion::kV1Alpha1 || v == KubeadmVersion::kV1Alpha2;
  bool master = kind == kMasterConfiguration && old_api;
  bool split = (kind == "InitConfiguration" || kind == "ClusterConfiguration") && !old_api;
  if ((master && (seen.has_init || seen.has_cluster)) || (split && seen.has_master)) {
    ctx.ErrorAt(node, "kind",
                "a " + kind + " document next to a" +
                    (master ? "n InitConfiguration/ClusterConfiguration" : " MasterConfiguration") +
                    " (line " + std::to_string(seen.first_master_or_split.line) +
                    "): MasterConfiguration (v1alpha1, v1alpha2) was split into them in "
                    "v1alpha3; use one form");
    TakeAll(doc, node);
    return;
  }
  if (master || split) {
    if (!seen.has_master && !seen.has_init && !seen.has_cluster) {
      seen.first_master_or_split = ctx.At(node);
    }
  }
  // kubeadm v1.9.0-v1.10.4 decoded v1alpha1 field names case-insensitively.
  ctx.set_fold_case(v == KubeadmVersion::kV1Alpha1);
  if (master) {
    if (Once(ctx, node, seen.has_master, seen.master, kind)) {
      seen.master_version = api_version;
      seen.master_has_proxy = node["kubeProxy"].IsDefined();
      DecodeMasterConfiguration(doc, v, out, intent);
    }
  } else if (kind == "InitConfiguration" && !old_api) {
    if (Once(ctx, node, seen.has_init, seen.init, kind)) {
      seen.init_version = api_version;
      DecodeInitConfiguration(doc, v, out);
    }
  } else if (kind == "ClusterConfiguration" && !old_api) {
    if (Once(ctx, node, seen.has_cluster, seen.cluster, kind)) {
      seen.cluster_version = api_version;
      DecodeClusterConfiguration(doc, v, out, intent);
    }
  } else {
    // kubeadm ignores a document of a kind it does not read for `init`
    // ("[config] WARNING: Ignored YAML document with GroupVersionKind ...").
    const std::vector<std::string>& kinds = KubeadmKinds(old_api);
    bool known = std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
    std::string why;
    if (known) {
      why = "`init` reads " + std::string(old_api ? "MasterConfiguration"
                                                  : "InitConfiguration and ClusterConfiguration");
    } else {
      std::string near = NearestName(kind, kinds);
      why = "kind " + Quote(kind) + " is not part of " + api_version + " (it has " +
            JoinNames(kinds) + ")" + (near.empty() ? "" : "; did you mean " + Quote(near) + "?");
      if (!old_api && kind == kMasterConfiguration) {
        why +=
            "; MasterConfiguration was split into InitConfiguration and ClusterConfiguration "
            "in v1alpha3";
      }
    }
    ctx.diagnostics().Warning(ctx.At(node),
                              Quote(kind) + " document skipped, as kubeadm does: " + why);
    TakeAll(doc, node);
  }
  ctx.set_fold_case(false);
}

// A document's apiVersion and kind, matched in any case as kubeadm does.
// Missing ones are filled as kubeadm v1.9/v1.10 did (they decoded the file
// into a v1alpha1 MasterConfiguration), but only for a file of one document:
// kubeadm since v1.11 splits documents and refuses a document without them.
struct TypeMeta {
  std::string api_version, kind;
  YAML::Node api_node, kind_node;  // the document itself where filled in
};

bool ReadTypeMeta(DecodeContext& ctx, MapReader& doc, const YAML::Node& node, size_t documents,
                  TypeMeta& meta) {
  std::string& api_version = meta.api_version;
  std::string& kind = meta.kind;
  YAML::Node api_node = doc.TakeAnyCase("apiVersion");
  YAML::Node kind_node = doc.TakeAnyCase("kind");
  meta.api_node = api_node.IsDefined() ? api_node : node;
  meta.kind_node = kind_node.IsDefined() ? kind_node : node;
  if ((api_node.IsDefined() && !Decode(ctx, api_node, "apiVersion", api_version)) ||
      (kind_node.IsDefined() && !Decode(ctx, kind_node, "kind", kind))) {
    return false;
  }
  if (!api_version.empty() && !kind.empty()) return true;
  bool fillable = documents == 1 && node.IsMap() && node.size() > 0 &&
                  (api_version.empty() || api_version == kV1Alpha1) &&
                  (kind.empty() || kind == kMasterConfiguration);
  if (!fillable) {
    ctx.diagnostics().Error(
        ctx.At(node),
        std::string(api_version.empty() && kind.empty() ? "document without apiVersion and kind"
                    : api_version.empty()               ? "document without apiVersion"
                                                        : "document without kind") +
            " (kubeadm: \"kind and apiVersion is mandatory information that must be "
            "specified\"); start it with e.g. \"apiVersion: kubeadm.k8s.io/v1beta4\" and "
            "\"kind: InitConfiguration\"");
    return false;
  }
  std::string missing = api_version.empty() && kind.empty() ? "apiVersion and kind"
                        : api_version.empty()               ? "apiVersion"
                                                            : "kind";
  api_version = kV1Alpha1;
  kind = kMasterConfiguration;
  ctx.diagnostics().Notice(ctx.At(node),
                           "no " + missing + ": read as apiVersion: " + kV1Alpha1 +
                               ", kind: MasterConfiguration, as kubeadm v1.9 and v1.10 did "
                               "(kubeadm v1.11 and later refuse the file); write them");
  return true;
}

void DecodeDocument(DecodeContext& ctx, const YAML::Node& node, size_t documents, Seen& seen,
                    ClusterConfig& out, ModeIntent& intent) {
  MapReader doc(ctx, node, "", "");
  if (!doc.valid()) return;
  TypeMeta meta;
  if (!ReadTypeMeta(ctx, doc, node, documents, meta)) return;
  const std::string& api_version = meta.api_version;
  const std::string& kind = meta.kind;
  if (api_version == kKubeProxyApiVersion) {
    if (kind != "KubeProxyConfiguration") {
      ctx.ErrorAt(meta.kind_node, "kind",
                  "kind " + Quote(kind) + " is not part of " + api_version +
                      " (it has KubeProxyConfiguration)");
      return;
    }
    if (!Once(ctx, node, seen.has_proxy, seen.proxy, kind)) return;
    MapReader kp(ctx, node, "", "kubeProxy");
    kp.TakeAnyCase("apiVersion");
    kp.TakeAnyCase("kind");
    DecodeKubeProxyFields(kp, out.kube_proxy);
    kp.Finish();
    TakeAll(doc, node);
  } else if (ParseKubeadmVersion(api_version) != KubeadmVersion::kUnknown) {
    DecodeKubeadmDocument(ctx, doc, node, api_version, kind, seen, out, intent);
  } else if (api_version.rfind("kubeadm.k8s.io/", 0) == 0 ||
             api_version.rfind("kubeproxy.config.k8s.io/", 0) == 0) {
    // A version of our own groups we can't read: skipping it would run
    // with defaults the file did not ask for.
    ctx.ErrorAt(
        meta.api_node, "apiVersion",
        "unknown apiVersion " + Quote(api_version) +
            "; known: kubeadm.k8s.io/v1alpha1..v1alpha3, kubeadm.k8s.io/v1beta1..v1beta4, " +
            kKubeProxyApiVersion);
    return;
  } else {
    // Another component's configuration (KubeletConfiguration, ...):
    // kubeadm ignores it with "[config] WARNING: Ignored YAML document".
    std::string what = api_version.rfind("kubelet.config.k8s.io/", 0) == 0
                           ? "kubeadm-ipvs does not configure the kubelet"
                           : "it is not a kubeadm or kube-proxy configuration";
    ctx.diagnostics().Warning(ctx.At(node), Quote(api_version) + " " + Quote(kind) +
                                                " document skipped, as kubeadm does: " + what);
    TakeAll(doc, node);
  }
  doc.Finish();
}

std::string Describe(const Seen& seen) {
  // Grouped by version, the ClusterConfiguration's first: CheckKubernetesVersion
  // reads the version that carries kubernetesVersion from the front.
  std::vector<std::pair<std::string, std::string>> parts;  // version, kinds
  auto add = [&](const std::string& version, const char* kind) {
    if (version.empty()) return;
    for (auto& [v, kinds] : parts) {
      if (v == version) {
        kinds += std::string("+") + kind;
        return;
      }
    }
    parts.emplace_back(version, kind);
  };
  add(seen.master_version, "MasterConfiguration");
  if (seen.init_version == seen.cluster_version || seen.cluster_version.empty()) {
    add(seen.init_version, "InitConfiguration");
    add(seen.cluster_version, "ClusterConfiguration");
  } else {
    add(seen.cluster_version, "ClusterConfiguration");
    add(seen.init_version, "InitConfiguration");
  }
  std::string out;
  for (const auto& [version, kinds] : parts) {
    out += (out.empty() ? "" : " + ") + version + " " + kinds;
  }
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
  for (const YamlDocument& d : *docs) {
    DecodeDocument(ctx, d.root, docs->size(), seen, out.config, intent);
  }
  // kubeadm v1.9/v1.10 read a v1alpha1 file whole, and kube-proxy reads its
  // --config whole (the first YAML document); every later kubeadm splits a
  // file at "---" lines and refuses a piece with no content.
  bool read_whole = docs->size() == 1 &&
                    (seen.master_version == kV1Alpha1 ||
                     (seen.has_proxy && !seen.has_master && !seen.has_init && !seen.has_cluster));
  if (!read_whole) {
    for (const ContentlessChunk& c : FindContentlessChunks(text)) {
      std::string lines = c.first_line == c.last_line ? "line " + std::to_string(c.first_line)
                                                      : "lines " + std::to_string(c.first_line) +
                                                            "-" + std::to_string(c.last_line);
      std::string sep = "the \"---\" at line " + std::to_string(c.separator_line);
      out.diagnostics.Error(
          Position{file, c.first_line, 1},
          (c.trailing ? sep + " is followed only by comments or blank lines (" + lines + ")"
                      : lines + " hold only comments or blank lines before " + sep) +
              "; kubeadm reads that as a document and refuses it (\"kind and apiVersion is "
              "mandatory information that must be specified\"); delete " +
              sep);
    }
  }
  if (!out.diagnostics.has_errors() && !seen.has_master && !seen.has_init && !seen.has_cluster &&
      !seen.has_proxy) {
    out.diagnostics.Error(Position{file, 1, 1},
                          "no InitConfiguration or ClusterConfiguration kind was found in the "
                          "YAML file (kubeadm's words); every document was skipped");
  }
  if (seen.master_has_proxy && seen.has_proxy) {
    // Both a kubeProxy.config block and a KubeProxyConfiguration document:
    // the second silently overwriting the first would hide a mistake.
    out.diagnostics.Error(seen.proxy,
                          "a KubeProxyConfiguration document next to a MasterConfiguration; put "
                          "the proxy settings in one place (kubeProxy.config for " +
                              seen.master_version + ")");
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
