// kubeadm's own configuration types, every version kubeadm-ipvs reads and
// every field `kubeadm init` decoded from them, from upstream's
// cmd/kubeadm/app/apis/kubeadm/<version>/types.go (bootstrap tokens of
// v1beta3 and v1beta4 from cmd/kubeadm/app/apis/bootstraptoken/v1/types.go).
// Which releases read a version: the support matrix in validateSupportedVersion
// (cmd/kubeadm/app/util/config/common.go) and the pull requests that removed
// each version (cited per table). A field's since/until is the release whose
// types.go first/last had it; where that came from a pull request rather than
// the release's own file, the comment names it.
//
// Go types as decoding sees them: a pointer, slice or map is `pointer` (null
// means unset); *metav1.Time (taints[].timeAdded, bootstrapTokens[].expires)
// is a kString with an RFC 3339 sample; BootstrapTokenString is a kString
// (its UnmarshalJSON checks the form, hence the sample); corev1.EnvVar's
// valueFrom is kept whole (kOpaque).
#include <algorithm>
#include <array>

#include "pkg/config/field_table.h"

namespace ki::config {
namespace {

using enum FieldType;

constexpr std::string_view kToken = "abcdef.0123456789abcdef";
constexpr std::string_view kTime = "\"2030-01-01T00:00:00Z\"";

template <size_t... N>
constexpr std::array<FieldSpec, (N + ...)> Concat(const std::array<FieldSpec, N>&... parts) {
  std::array<FieldSpec, (N + ...)> out{};
  size_t at = 0;
  ((std::copy(parts.begin(), parts.end(), out.begin() + static_cast<std::ptrdiff_t>(at)), at += N),
   ...);
  return out;
}

// A group written with too few rows would leave empty ones behind.
template <size_t N>
constexpr bool Complete(const std::array<FieldSpec, N>& rows) {
  return std::none_of(rows.begin(), rows.end(), [](const FieldSpec& f) { return f.path.empty(); });
}

// Groups that several versions share unchanged but for the release that
// introduced them there.

// v1alpha2's BootstrapToken, unchanged through v1beta2 and (moved to
// bootstraptoken/v1) in v1beta3 and v1beta4.
constexpr std::array<FieldSpec, 7> BootstrapTokens(std::string_view since) {
  return {{
      {"bootstrapTokens", kObjectList, true, since, ""},
      {"bootstrapTokens[].token", kString, true, since, "", kToken},  // *BootstrapTokenString
      {"bootstrapTokens[].description", kString, false, since, ""},
      {"bootstrapTokens[].ttl", kDuration, true, since, "", "24h0m0s"},
      {"bootstrapTokens[].expires", kString, true, since, "", kTime},
      {"bootstrapTokens[].usages", kStringList, true, since, "", "[signing, authentication]"},
      {"bootstrapTokens[].groups", kStringList, true, since, "",
       "[system:bootstrappers:kubeadm:default-node-token]"},
  }};
}

// NodeRegistrationOptions as v1alpha2 introduced it (kubeletExtraArgs a map
// until v1beta3, a list of {name, value} in v1beta4).
constexpr std::array<FieldSpec, 9> NodeRegistration(std::string_view since, FieldType args) {
  return {{
      {"nodeRegistration", kObject, false, since, ""},
      {"nodeRegistration.name", kString, false, since, "", "node-1"},
      {"nodeRegistration.criSocket", kString, false, since, "",
       "unix:///var/run/containerd/containerd.sock"},
      {"nodeRegistration.taints", kObjectList, true, since, ""},
      {"nodeRegistration.taints[].key", kString, false, since, "",
       "node-role.kubernetes.io/control-plane"},
      {"nodeRegistration.taints[].value", kString, false, since, ""},
      {"nodeRegistration.taints[].effect", kString, false, since, "", "NoSchedule"},
      {"nodeRegistration.taints[].timeAdded", kString, true, since, "", kTime},
      {"nodeRegistration.kubeletExtraArgs", args, true, since, ""},
  }};
}

constexpr std::array<FieldSpec, 4> Networking(std::string_view since) {
  return {{
      {"networking", kObject, false, since, ""},
      {"networking.serviceSubnet", kString, false, since, "", "10.96.0.0/12"},
      {"networking.podSubnet", kString, false, since, "", "10.244.0.0/16"},
      {"networking.dnsDomain", kString, false, since, "", "cluster.local"},
  }};
}

// The top-level fields every Master/ClusterConfiguration has (v1alpha1 got
// clusterName later than the rest).
constexpr std::array<FieldSpec, 5> ClusterScalars(std::string_view since,
                                                  std::string_view cluster_name) {
  return {{
      {"kubernetesVersion", kString, false, since, "", "v1.34.0"},
      {"certificatesDir", kString, false, since, "", "/etc/kubernetes/pki"},
      {"imageRepository", kString, false, since, "", "registry.k8s.io"},
      {"featureGates", kGates, true, since, ""},
      {"clusterName", kString, false, cluster_name, "", "kubernetes"},
  }};
}

// ExternalEtcd (v1alpha2 on): a pointer under the etcd struct.
constexpr std::array<FieldSpec, 5> ExternalEtcd(std::string_view since) {
  return {{
      {"etcd.external", kObject, true, since, ""},
      {"etcd.external.endpoints", kStringList, true, since, "", "[\"https://10.0.0.1:2379\"]"},
      {"etcd.external.caFile", kString, false, since, "", "/etc/etcd/ca.crt"},
      {"etcd.external.certFile", kString, false, since, "", "/etc/etcd/client.crt"},
      {"etcd.external.keyFile", kString, false, since, "", "/etc/etcd/client.key"},
  }};
}

// v1alpha2/v1alpha3 LocalEtcd: an image name; v1beta1 replaced it by ImageMeta.
constexpr std::array<FieldSpec, 7> LocalEtcdAlpha(std::string_view since) {
  return {{
      {"etcd", kObject, false, since, ""},
      {"etcd.local", kObject, true, since, ""},
      {"etcd.local.image", kString, false, since, ""},
      {"etcd.local.dataDir", kString, false, since, "", "/var/lib/etcd"},
      {"etcd.local.extraArgs", kStringMap, true, since, ""},
      {"etcd.local.serverCertSANs", kStringList, true, since, "", "[etcd.local]"},
      {"etcd.local.peerCertSANs", kStringList, true, since, "", "[etcd.local]"},
  }};
}

constexpr std::array<FieldSpec, 8> LocalEtcdBeta(std::string_view since, FieldType args) {
  return {{
      {"etcd", kObject, false, since, ""},
      {"etcd.local", kObject, true, since, ""},
      {"etcd.local.imageRepository", kString, false, since, "", "registry.k8s.io"},
      {"etcd.local.imageTag", kString, false, since, "", "3.5.21-0"},
      {"etcd.local.dataDir", kString, false, since, "", "/var/lib/etcd"},
      {"etcd.local.extraArgs", args, true, since, ""},
      {"etcd.local.serverCertSANs", kStringList, true, since, "", "[etcd.local]"},
      {"etcd.local.peerCertSANs", kStringList, true, since, "", "[etcd.local]"},
  }};
}

// v1alpha1..v1alpha3's flat control-plane fields. HostPathMount had name,
// hostPath and mountPath in v1.9; writable and pathType from volume_flags.
constexpr std::array<FieldSpec, 22> FlatControlPlane(std::string_view since,
                                                     std::string_view volume_flags) {
  return {{
      {"apiServerExtraArgs", kStringMap, true, since, ""},
      {"controllerManagerExtraArgs", kStringMap, true, since, ""},
      {"schedulerExtraArgs", kStringMap, true, since, ""},
      {"apiServerExtraVolumes", kObjectList, true, since, ""},
      {"apiServerExtraVolumes[].name", kString, false, since, ""},
      {"apiServerExtraVolumes[].hostPath", kString, false, since, "", "/etc/x"},
      {"apiServerExtraVolumes[].mountPath", kString, false, since, "", "/etc/x"},
      {"apiServerExtraVolumes[].writable", kBool, false, volume_flags, ""},
      {"apiServerExtraVolumes[].pathType", kString, false, volume_flags, "", "DirectoryOrCreate"},
      {"controllerManagerExtraVolumes", kObjectList, true, since, ""},
      {"controllerManagerExtraVolumes[].name", kString, false, since, ""},
      {"controllerManagerExtraVolumes[].hostPath", kString, false, since, "", "/etc/x"},
      {"controllerManagerExtraVolumes[].mountPath", kString, false, since, "", "/etc/x"},
      {"controllerManagerExtraVolumes[].writable", kBool, false, volume_flags, ""},
      {"controllerManagerExtraVolumes[].pathType", kString, false, volume_flags, "",
       "DirectoryOrCreate"},
      {"schedulerExtraVolumes", kObjectList, true, since, ""},
      {"schedulerExtraVolumes[].name", kString, false, since, ""},
      {"schedulerExtraVolumes[].hostPath", kString, false, since, "", "/etc/x"},
      {"schedulerExtraVolumes[].mountPath", kString, false, since, "", "/etc/x"},
      {"schedulerExtraVolumes[].writable", kBool, false, volume_flags, ""},
      {"schedulerExtraVolumes[].pathType", kString, false, volume_flags, "", "DirectoryOrCreate"},
      {"apiServerCertSANs", kStringList, true, since, "", "[10.0.0.10]"},
  }};
}

// AuditPolicyConfiguration (v1.10's v1alpha1 to v1alpha3).
constexpr std::array<FieldSpec, 4> AuditPolicy(std::string_view since) {
  return {{
      {"auditPolicy", kObject, false, since, ""},
      {"auditPolicy.path", kString, false, since, "", "/etc/kubernetes/audit-policy.yaml"},
      {"auditPolicy.logDir", kString, false, since, "", "/var/log/kubernetes/audit"},
      {"auditPolicy.logMaxAge", kInt32, true, since, "", "2"},
  }};
}

// v1beta1..v1beta3's APIServer and ControlPlaneComponent (extraArgs a map;
// HostPathMount's writable became readOnly in v1beta1).
constexpr std::array<FieldSpec, 26> ComponentsBeta(std::string_view since) {
  return {{
      {"apiServer", kObject, false, since, ""},
      {"apiServer.extraArgs", kStringMap, true, since, ""},
      {"apiServer.extraVolumes", kObjectList, true, since, ""},
      {"apiServer.extraVolumes[].name", kString, false, since, ""},
      {"apiServer.extraVolumes[].hostPath", kString, false, since, "", "/etc/x"},
      {"apiServer.extraVolumes[].mountPath", kString, false, since, "", "/etc/x"},
      {"apiServer.extraVolumes[].readOnly", kBool, false, since, ""},
      {"apiServer.extraVolumes[].pathType", kString, false, since, "", "DirectoryOrCreate"},
      {"apiServer.certSANs", kStringList, true, since, "", "[10.0.0.10]"},
      {"apiServer.timeoutForControlPlane", kDuration, true, since, "", "4m0s"},
      {"controllerManager", kObject, false, since, ""},
      {"controllerManager.extraArgs", kStringMap, true, since, ""},
      {"controllerManager.extraVolumes", kObjectList, true, since, ""},
      {"controllerManager.extraVolumes[].name", kString, false, since, ""},
      {"controllerManager.extraVolumes[].hostPath", kString, false, since, "", "/etc/x"},
      {"controllerManager.extraVolumes[].mountPath", kString, false, since, "", "/etc/x"},
      {"controllerManager.extraVolumes[].readOnly", kBool, false, since, ""},
      {"controllerManager.extraVolumes[].pathType", kString, false, since, "", "DirectoryOrCreate"},
      {"scheduler", kObject, false, since, ""},
      {"scheduler.extraArgs", kStringMap, true, since, ""},
      {"scheduler.extraVolumes", kObjectList, true, since, ""},
      {"scheduler.extraVolumes[].name", kString, false, since, ""},
      {"scheduler.extraVolumes[].hostPath", kString, false, since, "", "/etc/x"},
      {"scheduler.extraVolumes[].mountPath", kString, false, since, "", "/etc/x"},
      {"scheduler.extraVolumes[].readOnly", kBool, false, since, ""},
      {"scheduler.extraVolumes[].pathType", kString, false, since, "", "DirectoryOrCreate"},
  }};
}

// v1beta4's components: extraArgs a list of {name, value}, extraEnvs added,
// timeoutForControlPlane gone (to InitConfiguration.timeouts).
constexpr std::array<FieldSpec, 37> ComponentsV1Beta4(std::string_view since) {
  return {{
      {"apiServer", kObject, false, since, ""},
      {"apiServer.extraArgs", kArgList, true, since, ""},
      {"apiServer.extraVolumes", kObjectList, true, since, ""},
      {"apiServer.extraVolumes[].name", kString, false, since, ""},
      {"apiServer.extraVolumes[].hostPath", kString, false, since, "", "/etc/x"},
      {"apiServer.extraVolumes[].mountPath", kString, false, since, "", "/etc/x"},
      {"apiServer.extraVolumes[].readOnly", kBool, false, since, ""},
      {"apiServer.extraVolumes[].pathType", kString, false, since, "", "DirectoryOrCreate"},
      {"apiServer.extraEnvs", kObjectList, true, since, ""},
      {"apiServer.extraEnvs[].name", kString, false, since, "", "HTTP_PROXY"},
      {"apiServer.extraEnvs[].value", kString, false, since, ""},
      {"apiServer.extraEnvs[].valueFrom", kOpaque, true, since, ""},
      {"apiServer.certSANs", kStringList, true, since, "", "[10.0.0.10]"},
      {"controllerManager", kObject, false, since, ""},
      {"controllerManager.extraArgs", kArgList, true, since, ""},
      {"controllerManager.extraVolumes", kObjectList, true, since, ""},
      {"controllerManager.extraVolumes[].name", kString, false, since, ""},
      {"controllerManager.extraVolumes[].hostPath", kString, false, since, "", "/etc/x"},
      {"controllerManager.extraVolumes[].mountPath", kString, false, since, "", "/etc/x"},
      {"controllerManager.extraVolumes[].readOnly", kBool, false, since, ""},
      {"controllerManager.extraVolumes[].pathType", kString, false, since, "", "DirectoryOrCreate"},
      {"controllerManager.extraEnvs", kObjectList, true, since, ""},
      {"controllerManager.extraEnvs[].name", kString, false, since, "", "HTTP_PROXY"},
      {"controllerManager.extraEnvs[].value", kString, false, since, ""},
      {"controllerManager.extraEnvs[].valueFrom", kOpaque, true, since, ""},
      {"scheduler", kObject, false, since, ""},
      {"scheduler.extraArgs", kArgList, true, since, ""},
      {"scheduler.extraVolumes", kObjectList, true, since, ""},
      {"scheduler.extraVolumes[].name", kString, false, since, ""},
      {"scheduler.extraVolumes[].hostPath", kString, false, since, "", "/etc/x"},
      {"scheduler.extraVolumes[].mountPath", kString, false, since, "", "/etc/x"},
      {"scheduler.extraVolumes[].readOnly", kBool, false, since, ""},
      {"scheduler.extraVolumes[].pathType", kString, false, since, "", "DirectoryOrCreate"},
      {"scheduler.extraEnvs", kObjectList, true, since, ""},
      {"scheduler.extraEnvs[].name", kString, false, since, "", "HTTP_PROXY"},
      {"scheduler.extraEnvs[].value", kString, false, since, ""},
      {"scheduler.extraEnvs[].valueFrom", kOpaque, true, since, ""},
  }};
}

// ---------------------------------------------------------------------------
// kubeadm.k8s.io/v1alpha1 MasterConfiguration. Read by kubeadm v1.9 and v1.10
// (the only version they had) and, converted on read, by v1.11; removed in
// v1.12 (#65628). Earlier releases had v1alpha1 too, in shapes without
// kubeProxy; kubeadm-ipvs starts at v1.9, the first with kubeProxy.config.
// v1.9: release-1.9's types.go (kubelet BaseConfig of kubeletconfig/v1alpha1,
// HostPathMount of name/hostPath/mountPath only). v1.10 and v1.11: the
// v1alpha1 types.go that v1.11 kept for its conversion, the fields added
// after v1.9 dated by their pull requests (those marked "not confirmed" are
// in v1.11's file and not in release-1.9's, and taken as v1.10).
constexpr auto kV1Alpha1Master = Concat(
    std::array<FieldSpec, 24>{{
        {"api", kObject, false, "v1.9", ""},
        {"api.advertiseAddress", kString, false, "v1.9", "", "10.0.0.10"},
        // #59288; the package docs of v1.10.x show it.
        {"api.controlPlaneEndpoint", kString, false, "v1.10", "", "\"10.0.0.10:6443\""},
        {"api.bindPort", kInt32, false, "v1.9", "", "6443"},
        {"kubeProxy", kObject, false, "v1.9", ""},
        {"kubeProxy.config", kKubeProxyConfig, true, "v1.9", ""},
        // One flat struct: endpoints mean an external etcd (v1.11's conversion
        // to v1alpha2, Convert_v1alpha1_Etcd_To_kubeadm_Etcd), otherwise a local one.
        {"etcd", kObject, false, "v1.9", ""},
        {"etcd.endpoints", kStringList, true, "v1.9", "", "[\"https://10.0.0.1:2379\"]"},
        {"etcd.caFile", kString, false, "v1.9", "", "/etc/etcd/ca.crt"},
        {"etcd.certFile", kString, false, "v1.9", "", "/etc/etcd/client.crt"},
        {"etcd.keyFile", kString, false, "v1.9", "", "/etc/etcd/client.key"},
        {"etcd.dataDir", kString, false, "v1.9", "", "/var/lib/etcd"},
        {"etcd.extraArgs", kStringMap, true, "v1.9", ""},
        {"etcd.image", kString, false, "v1.9", ""},
        {"etcd.selfHosted", kObject, true, "v1.9", ""},
        {"etcd.selfHosted.certificatesDir", kString, false, "v1.9", ""},
        {"etcd.selfHosted.clusterServiceName", kString, false, "v1.9", ""},
        {"etcd.selfHosted.etcdVersion", kString, false, "v1.9", ""},
        {"etcd.selfHosted.operatorVersion", kString, false, "v1.9", ""},
        // etcd's TLS by default (v1.10; not confirmed by a PR).
        {"etcd.serverCertSANs", kStringList, true, "v1.10", "", "[etcd.local]"},
        {"etcd.peerCertSANs", kStringList, true, "v1.10", "", "[etcd.local]"},
        // BaseConfig: a kubeletconfig v1alpha1 object in v1.9, v1beta1 since v1.10.
        {"kubeletConfiguration", kObject, false, "v1.9", ""},
        {"kubeletConfiguration.baseConfig", kOpaque, true, "v1.9", ""},
        {"cloudProvider", kString, false, "v1.9", ""},
    }},
    Networking("v1.9"), ClusterScalars("v1.9", "v1.11"),  // clusterName: #60852
    std::array<FieldSpec, 11>{{
        {"nodeName", kString, false, "v1.9", "", "node-1"},
        // kubeadm's default, and what v1.11's conversion compared with: [Node, RBAC].
        {"authorizationModes", kStringList, true, "v1.9", "", "[Node, RBAC]"},
        {"noTaintMaster", kBool, false, "v1.10", ""},   // #55479
        {"privilegedPods", kBool, false, "v1.10", ""},  // #57561
        {"token", kString, false, "v1.9", "", kToken},
        {"tokenTTL", kDuration, true, "v1.9", "", "24h0m0s"},  // metav1.Duration in v1.8
        // Not confirmed by a PR.
        {"tokenUsages", kStringList, true, "v1.10", "", "[signing, authentication]"},
        {"tokenGroups", kStringList, true, "v1.10", "",
         "[system:bootstrappers:kubeadm:default-node-token]"},
        {"criSocket", kString, false, "v1.10", "", "/var/run/dockershim.sock"},  // #59057
        {"imagePullPolicy", kString, false, "v1.10", "", "IfNotPresent"},        // #58960
        {"unifiedControlPlaneImage", kString, false, "v1.9", ""},
    }},
    // writable and pathType: not confirmed by a PR.
    FlatControlPlane("v1.9", "v1.10"), AuditPolicy("v1.10"));  // auditPolicy: Auditing gate, v1.10

// kubeadm.k8s.io/v1alpha2 MasterConfiguration: v1.11, and v1.12 (read-only,
// converted); removed in v1.13 (#69055). v1alpha1's fields regrouped
// (nodeRegistration, bootstrapTokens, etcd.local/external); cloudProvider,
// privilegedPods (#63866), imagePullPolicy, authorizationModes and the
// token*/nodeName/criSocket/noTaintMaster fields gone.
constexpr auto kV1Alpha2Master =
    Concat(BootstrapTokens("v1.11"), NodeRegistration("v1.11", kStringMap),
           std::array<FieldSpec, 8>{{
               {"api", kObject, false, "v1.11", ""},
               {"api.advertiseAddress", kString, false, "v1.11", "", "10.0.0.10"},
               {"api.controlPlaneEndpoint", kString, false, "v1.11", "", "\"10.0.0.10:6443\""},
               {"api.bindPort", kInt32, false, "v1.11", "", "6443"},
               {"kubeProxy", kObject, false, "v1.11", ""},
               {"kubeProxy.config", kKubeProxyConfig, true, "v1.11", ""},
               {"kubeletConfiguration", kObject, false, "v1.11", ""},
               {"kubeletConfiguration.baseConfig", kOpaque, true, "v1.11", ""},
           }},
           LocalEtcdAlpha("v1.11"), ExternalEtcd("v1.11"), Networking("v1.11"),
           ClusterScalars("v1.11", "v1.11"),
           std::array<FieldSpec, 1>{{{"unifiedControlPlaneImage", kString, false, "v1.11", ""}}},
           FlatControlPlane("v1.11", "v1.11"), AuditPolicy("v1.11"));

// kubeadm.k8s.io/v1alpha3: v1.12, and v1.13 (read-only); v1.14 accepted it
// for `kubeadm config migrate` only ("convert only", init refused it);
// removed in v1.15. MasterConfiguration split into these two kinds; the
// proxy and kubelet configurations became documents of their own.
constexpr auto kV1Alpha3Init =
    Concat(BootstrapTokens("v1.12"), NodeRegistration("v1.12", kStringMap),
           std::array<FieldSpec, 3>{{
               {"apiEndpoint", kObject, false, "v1.12", ""},
               {"apiEndpoint.advertiseAddress", kString, false, "v1.12", "", "10.0.0.10"},
               {"apiEndpoint.bindPort", kInt32, false, "v1.12", "", "6443"},
           }});

constexpr auto kV1Alpha3Cluster =
    Concat(LocalEtcdAlpha("v1.12"), ExternalEtcd("v1.12"), Networking("v1.12"),
           ClusterScalars("v1.12", "v1.12"),
           std::array<FieldSpec, 2>{{
               {"controlPlaneEndpoint", kString, false, "v1.12", "", "\"10.0.0.10:6443\""},
               {"unifiedControlPlaneImage", kString, false, "v1.12", ""},
           }},
           FlatControlPlane("v1.12", "v1.12"), AuditPolicy("v1.12"));

// kubeadm.k8s.io/v1beta1: v1.13 to v1.21 (deprecated in v1.17, #83276;
// removed in v1.22, #101129). Components grouped (apiServer, ...), etcd's
// image split into imageRepository/imageTag, dns added, auditPolicy and
// unifiedControlPlaneImage gone; apiEndpoint renamed localAPIEndpoint.
constexpr auto kV1Beta1Init =
    Concat(BootstrapTokens("v1.13"), NodeRegistration("v1.13", kStringMap),
           std::array<FieldSpec, 3>{{
               {"localAPIEndpoint", kObject, false, "v1.13", ""},
               {"localAPIEndpoint.advertiseAddress", kString, false, "v1.13", "", "10.0.0.10"},
               {"localAPIEndpoint.bindPort", kInt32, false, "v1.13", "", "6443"},
           }});

constexpr std::array<FieldSpec, 6> ClusterBetaTail(std::string_view since) {
  return {{
      {"controlPlaneEndpoint", kString, false, since, "", "\"10.0.0.10:6443\""},
      {"dns", kObject, false, since, ""},
      {"dns.type", kString, false, since, "", "CoreDNS"},
      {"dns.imageRepository", kString, false, since, "", "registry.k8s.io/coredns"},
      {"dns.imageTag", kString, false, since, "", "v1.12.0"},
      // Replaced v1alpha3's unifiedControlPlaneImage (#70793).
      {"useHyperKubeImage", kBool, false, since, ""},
  }};
}

constexpr auto kV1Beta1Cluster =
    Concat(LocalEtcdBeta("v1.13", kStringMap), ExternalEtcd("v1.13"), Networking("v1.13"),
           ClusterScalars("v1.13", "v1.13"), ComponentsBeta("v1.13"), ClusterBetaTail("v1.13"));

// kubeadm.k8s.io/v1beta2: v1.15 to v1.26 (deprecated in v1.24, #107013;
// removed in v1.27, kubeadm#2459). Adds certificateKey and
// nodeRegistration.ignorePreflightErrors.
constexpr auto kV1Beta2Init =
    Concat(BootstrapTokens("v1.15"), NodeRegistration("v1.15", kStringMap),
           std::array<FieldSpec, 5>{{
               {"nodeRegistration.ignorePreflightErrors", kStringList, true, "v1.15", "", "[Swap]"},
               {"localAPIEndpoint", kObject, false, "v1.15", ""},
               {"localAPIEndpoint.advertiseAddress", kString, false, "v1.15", "", "10.0.0.10"},
               {"localAPIEndpoint.bindPort", kInt32, false, "v1.15", "", "6443"},
               {"certificateKey", kString, false, "v1.15", ""},
           }});

constexpr auto kV1Beta2Cluster =
    Concat(LocalEtcdBeta("v1.15", kStringMap), ExternalEtcd("v1.15"), Networking("v1.15"),
           ClusterScalars("v1.15", "v1.15"), ComponentsBeta("v1.15"), ClusterBetaTail("v1.15"));

// kubeadm.k8s.io/v1beta3: v1.22 to v1.36 (deprecated in v1.31, #125029;
// removed in v1.37, #136016, in CHANGELOG-1.37). Adds skipPhases, patches and
// nodeRegistration.imagePullPolicy (#102901); dns.type and
// useHyperKubeImage gone.
constexpr auto kV1Beta3Init =
    Concat(BootstrapTokens("v1.22"), NodeRegistration("v1.22", kStringMap),
           std::array<FieldSpec, 9>{{
               {"nodeRegistration.ignorePreflightErrors", kStringList, true, "v1.22", "", "[Swap]"},
               {"nodeRegistration.imagePullPolicy", kString, false, "v1.22", "", "IfNotPresent"},
               {"localAPIEndpoint", kObject, false, "v1.22", ""},
               {"localAPIEndpoint.advertiseAddress", kString, false, "v1.22", "", "10.0.0.10"},
               {"localAPIEndpoint.bindPort", kInt32, false, "v1.22", "", "6443"},
               {"certificateKey", kString, false, "v1.22", ""},
               {"skipPhases", kStringList, true, "v1.22", "", "[addon/kube-proxy]"},
               {"patches", kObject, true, "v1.22", ""},
               {"patches.directory", kString, false, "v1.22", "", "/etc/kubernetes/patches"},
           }});

constexpr auto kV1Beta3Cluster =
    Concat(LocalEtcdBeta("v1.22", kStringMap), ExternalEtcd("v1.22"), Networking("v1.22"),
           ClusterScalars("v1.22", "v1.22"), ComponentsBeta("v1.22"),
           std::array<FieldSpec, 4>{{
               {"controlPlaneEndpoint", kString, false, "v1.22", "", "\"10.0.0.10:6443\""},
               {"dns", kObject, false, "v1.22", ""},
               {"dns.imageRepository", kString, false, "v1.22", "", "registry.k8s.io/coredns"},
               {"dns.imageTag", kString, false, "v1.22", "", "v1.12.0"},
           }});

// kubeadm.k8s.io/v1beta4: v1.31 on (#125029; experimental behind
// --allow-experimental-api in v1.28-v1.30). extraArgs become lists of
// {name, value}; adds dryRun, timeouts, extraEnvs, dns.disabled,
// proxy.disabled, imagePullSerial, encryptionAlgorithm and the certificate
// validity periods; apiServer.timeoutForControlPlane moved to
// timeouts.controlPlaneComponentHealthCheck. No Init/Cluster field changed
// since v1.31 in the types.go of later releases.
constexpr auto kV1Beta4Init =
    Concat(BootstrapTokens("v1.31"), NodeRegistration("v1.31", kArgList),
           std::array<FieldSpec, 19>{{
               {"dryRun", kBool, false, "v1.31", ""},
               {"nodeRegistration.ignorePreflightErrors", kStringList, true, "v1.31", "", "[Swap]"},
               {"nodeRegistration.imagePullPolicy", kString, false, "v1.31", "", "IfNotPresent"},
               {"nodeRegistration.imagePullSerial", kBool, true, "v1.31", ""},
               {"localAPIEndpoint", kObject, false, "v1.31", ""},
               {"localAPIEndpoint.advertiseAddress", kString, false, "v1.31", "", "10.0.0.10"},
               {"localAPIEndpoint.bindPort", kInt32, false, "v1.31", "", "6443"},
               {"certificateKey", kString, false, "v1.31", ""},
               {"skipPhases", kStringList, true, "v1.31", "", "[addon/kube-proxy]"},
               {"patches", kObject, true, "v1.31", ""},
               {"patches.directory", kString, false, "v1.31", "", "/etc/kubernetes/patches"},
               {"timeouts", kObject, true, "v1.31", ""},
               {"timeouts.controlPlaneComponentHealthCheck", kDuration, true, "v1.31", "", "4m0s"},
               {"timeouts.kubeletHealthCheck", kDuration, true, "v1.31", "", "4m0s"},
               {"timeouts.kubernetesAPICall", kDuration, true, "v1.31", "", "1m0s"},
               {"timeouts.etcdAPICall", kDuration, true, "v1.31", "", "2m0s"},
               {"timeouts.tlsBootstrap", kDuration, true, "v1.31", "", "5m0s"},
               {"timeouts.discovery", kDuration, true, "v1.31", "", "5m0s"},
               {"timeouts.upgradeManifests", kDuration, true, "v1.31", "", "5m0s"},  // #123595
           }});

constexpr auto kV1Beta4Cluster =
    Concat(LocalEtcdBeta("v1.31", kArgList),
           std::array<FieldSpec, 4>{{
               {"etcd.local.extraEnvs", kObjectList, true, "v1.31", ""},
               {"etcd.local.extraEnvs[].name", kString, false, "v1.31", "", "HTTP_PROXY"},
               {"etcd.local.extraEnvs[].value", kString, false, "v1.31", ""},
               {"etcd.local.extraEnvs[].valueFrom", kOpaque, true, "v1.31", ""},
           }},
           ExternalEtcd("v1.31"), Networking("v1.31"), ClusterScalars("v1.31", "v1.31"),
           ComponentsV1Beta4("v1.31"),
           std::array<FieldSpec, 10>{{
               {"controlPlaneEndpoint", kString, false, "v1.31", "", "\"10.0.0.10:6443\""},
               {"dns", kObject, false, "v1.31", ""},
               {"dns.imageRepository", kString, false, "v1.31", "", "registry.k8s.io/coredns"},
               {"dns.imageTag", kString, false, "v1.31", "", "v1.12.0"},
               {"dns.disabled", kBool, false, "v1.31", ""},
               {"proxy", kObject, false, "v1.31", ""},
               {"proxy.disabled", kBool, false, "v1.31", ""},
               {"encryptionAlgorithm", kString, false, "v1.31", "", "RSA-2048"},
               {"certificateValidityPeriod", kDuration, true, "v1.31", "", "8760h0m0s"},
               {"caCertificateValidityPeriod", kDuration, true, "v1.31", "", "87600h0m0s"},
           }});

static_assert(Complete(kV1Alpha1Master) && Complete(kV1Alpha2Master) && Complete(kV1Alpha3Init) &&
              Complete(kV1Alpha3Cluster) && Complete(kV1Beta1Init) && Complete(kV1Beta1Cluster) &&
              Complete(kV1Beta2Init) && Complete(kV1Beta2Cluster) && Complete(kV1Beta3Init) &&
              Complete(kV1Beta3Cluster) && Complete(kV1Beta4Init) && Complete(kV1Beta4Cluster));

constexpr std::string_view kAlpha1 = "kubeadm.k8s.io/v1alpha1";
constexpr std::string_view kAlpha2 = "kubeadm.k8s.io/v1alpha2";
constexpr std::string_view kAlpha3 = "kubeadm.k8s.io/v1alpha3";
constexpr std::string_view kBeta1 = "kubeadm.k8s.io/v1beta1";
constexpr std::string_view kBeta2 = "kubeadm.k8s.io/v1beta2";
constexpr std::string_view kBeta3 = "kubeadm.k8s.io/v1beta3";
constexpr std::string_view kBeta4 = "kubeadm.k8s.io/v1beta4";

constexpr TypeTable kTables[] = {
    {kAlpha1, "MasterConfiguration", "v1.9", "v1.11", kV1Alpha1Master},
    {kAlpha2, "MasterConfiguration", "v1.11", "v1.12", kV1Alpha2Master},
    {kAlpha3, "InitConfiguration", "v1.12", "v1.13", kV1Alpha3Init},
    {kAlpha3, "ClusterConfiguration", "v1.12", "v1.13", kV1Alpha3Cluster},
    {kBeta1, "InitConfiguration", "v1.13", "v1.21", kV1Beta1Init},
    {kBeta1, "ClusterConfiguration", "v1.13", "v1.21", kV1Beta1Cluster},
    {kBeta2, "InitConfiguration", "v1.15", "v1.26", kV1Beta2Init},
    {kBeta2, "ClusterConfiguration", "v1.15", "v1.26", kV1Beta2Cluster},
    {kBeta3, "InitConfiguration", "v1.22", "v1.36", kV1Beta3Init},
    {kBeta3, "ClusterConfiguration", "v1.22", "v1.36", kV1Beta3Cluster},
    {kBeta4, "InitConfiguration", "v1.31", "", kV1Beta4Init},
    {kBeta4, "ClusterConfiguration", "v1.31", "", kV1Beta4Cluster},
};

}  // namespace

std::span<const TypeTable> KubeadmTypeTables() { return kTables; }

}  // namespace ki::config
