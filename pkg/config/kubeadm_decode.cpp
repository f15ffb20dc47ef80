#include "pkg/config/kubeadm_decode.h"

#include "pkg/base/quote.h"
#include "pkg/config/feature_gates.h"
#include "pkg/config/kube_proxy_decode.h"

namespace ki::config {
namespace {

// A key kubeadm-ipvs accepts from an old version but that has no place in
// the model (nor in v1beta4): read, then said, never dropped silently.
void AcceptUncarried(MapReader& m, std::string_view key, std::string_view why) {
  if (!m.Has(key)) return;
  YAML::Node n = m.Take(key);
  m.ctx().diagnostics().Notice(m.ctx().At(n), m.WrittenPath(key) +
                                                  " is accepted but has no effect and is not "
                                                  "carried over by `config migrate`: " +
                                                  std::string(why));
}

void DecodeNetworking(MapReader& doc, ClusterConfig& out) {
  if (!doc.Has("networking")) return;
  MapReader m = doc.Child("networking");
  m.Read("serviceSubnet", out.service_subnet);
  m.Read("podSubnet", out.pod_subnet);
  m.Read("dnsDomain", out.dns_domain);
  m.Finish();
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
    if (!IsKnownGate(KnownKubeadmGates(), name)) {
      doc.ctx().ErrorAt(n[name], path + "." + name,
                        Quote(name) + " is not a valid feature name; known kubeadm gates: " +
                            JoinNames(KnownKubeadmGates()));
    } else if (name == kSupportIpvsProxyMode) {
      intent.kubeadm_gate = Said<bool>{value, doc.ctx().At(n[name]), path + "." + name};
    } else {
      out.feature_gates[name] = value;
    }
  }
}

void DecodeKubeProxyBlock(MapReader& doc, ClusterConfig& out) {
  if (!doc.Has("kubeProxy")) return;
  MapReader kp = doc.Child("kubeProxy", "kubeProxy.wrapper");
  if (kp.Has("config")) {
    MapReader cfg(kp.ctx(), kp.Take("config"), kp.WrittenPath("config"), "kubeProxy");
    DecodeKubeProxyFields(cfg, out.kube_proxy);
    cfg.Finish();
  }
  kp.Finish();
}

void DecodeExtraArgs(MapReader& m, std::string_view key, ArgList& out) { m.Read(key, out); }

void DecodeTaints(DecodeContext& ctx, const YAML::Node& n, const std::string& path,
                  std::optional<std::vector<Taint>>& out) {
  if (!n.IsDefined()) return;
  std::vector<Taint> taints;
  if (!n.IsNull()) {
    if (!n.IsSequence()) {
      ctx.ErrorAt(n, path, "expected a list of taints, got " + Describe(n));
      return;
    }
    for (size_t i = 0; i < n.size(); ++i) {
      MapReader t(ctx, n[i], path + "[" + std::to_string(i) + "]", "");
      Taint taint;
      t.Read("key", taint.key);
      t.Read("value", taint.value);
      t.Read("effect", taint.effect);
      t.Take("timeAdded");  // meaningless in a configuration file
      t.Finish();
      taints.push_back(std::move(taint));
    }
  }
  out = std::move(taints);
}

void DecodeNodeRegistration(MapReader& doc, ClusterConfig& out) {
  if (!doc.Has("nodeRegistration")) return;
  MapReader m = doc.Child("nodeRegistration");
  NodeRegistration& nr = out.node_registration;
  m.Read("name", nr.name);
  m.Read("criSocket", nr.cri_socket);
  if (m.Has("taints")) DecodeTaints(m.ctx(), m.Take("taints"), m.WrittenPath("taints"), nr.taints);
  m.Read("kubeletExtraArgs", nr.kubelet_extra_args);
  m.Read("ignorePreflightErrors", nr.ignore_preflight_errors);
  m.Read("imagePullPolicy", nr.image_pull_policy);
  AcceptUncarried(m, "imagePullSerial", "kubeadm-ipvs pulls no images");
  m.Finish();
}

void DecodeBootstrapTokens(MapReader& doc, ClusterConfig& out) {
  if (!doc.Has("bootstrapTokens")) return;
  YAML::Node list = doc.Take("bootstrapTokens");
  std::string path = doc.WrittenPath("bootstrapTokens");
  if (list.IsNull()) return;
  if (!list.IsSequence()) {
    doc.ctx().ErrorAt(list, path, "expected a list of bootstrap tokens, got " + Describe(list));
    return;
  }
  for (size_t i = 0; i < list.size(); ++i) {
    MapReader t(doc.ctx(), list[i], path + "[" + std::to_string(i) + "]",
                "bootstrapTokens[" + std::to_string(i) + "]");
    BootstrapToken token;
    token.ttl = Duration::Hours(24);
    t.Read("token", token.token);
    t.Read("description", token.description);
    t.Read("ttl", token.ttl);
    t.Read("usages", token.usages);
    t.Read("groups", token.groups);
    AcceptUncarried(t, "expires", "an absolute expiry; use ttl");
    t.Finish();
    out.bootstrap_tokens.push_back(std::move(token));
  }
}

void DecodeLocalEtcd(MapReader& m, LocalEtcd& local) {
  m.Read("dataDir", local.data_dir);
  m.Read("imageRepository", local.image_repository);
  m.Read("imageTag", local.image_tag);
  m.Read("extraArgs", local.extra_args);
  m.Read("serverCertSANs", local.server_cert_sans);
  m.Read("peerCertSANs", local.peer_cert_sans);
  AcceptUncarried(m, "image", "v1alpha2's etcd image; use imageRepository and imageTag");
  AcceptUncarried(m, "extraEnvs", "kubeadm-ipvs renders no etcd");
}

void DecodeExternalEtcd(MapReader& m, ClusterConfig& out) {
  ExternalEtcd ext;
  m.Read("endpoints", ext.endpoints);
  m.Read("caFile", ext.ca_file);
  m.Read("certFile", ext.cert_file);
  m.Read("keyFile", ext.key_file);
  out.external_etcd = std::move(ext);
}

// v1alpha2 and later: etcd.local / etcd.external.
void DecodeNestedEtcd(MapReader& doc, ClusterConfig& out) {
  if (!doc.Has("etcd")) return;
  MapReader etcd = doc.Child("etcd");
  if (etcd.Has("local")) {
    MapReader local = etcd.Child("local");
    DecodeLocalEtcd(local, out.local_etcd);
    local.Finish();
  }
  if (etcd.Has("external")) {
    MapReader ext = etcd.Child("external");
    DecodeExternalEtcd(ext, out);
    ext.Finish();
  }
  etcd.Finish();
}

// v1alpha1: one flat etcd block; endpoints mean an external cluster.
void DecodeFlatEtcd(MapReader& doc, ClusterConfig& out) {
  if (!doc.Has("etcd")) return;
  MapReader etcd = doc.Child("etcd");
  ExternalEtcd ext;
  etcd.Read("endpoints", ext.endpoints);
  etcd.Read("caFile", ext.ca_file);
  etcd.Read("certFile", ext.cert_file);
  etcd.Read("keyFile", ext.key_file);
  if (!ext.endpoints.empty()) out.external_etcd = std::move(ext);
  DecodeLocalEtcd(etcd, out.local_etcd);
  AcceptUncarried(etcd, "selfHosted", "self-hosted etcd was removed from kubeadm in v1.12");
  etcd.Finish();
}

// v1alpha1..v1alpha3 flat control-plane fields.
void DecodeFlatControlPlane(MapReader& doc, ClusterConfig& out) {
  DecodeExtraArgs(doc, "apiServerExtraArgs", out.api_server.extra_args);
  DecodeExtraArgs(doc, "controllerManagerExtraArgs", out.controller_manager.extra_args);
  DecodeExtraArgs(doc, "schedulerExtraArgs", out.scheduler.extra_args);
  doc.Read("apiServerCertSANs", out.api_server_cert_sans);
  for (const char* key :
       {"apiServerExtraVolumes", "controllerManagerExtraVolumes", "schedulerExtraVolumes"}) {
    AcceptUncarried(doc, key, "kubeadm-ipvs renders no control-plane manifests");
  }
  AcceptUncarried(doc, "unifiedControlPlaneImage", "removed from kubeadm in v1.13");
  AcceptUncarried(doc, "auditPolicy", "set audit flags through apiServer.extraArgs instead");
  AcceptUncarried(doc, "kubeletConfiguration",
                  "pass a KubeletConfiguration document to kubeadm instead");
}

void DecodeComponent(MapReader& doc, std::string_view key, ControlPlaneComponent& out,
                     std::vector<std::string>* cert_sans) {
  if (!doc.Has(key)) return;
  MapReader m = doc.Child(key);
  m.Read("extraArgs", out.extra_args);
  if (cert_sans != nullptr) {
    m.Read("certSANs", *cert_sans);
    AcceptUncarried(m, "timeoutForControlPlane", "kubeadm-ipvs runs no control plane");
  }
  AcceptUncarried(m, "extraVolumes", "kubeadm-ipvs renders no control-plane manifests");
  AcceptUncarried(m, "extraEnvs", "kubeadm-ipvs renders no control-plane manifests");
  m.Finish();
}

void DecodeClusterCommon(MapReader& doc, ClusterConfig& out, ModeIntent& intent) {
  DecodeNetworking(doc, out);
  doc.Read("kubernetesVersion", out.kubernetes_version);
  doc.Read("certificatesDir", out.certificates_dir);
  doc.Read("imageRepository", out.image_repository);
  doc.Read("clusterName", out.cluster_name);
  DecodeKubeadmGates(doc, out, intent);
}

}  // namespace

KubeadmVersion ParseKubeadmVersion(const std::string& api_version) {
  static const std::pair<const char*, KubeadmVersion> kVersions[] = {
      {"kubeadm.k8s.io/v1alpha1", KubeadmVersion::kV1Alpha1},
      {"kubeadm.k8s.io/v1alpha2", KubeadmVersion::kV1Alpha2},
      {"kubeadm.k8s.io/v1alpha3", KubeadmVersion::kV1Alpha3},
      {"kubeadm.k8s.io/v1beta1", KubeadmVersion::kV1Beta1},
      {"kubeadm.k8s.io/v1beta2", KubeadmVersion::kV1Beta2},
      {"kubeadm.k8s.io/v1beta3", KubeadmVersion::kV1Beta3},
      {"kubeadm.k8s.io/v1beta4", KubeadmVersion::kV1Beta4},
  };
  for (const auto& [name, v] : kVersions) {
    if (api_version == name) return v;
  }
  return KubeadmVersion::kUnknown;
}

void DecodeMasterConfiguration(MapReader& doc, KubeadmVersion v, ClusterConfig& out,
                               ModeIntent& intent) {
  if (doc.Has("api")) {
    MapReader api(doc.ctx(), doc.Take("api"), "api", "");
    api.Read("advertiseAddress", out.advertise_address);
    api.Read("bindPort", out.bind_port);
    api.Read("controlPlaneEndpoint", out.control_plane_endpoint);
    api.Finish();
  }
  DecodeKubeProxyBlock(doc, out);
  DecodeClusterCommon(doc, out, intent);
  DecodeFlatControlPlane(doc, out);
  doc.Read("imagePullPolicy", out.node_registration.image_pull_policy,
           "nodeRegistration.imagePullPolicy");
  if (v == KubeadmVersion::kV1Alpha1) {
    DecodeFlatEtcd(doc, out);
    doc.Read("nodeName", out.node_registration.name);
    doc.Read("criSocket", out.node_registration.cri_socket);
    bool no_taint = false;
    if (doc.Read("noTaintMaster", no_taint) && no_taint) {
      out.node_registration.taints = std::vector<Taint>{};
    }
    if (doc.Has("token") || doc.Has("tokenTTL") || doc.Has("tokenUsages") ||
        doc.Has("tokenGroups")) {
      BootstrapToken token;
      token.ttl = Duration::Hours(24);
      doc.Read("token", token.token, "bootstrapTokens[0].token");
      doc.Read("tokenTTL", token.ttl);
      doc.Read("tokenUsages", token.usages);
      doc.Read("tokenGroups", token.groups);
      out.bootstrap_tokens.push_back(std::move(token));
    }
    AcceptUncarried(doc, "cloudProvider", "in-tree cloud providers were removed from Kubernetes");
    AcceptUncarried(doc, "authorizationModes",
                    "set --authorization-mode through apiServer.extraArgs instead");
    AcceptUncarried(doc, "privilegedPods", "removed from kubeadm in v1.11");
  } else {
    DecodeNestedEtcd(doc, out);
    DecodeNodeRegistration(doc, out);
    DecodeBootstrapTokens(doc, out);
  }
  if (doc.Has("mode")) {  // the classic guide's top-level mode
    YAML::Node n = doc.Take("mode");
    std::string mode;
    if (Decode(doc.ctx(), n, "mode", mode)) {
      intent.top_level_mode = Said<std::string>{mode, doc.ctx().At(n), "mode"};
    }
  }
}

void DecodeInitConfiguration(MapReader& doc, KubeadmVersion v, ClusterConfig& out) {
  DecodeBootstrapTokens(doc, out);
  DecodeNodeRegistration(doc, out);
  const char* endpoint_key = v == KubeadmVersion::kV1Alpha3 ? "apiEndpoint" : "localAPIEndpoint";
  if (doc.Has(endpoint_key)) {
    MapReader ep(doc.ctx(), doc.Take(endpoint_key), endpoint_key, "");
    ep.Read("advertiseAddress", out.advertise_address);
    ep.Read("bindPort", out.bind_port);
    ep.Finish();
  }
  doc.Read("skipPhases", out.skip_phases);
  AcceptUncarried(doc, "certificateKey", "kubeadm-ipvs uploads no certificates");
  AcceptUncarried(doc, "patches", "kubeadm-ipvs renders no control-plane manifests");
  AcceptUncarried(doc, "timeouts", "kubeadm-ipvs waits for no control plane");
  AcceptUncarried(doc, "dryRun", "use the --dry-run flag");
}

void DecodeClusterConfiguration(MapReader& doc, KubeadmVersion v, ClusterConfig& out,
                                ModeIntent& intent) {
  DecodeClusterCommon(doc, out, intent);
  DecodeNestedEtcd(doc, out);
  doc.Read("controlPlaneEndpoint", out.control_plane_endpoint);
  if (v == KubeadmVersion::kV1Alpha3) {
    DecodeFlatControlPlane(doc, out);
  } else {
    DecodeComponent(doc, "apiServer", out.api_server, &out.api_server_cert_sans);
    DecodeComponent(doc, "controllerManager", out.controller_manager, nullptr);
    DecodeComponent(doc, "scheduler", out.scheduler, nullptr);
  }
  if (doc.Has("proxy")) {
    MapReader proxy = doc.Child("proxy");
    proxy.Read("disabled", out.proxy_disabled);
    proxy.Finish();
  }
  AcceptUncarried(doc, "dns", "kubeadm-ipvs renders no DNS addon");
  AcceptUncarried(doc, "useHyperKubeImage", "removed from kubeadm in v1.17");
  AcceptUncarried(doc, "encryptionAlgorithm", "kubeadm-ipvs generates no keys");
  AcceptUncarried(doc, "certificateValidityPeriod", "kubeadm-ipvs generates no certificates");
  AcceptUncarried(doc, "caCertificateValidityPeriod", "kubeadm-ipvs generates no certificates");
}

}  // namespace ki::config
