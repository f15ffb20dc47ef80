#include "pkg/config/kubeadm_decode.h"

#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "pkg/base/quote.h"
#include "pkg/config/feature_gates.h"
#include "pkg/config/field_table.h"
#include "pkg/config/gate_check.h"
#include "pkg/config/kube_proxy_decode.h"

namespace ki::config {
namespace {

constexpr std::pair<const char*, KubeadmVersion> kVersions[] = {
    {"kubeadm.k8s.io/v1alpha1", KubeadmVersion::kV1Alpha1},
    {"kubeadm.k8s.io/v1alpha2", KubeadmVersion::kV1Alpha2},
    {"kubeadm.k8s.io/v1alpha3", KubeadmVersion::kV1Alpha3},
    {"kubeadm.k8s.io/v1beta1", KubeadmVersion::kV1Beta1},
    {"kubeadm.k8s.io/v1beta2", KubeadmVersion::kV1Beta2},
    {"kubeadm.k8s.io/v1beta3", KubeadmVersion::kV1Beta3},
    {"kubeadm.k8s.io/v1beta4", KubeadmVersion::kV1Beta4},
};

std::string Join(std::string_view prefix, std::string_view key) {
  return prefix.empty() ? std::string(key) : std::string(prefix) + "." + std::string(key);
}

// The name of path's field directly below parent ("" = the top), or "".
std::string_view ChildName(std::string_view path, std::string_view parent) {
  if (!parent.empty()) {
    if (path.size() <= parent.size() + 1 || path.substr(0, parent.size()) != parent ||
        path[parent.size()] != '.') {
      return {};
    }
    path.remove_prefix(parent.size() + 1);
  }
  return path.find('.') == std::string_view::npos ? path : std::string_view{};
}

// The upstream fields of one document's apiVersion and kind.
class Schema {
 public:
  Schema(KubeadmVersion v, std::string_view kind) {
    for (const auto& [name, version] : kVersions) {
      if (version != v) continue;
      for (const TypeTable& t : KubeadmTypeTables()) {
        if (t.api_version == name && t.kind == kind) table_ = &t;
      }
    }
  }
  const TypeTable* table() const { return table_; }
  const FieldSpec* Find(std::string_view path) const {
    if (table_ == nullptr) return nullptr;
    for (const FieldSpec& f : table_->fields) {
      if (f.path == path) return &f;
    }
    return nullptr;
  }

 private:
  const TypeTable* table_ = nullptr;
};

// "InitConfiguration (v1beta3, v1beta4), ClusterConfiguration (v1beta4)".
std::string DescribeTables(const std::vector<const TypeTable*>& tables) {
  std::vector<std::pair<std::string, std::string>> kinds;  // kind, versions
  for (const TypeTable* t : tables) {
    std::string version(t->api_version.substr(t->api_version.find('/') + 1));
    auto it =
        std::find_if(kinds.begin(), kinds.end(), [&](const auto& k) { return k.first == t->kind; });
    if (it == kinds.end()) {
      kinds.emplace_back(std::string(t->kind), version);
    } else {
      it->second += ", " + version;
    }
  }
  std::string out;
  for (const auto& [kind, versions] : kinds) {
    out += (out.empty() ? "" : ", ") + kind + " (" + versions + ")";
  }
  return out;
}

bool IsEmptyValue(const YAML::Node& n) {
  if (IsNullValue(n)) return true;
  if (n.IsMap() || n.IsSequence()) return n.size() == 0;
  return n.IsScalar() && (n.Scalar().empty() || n.Scalar() == "false");
}

bool CheckValue(DecodeContext& ctx, const Schema& s, const YAML::Node& n,
                const std::string& written, const FieldSpec& spec);

// One mapping of a kubeadm document at a path of its table: reads only what
// the document's version has (the rest is left to the unknown-field warning,
// or named as another version's field), with upstream's null semantics (a
// pointer, slice or map row reads null as unset).
class Fields {
 public:
  Fields(MapReader& m, const Schema& s, std::string path, const YAML::Node& node = YAML::Node())
      : m_(m), s_(s), path_(std::move(path)), node_(node) {}

  MapReader& reader() { return m_; }
  DecodeContext& ctx() { return m_.ctx(); }
  const Schema& schema() const { return s_; }
  const std::string& path() const { return path_; }
  // The mapping itself (undefined for a whole document).
  const YAML::Node& node() const { return node_; }

  const FieldSpec* Spec(std::string_view key) const { return s_.Find(Join(path_, key)); }
  bool Present(std::string_view key) const { return Spec(key) != nullptr && m_.Has(key); }

  // Decodes key into out when this version has it; canonical as MapReader::Read.
  template <typename T>
  bool Read(std::string_view key, T& out, std::string_view canonical = {}) {
    const FieldSpec* spec = Spec(key);
    if (spec == nullptr) return false;
    return spec->pointer ? m_.ReadNullable(key, out, canonical) : m_.Read(key, out, canonical);
  }

  // extraArgs and kubeletExtraArgs: a mapping before v1beta4, a list of
  // {name, value} in v1beta4 (Go refuses the other shape in each).
  void Args(std::string_view key, ArgList& out, std::string_view canonical = {}) {
    const FieldSpec* spec = Spec(key);
    if (spec == nullptr || !m_.Has(key)) return;
    YAML::Node n = m_.Take(key);
    std::string written = m_.WrittenPath(key);
    ctx().Record(m_.CanonicalPath(canonical.empty() ? key : canonical), n, written);
    if (IsNullValue(n)) return;
    if (spec->type == FieldType::kArgList && !n.IsSequence()) {
      ctx().ErrorAt(n, written,
                    "expected a list of {name, value} arguments, got " + Describe(n) +
                        (n.IsMap() ? "; the flag-to-value mapping is the form of v1beta3 and "
                                     "older, v1beta4 lists them"
                                   : ""));
      return;
    }
    if (spec->type == FieldType::kStringMap && !n.IsMap()) {
      ctx().ErrorAt(n, written,
                    "expected a mapping of flag names to values, got " + Describe(n) +
                        (n.IsSequence() ? "; the list of {name, value} is v1beta4's form" : ""));
      return;
    }
    Decode(ctx(), n, written, out);
  }

  // A field with no place in the model: decoded as upstream would (so a
  // wrong shape is still an error), then said in a notice unless it holds
  // nothing. Returns the value (undefined when absent).
  YAML::Node Uncarried(std::string_view key, std::string_view why) {
    const FieldSpec* spec = Spec(key);
    if (spec == nullptr || !m_.Has(key)) return YAML::Node(YAML::NodeType::Undefined);
    YAML::Node n = m_.Take(key);
    std::string written = m_.WrittenPath(key);
    if (CheckValue(ctx(), s_, n, written, *spec) && !IsEmptyValue(n)) {
      ctx().diagnostics().Notice(ctx().At(n), written +
                                                  " is accepted but has no effect and is not "
                                                  "carried over by `config migrate`: " +
                                                  std::string(why));
    }
    return n;
  }

  // The object at key, read by body; nothing when absent or null (a nil
  // pointer, or no effect on a struct).
  void Object(std::string_view key, const std::function<void(Fields&)>& body,
              std::string_view canonical = {}) {
    if (!Present(key)) return;
    YAML::Node n = m_.Take(key);
    if (IsNullValue(n)) return;
    std::string written = m_.WrittenPath(key);
    std::string canon = m_.CanonicalPath(canonical.empty() ? key : canonical);
    ctx().Record(canon, n, written);
    MapReader child(ctx(), n, written, canon);
    if (!child.valid()) return;
    Fields f(child, s_, Join(path_, key), n);
    body(f);
    f.Finish();
  }

  // Every item of the list of objects at key. False when absent or null
  // (a nil slice).
  bool Items(std::string_view key, const std::function<void(Fields&)>& body,
             std::string_view canonical = {}) {
    if (!Present(key)) return false;
    YAML::Node n = m_.Take(key);
    std::string written = m_.WrittenPath(key);
    std::string canon = m_.CanonicalPath(canonical.empty() ? key : canonical);
    ctx().Record(canon, n, written);
    if (IsNullValue(n)) return false;
    if (!n.IsSequence()) {
      ctx().ErrorAt(n, written, "expected a list, got " + Describe(n));
      return false;
    }
    for (size_t i = 0; i < n.size(); ++i) {
      std::string index = "[" + std::to_string(i) + "]";
      MapReader item(ctx(), n[i], written + index, canon + index);
      if (!item.valid()) continue;
      Fields f(item, s_, Join(path_, key) + "[]", n[i]);
      body(f);
      f.Finish();
    }
    return true;
  }

  // Keys that are fields of another kubeadm version or kind but not of this
  // one: kubeadm ignores them (with a warning since v1.15); say whose they are.
  void NameOtherVersionsFields() {
    std::map<std::string, std::vector<const TypeTable*>, std::less<>> owners;
    for (const TypeTable& t : KubeadmTypeTables()) {
      if (&t == s_.table()) continue;
      for (const FieldSpec& f : t.fields) {
        std::string_view name = ChildName(f.path, path_);
        if (name.empty() || Spec(name) != nullptr) continue;
        std::vector<const TypeTable*>& tables = owners[std::string(name)];
        if (tables.empty() || tables.back() != &t) tables.push_back(&t);
      }
    }
    const TypeTable* own = s_.table();
    for (const auto& [name, tables] : owners) {
      if (own == nullptr || !m_.Has(name)) continue;
      YAML::Node n = m_.Take(name);
      ctx().diagnostics().Warning(
          ctx().At(n), Quote(m_.WrittenPath(name)) + " is a field of " + DescribeTables(tables) +
                           ", not of " + std::string(own->api_version) + " " +
                           std::string(own->kind) + "; it is ignored, as kubeadm ignores it");
    }
  }

  void Finish() {
    NameOtherVersionsFields();
    m_.Finish();
  }

 private:
  MapReader& m_;
  const Schema& s_;
  std::string path_;
  YAML::Node node_;
};

// Every field of an object with no place in the model, checked by its table.
void DecodeObjectByTable(Fields& f) {
  const TypeTable* t = f.schema().table();
  if (t == nullptr) return;
  for (const FieldSpec& row : t->fields) {
    std::string_view name = ChildName(row.path, f.path());
    if (name.empty() || !f.reader().Has(name)) continue;
    YAML::Node n = f.reader().Take(name);
    CheckValue(f.ctx(), f.schema(), n, f.reader().WrittenPath(name), row);
  }
}

bool CheckObject(DecodeContext& ctx, const Schema& s, const YAML::Node& n,
                 const std::string& written, std::string path) {
  MapReader m(ctx, n, written, "");
  if (!m.valid()) return false;
  Fields f(m, s, std::move(path), n);
  DecodeObjectByTable(f);
  f.Finish();
  return true;
}

// Decodes n as the type of spec and drops it: a field kubeadm-ipvs does not
// carry is still held to the shape Go's decoder required.
bool CheckValue(DecodeContext& ctx, const Schema& s, const YAML::Node& n,
                const std::string& written, const FieldSpec& spec) {
  if (IsNullValue(n)) {
    if (spec.type != FieldType::kDuration || spec.pointer) return true;
    ctx.ErrorAt(n, written,
                "null is not a duration (upstream fails the same way: time: invalid duration "
                "\"\"); remove the key, or write a duration such as \"30s\"");
    return false;
  }
  switch (spec.type) {
    case FieldType::kString:
    case FieldType::kGatesString: {
      std::string v;
      return Decode(ctx, n, written, v);
    }
    case FieldType::kBool: {
      bool v = false;
      return Decode(ctx, n, written, v);
    }
    case FieldType::kInt32:
    case FieldType::kInt64: {
      int32_t v = 0;
      return Decode(ctx, n, written, v);
    }
    case FieldType::kFloat: {
      double v = 0;
      return Decode(ctx, n, written, v);
    }
    case FieldType::kDuration: {
      Duration v;
      return Decode(ctx, n, written, v);
    }
    case FieldType::kStringList: {
      std::vector<std::string> v;
      return Decode(ctx, n, written, v);
    }
    case FieldType::kStringMap: {
      if (!n.IsMap()) {
        ctx.ErrorAt(n, written, "expected a mapping of strings, got " + Describe(n));
        return false;
      }
      MapReader m(ctx, n, written, "");
      bool ok = m.valid();
      for (auto it = n.begin(); ok && it != n.end(); ++it) {
        std::string key = it->first.Scalar();
        std::string v;
        ok = Decode(ctx, m.Take(key), m.WrittenPath(key), v) && ok;
      }
      return ok;
    }
    case FieldType::kArgList: {
      if (!n.IsSequence()) {
        ctx.ErrorAt(n, written, "expected a list of {name, value} arguments, got " + Describe(n));
        return false;
      }
      ArgList v;
      return Decode(ctx, n, written, v);
    }
    case FieldType::kGates: {
      FeatureGates v;
      return Decode(ctx, n, written, v);
    }
    case FieldType::kObject:
      return CheckObject(ctx, s, n, written, std::string(spec.path));
    case FieldType::kObjectList: {
      if (!n.IsSequence()) {
        ctx.ErrorAt(n, written, "expected a list, got " + Describe(n));
        return false;
      }
      bool ok = true;
      for (size_t i = 0; i < n.size(); ++i) {
        ok = CheckObject(ctx, s, n[i], written + "[" + std::to_string(i) + "]",
                         std::string(spec.path) + "[]") &&
             ok;
      }
      return ok;
    }
    case FieldType::kOpaque:
    case FieldType::kKubeProxyConfig:
      return true;
  }
  return true;
}

// featureGates of kubeadm itself. SupportIPVSProxyMode is taken out: it asks
// for the proxy's IPVS mode, which ResolveProxyMode decides.
void DecodeKubeadmGates(MapReader& doc, ClusterConfig& out, ModeIntent& intent) {
  if (!doc.Has("featureGates")) return;
  YAML::Node n = doc.Take("featureGates");
  std::string path = doc.WrittenPath("featureGates");
  doc.ctx().Record(doc.CanonicalPath("featureGates"), n, path);
  FeatureGates gates;
  if (!Decode(doc.ctx(), n, path, gates)) return;
  for (const auto& [name, value] : gates) {
    if (name == kSupportIpvsProxyMode) {
      intent.kubeadm_gate = Said<bool>{value, doc.ctx().At(n[name]), path + "." + name};
    } else if (ReportGate(doc.ctx(), GateKeyNode(n, name), path + "." + name,
                          CheckKubeadmGate(name))) {
      out.feature_gates[name] = value;
    }
  }
}

// kubeProxy.config (v1alpha1, v1alpha2): a whole KubeProxyConfiguration.
void DecodeKubeProxyBlock(Fields& doc, ClusterConfig& out) {
  doc.Object(
      "kubeProxy",
      [&](Fields& kp) {
        if (!kp.Present("config")) return;
        MapReader& m = kp.reader();
        MapReader cfg(m.ctx(), m.Take("config"), m.WrittenPath("config"), "kubeProxy");
        DecodeKubeProxyFields(cfg, out.kube_proxy);
        cfg.Finish();
      },
      "kubeProxy.wrapper");
}

void DecodeTaints(Fields& nr, std::optional<std::vector<Taint>>& out) {
  std::vector<Taint> taints;
  // null is a nil slice: kubeadm's default control-plane taint (`taints: null`
  // is what `kubeadm config print init-defaults` writes since v1beta3).
  bool set = nr.Items("taints", [&](Fields& t) {
    Taint taint;
    t.Read("key", taint.key);
    t.Read("value", taint.value);
    t.Read("effect", taint.effect);
    std::string added;  // meaningless in a configuration file
    t.Read("timeAdded", added);
    taints.push_back(std::move(taint));
  });
  if (set) out = std::move(taints);
}

void DecodeNodeRegistration(Fields& doc, ClusterConfig& out) {
  doc.Object("nodeRegistration", [&](Fields& m) {
    NodeRegistration& nr = out.node_registration;
    m.Read("name", nr.name);
    m.Read("criSocket", nr.cri_socket);
    DecodeTaints(m, nr.taints);
    m.Args("kubeletExtraArgs", nr.kubelet_extra_args);
    m.Read("ignorePreflightErrors", nr.ignore_preflight_errors);
    m.Read("imagePullPolicy", nr.image_pull_policy);
    m.Uncarried("imagePullSerial", "kubeadm-ipvs pulls no images");
  });
}

void DecodeBootstrapTokens(Fields& doc, ClusterConfig& out) {
  doc.Items("bootstrapTokens", [&](Fields& t) {
    BootstrapToken token;
    token.ttl = Duration::Hours(24);
    t.Read("token", token.token);
    t.Read("description", token.description);
    bool ttl = t.Read("ttl", token.ttl);
    t.Read("usages", token.usages);
    t.Read("groups", token.groups);
    YAML::Node expires = t.Uncarried("expires", "an absolute expiry; use ttl");
    if (ttl && expires.IsDefined() && !IsNullValue(expires)) {
      t.ctx().ErrorAt(expires, t.reader().WrittenPath("expires"),
                      "ttl and expires are mutually exclusive (kubeadm: \"the BootstrapToken .TTL "
                      "and .Expires fields are mutually exclusive\"); keep one");
    }
    out.bootstrap_tokens.push_back(std::move(token));
  });
}

// api (v1alpha1, v1alpha2), apiEndpoint (v1alpha3), localAPIEndpoint (v1beta1
// on). Canonical paths without the prefix: flags set the same settings.
void DecodeEndpoint(Fields& doc, std::string_view key, ClusterConfig& out) {
  if (!doc.Present(key)) return;
  MapReader& m = doc.reader();
  YAML::Node n = m.Take(key);
  if (IsNullValue(n)) return;
  MapReader ep(m.ctx(), n, m.WrittenPath(key), "");
  if (!ep.valid()) return;
  Fields f(ep, doc.schema(), Join(doc.path(), key), n);
  f.Read("advertiseAddress", out.advertise_address);
  f.Read("bindPort", out.bind_port);
  f.Read("controlPlaneEndpoint", out.control_plane_endpoint);
  f.Finish();
}

// Local etcd; flat: v1alpha1's one etcd struct, whose canonical paths are
// still etcd.local.* so that validation names the same setting.
void DecodeLocalEtcd(Fields& f, LocalEtcd& local, bool flat) {
  auto canonical = [flat](const char* key) { return flat ? "local." + std::string(key) : ""; };
  f.Read("dataDir", local.data_dir, canonical("dataDir"));
  f.Read("imageRepository", local.image_repository);
  f.Read("imageTag", local.image_tag);
  f.Args("extraArgs", local.extra_args, canonical("extraArgs"));
  f.Read("serverCertSANs", local.server_cert_sans, canonical("serverCertSANs"));
  f.Read("peerCertSANs", local.peer_cert_sans, canonical("peerCertSANs"));
  f.Uncarried("image",
              "the etcd image of v1alpha1..v1alpha3; v1beta1 split it into imageRepository "
              "and imageTag");
  f.Uncarried("extraEnvs", "kubeadm-ipvs renders no etcd");
}

void DecodeExternalEtcd(Fields& f, ExternalEtcd& ext, bool flat) {
  auto canonical = [flat](const char* key) { return flat ? "external." + std::string(key) : ""; };
  f.Read("endpoints", ext.endpoints, canonical("endpoints"));
  f.Read("caFile", ext.ca_file, canonical("caFile"));
  f.Read("certFile", ext.cert_file, canonical("certFile"));
  f.Read("keyFile", ext.key_file, canonical("keyFile"));
}

// v1alpha2 and later: etcd.local / etcd.external (pointers: null is unset).
void DecodeNestedEtcd(Fields& doc, ClusterConfig& out) {
  doc.Object("etcd", [&](Fields& etcd) {
    etcd.Object("local", [&](Fields& local) { DecodeLocalEtcd(local, out.local_etcd, false); });
    etcd.Object("external", [&](Fields& f) {
      ExternalEtcd ext;
      DecodeExternalEtcd(f, ext, false);
      out.external_etcd = std::move(ext);
    });
  });
}

// v1alpha1: one flat etcd struct. As kubeadm v1.10 ran it and v1.11 migrated
// it: endpoints mean an external etcd (the local fields have no effect),
// otherwise a local one (the certificate files have no effect).
void DecodeFlatEtcd(Fields& doc, ClusterConfig& out) {
  doc.Object("etcd", [&](Fields& etcd) {
    ExternalEtcd ext;
    DecodeExternalEtcd(etcd, ext, true);
    LocalEtcd local;
    DecodeLocalEtcd(etcd, local, true);
    etcd.Uncarried("selfHosted", "self-hosted etcd was removed from kubeadm in v1.12");
    std::vector<std::string> unused;
    auto note = [&](bool set, const char* key) {
      if (set) unused.push_back(etcd.reader().WrittenPath(key));
    };
    bool external = !ext.endpoints.empty();
    if (external) {
      note(!local.data_dir.empty() && local.data_dir != "/var/lib/etcd", "dataDir");
      note(!local.extra_args.empty(), "extraArgs");
      note(!local.server_cert_sans.empty(), "serverCertSANs");
      note(!local.peer_cert_sans.empty(), "peerCertSANs");
      out.external_etcd = std::move(ext);
    } else {
      note(!ext.ca_file.empty(), "caFile");
      note(!ext.cert_file.empty(), "certFile");
      note(!ext.key_file.empty(), "keyFile");
      out.local_etcd = std::move(local);
    }
    if (unused.empty()) return;
    std::string list;
    for (const std::string& u : unused) list += (list.empty() ? "" : ", ") + u;
    etcd.ctx().diagnostics().Notice(
        etcd.ctx().At(etcd.node()),
        list +
            (!external ? " (an external etcd's settings) have no effect without "
                         "etcd.endpoints: kubeadm runs a local etcd"
                       : " (a local etcd's settings) have no effect with "
                         "etcd.endpoints: the etcd is external") +
            "; kubeadm v1.11 dropped them when migrating to v1alpha2, and so does "
            "`config migrate`");
  });
}

// v1alpha1..v1alpha3's flat control-plane fields.
void DecodeFlatControlPlane(Fields& doc, ClusterConfig& out) {
  doc.Args("apiServerExtraArgs", out.api_server.extra_args, "apiServer.extraArgs");
  doc.Args("controllerManagerExtraArgs", out.controller_manager.extra_args,
           "controllerManager.extraArgs");
  doc.Args("schedulerExtraArgs", out.scheduler.extra_args, "scheduler.extraArgs");
  doc.Read("apiServerCertSANs", out.api_server_cert_sans, "apiServer.certSANs");
  for (const char* key :
       {"apiServerExtraVolumes", "controllerManagerExtraVolumes", "schedulerExtraVolumes"}) {
    doc.Uncarried(key, "kubeadm-ipvs renders no control-plane manifests");
  }
  doc.Uncarried("unifiedControlPlaneImage", "removed from kubeadm in v1.13");
  doc.Uncarried("auditPolicy", "set audit flags through apiServer.extraArgs instead");
  doc.Uncarried("kubeletConfiguration", "pass a KubeletConfiguration document to kubeadm instead");
}

// v1beta1 and later: apiServer, controllerManager, scheduler.
void DecodeComponent(Fields& doc, std::string_view key, ControlPlaneComponent& out,
                     std::vector<std::string>* cert_sans) {
  doc.Object(key, [&](Fields& m) {
    m.Args("extraArgs", out.extra_args);
    if (cert_sans != nullptr) m.Read("certSANs", *cert_sans);
    m.Uncarried("timeoutForControlPlane", "kubeadm-ipvs runs no control plane");
    m.Uncarried("extraVolumes", "kubeadm-ipvs renders no control-plane manifests");
    m.Uncarried("extraEnvs", "kubeadm-ipvs renders no control-plane manifests");
  });
}

void DecodeClusterCommon(Fields& doc, ClusterConfig& out, ModeIntent& intent) {
  doc.Object("networking", [&](Fields& m) {
    m.Read("serviceSubnet", out.service_subnet);
    m.Read("podSubnet", out.pod_subnet);
    m.Read("dnsDomain", out.dns_domain);
  });
  doc.Read("kubernetesVersion", out.kubernetes_version);
  doc.Read("certificatesDir", out.certificates_dir);
  doc.Read("imageRepository", out.image_repository);
  doc.Read("clusterName", out.cluster_name);
  if (doc.Spec("featureGates") != nullptr) DecodeKubeadmGates(doc.reader(), out, intent);
}

// v1alpha1's authorizationModes: kubeadm v1.11 migrated a value other than
// the default into apiServerExtraArgs' authorization-mode; v1.9/v1.10 passed
// it as that flag, where apiServerExtraArgs overrode it.
void DecodeAuthorizationModes(Fields& doc, ClusterConfig& out) {
  if (!doc.Present("authorizationModes")) return;
  MapReader& m = doc.reader();
  YAML::Node n = m.Take("authorizationModes");
  std::string written = m.WrittenPath("authorizationModes");
  m.ctx().Record(m.CanonicalPath("authorizationModes"), n, written);
  std::vector<std::string> modes;
  if (IsNullValue(n) || !Decode(m.ctx(), n, written, modes) || modes.empty()) return;
  if (modes == std::vector<std::string>{"Node", "RBAC"}) return;  // kubeadm's default
  std::string joined;
  for (const std::string& mode : modes) joined += (joined.empty() ? "" : ",") + mode;
  ArgList& args = out.api_server.extra_args;
  bool overridden = std::any_of(args.begin(), args.end(),
                                [](const auto& a) { return a.first == "authorization-mode"; });
  if (overridden) {
    m.ctx().diagnostics().Notice(m.ctx().At(n),
                                 written +
                                     " has no effect: apiServerExtraArgs sets authorization-mode, "
                                     "which overrode it in kubeadm v1.9/v1.10");
    return;
  }
  args.emplace_back("authorization-mode", joined);
  std::sort(args.begin(), args.end());
  m.ctx().diagnostics().Notice(m.ctx().At(n), written + " is read as apiServer.extraArgs " +
                                                  "authorization-mode=" + joined +
                                                  ", as kubeadm v1.11 migrated it");
}

// v1alpha1's fields that v1alpha2 regrouped.
void DecodeV1Alpha1Only(Fields& doc, ClusterConfig& out) {
  DecodeFlatEtcd(doc, out);
  doc.Read("nodeName", out.node_registration.name, "nodeRegistration.name");
  doc.Read("criSocket", out.node_registration.cri_socket, "nodeRegistration.criSocket");
  doc.Read("imagePullPolicy", out.node_registration.image_pull_policy,
           "nodeRegistration.imagePullPolicy");
  bool no_taint = false;
  if (doc.Read("noTaintMaster", no_taint) && no_taint) {
    out.node_registration.taints = std::vector<Taint>{};
  }
  if (doc.Present("token") || doc.Present("tokenTTL") || doc.Present("tokenUsages") ||
      doc.Present("tokenGroups")) {
    BootstrapToken token;
    token.ttl = Duration::Hours(24);
    doc.Read("token", token.token, "bootstrapTokens[0].token");
    doc.Read("tokenTTL", token.ttl, "bootstrapTokens[0].ttl");
    doc.Read("tokenUsages", token.usages, "bootstrapTokens[0].usages");
    doc.Read("tokenGroups", token.groups, "bootstrapTokens[0].groups");
    out.bootstrap_tokens.push_back(std::move(token));
  }
  DecodeAuthorizationModes(doc, out);
  doc.Uncarried("cloudProvider", "in-tree cloud providers were removed from Kubernetes");
  doc.Uncarried("privilegedPods", "removed from kubeadm in v1.11");
}

}  // namespace

KubeadmVersion ParseKubeadmVersion(const std::string& api_version) {
  for (const auto& [name, v] : kVersions) {
    if (api_version == name) return v;
  }
  return KubeadmVersion::kUnknown;
}

void DecodeMasterConfiguration(MapReader& doc, KubeadmVersion v, ClusterConfig& out,
                               ModeIntent& intent) {
  Schema schema(v, "MasterConfiguration");
  Fields f(doc, schema, "");
  DecodeEndpoint(f, "api", out);
  DecodeKubeProxyBlock(f, out);
  DecodeClusterCommon(f, out, intent);
  DecodeFlatControlPlane(f, out);
  if (v == KubeadmVersion::kV1Alpha1) {
    DecodeV1Alpha1Only(f, out);
  } else {
    DecodeNestedEtcd(f, out);
    DecodeNodeRegistration(f, out);
    DecodeBootstrapTokens(f, out);
  }
  if (doc.Has("mode")) {  // the classic guide's top-level mode (no upstream field)
    YAML::Node n = doc.Take("mode");
    std::string mode;
    if (Decode(doc.ctx(), n, "mode", mode)) {
      intent.top_level_mode = Said<std::string>{mode, doc.ctx().At(n), "mode"};
    }
  }
  f.NameOtherVersionsFields();
}

void DecodeInitConfiguration(MapReader& doc, KubeadmVersion v, ClusterConfig& out) {
  Schema schema(v, "InitConfiguration");
  Fields f(doc, schema, "");
  DecodeBootstrapTokens(f, out);
  DecodeNodeRegistration(f, out);
  DecodeEndpoint(f, "apiEndpoint", out);       // v1alpha3
  DecodeEndpoint(f, "localAPIEndpoint", out);  // v1beta1 on
  f.Read("skipPhases", out.skip_phases);
  f.Uncarried("certificateKey", "kubeadm-ipvs uploads no certificates");
  f.Uncarried("patches", "kubeadm-ipvs renders no control-plane manifests");
  f.Uncarried("timeouts", "kubeadm-ipvs waits for no control plane");
  f.Uncarried("dryRun", "use the --dry-run flag");
  f.NameOtherVersionsFields();
}

void DecodeClusterConfiguration(MapReader& doc, KubeadmVersion v, ClusterConfig& out,
                                ModeIntent& intent) {
  Schema schema(v, "ClusterConfiguration");
  Fields f(doc, schema, "");
  DecodeClusterCommon(f, out, intent);
  DecodeNestedEtcd(f, out);
  f.Read("controlPlaneEndpoint", out.control_plane_endpoint);
  DecodeFlatControlPlane(f, out);  // v1alpha3
  DecodeComponent(f, "apiServer", out.api_server, &out.api_server_cert_sans);
  DecodeComponent(f, "controllerManager", out.controller_manager, nullptr);
  DecodeComponent(f, "scheduler", out.scheduler, nullptr);
  f.Object("proxy", [&](Fields& proxy) { proxy.Read("disabled", out.proxy_disabled); });
  f.Uncarried("dns", "kubeadm-ipvs renders no DNS addon");
  f.Uncarried("useHyperKubeImage", "hyperkube images are no longer published; v1beta3 dropped it");
  f.Uncarried("encryptionAlgorithm", "kubeadm-ipvs generates no keys");
  f.Uncarried("certificateValidityPeriod", "kubeadm-ipvs generates no certificates");
  f.Uncarried("caCertificateValidityPeriod", "kubeadm-ipvs generates no certificates");
  f.NameOtherVersionsFields();
}

}  // namespace ki::config
