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
#include "pkg/config/kubeadm_fields.h"

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
