// What every configuration type kubeadm-ipvs reads looked like upstream, field
// by field and release by release, written from the types.go of each release
// (kubeadm's cmd/kubeadm/app/apis/kubeadm/<version>/types.go and
// kube-proxy's staging/src/k8s.io/kube-proxy/config/v1alpha1/types.go, earlier
// pkg/proxy/apis/kubeproxyconfig/v1alpha1). The decoders are written by hand;
// the generated tests hold them to these tables: every field decodes, null
// wherever upstream has a pointer, every legacy type. Pure data.
#pragma once

#include <span>
#include <string_view>

namespace ki::config {

// A field's Go type, as far as decoding cares.
enum class FieldType {
  kString,           // string (and string-based types: ProxyMode, ...)
  kBool,             // bool
  kInt32,            // int32 / int / uint32 (all integers in these types fit)
  kInt64,            // int64
  kFloat,            // float32 (clientConnection.qps)
  kDuration,         // metav1.Duration: a Go duration string ("30s", "250ms")
  kStringList,       // []string
  kStringMap,        // map[string]string (extraArgs before v1beta4, kubeletExtraArgs)
  kArgList,          // []Arg{name, value} (v1beta4's extraArgs)
  kGates,            // map[string]bool (featureGates)
  kGatesString,      // string "K=V,K2=V2" (kube-proxy's featureGates in v1.9)
  kObject,           // a struct: its fields are rows of their own ("a.b")
  kObjectList,       // a list of structs: its fields are rows "a[].b"
  kOpaque,           // anything, kept or skipped whole (kubelet config, logging options)
  kKubeProxyConfig,  // a whole KubeProxyConfiguration of the table's releases
};

// One field of one type. Paths use the JSON names ("ipvs.syncPeriod",
// "bootstrapTokens[].ttl"); a row for every level (the "ipvs" object too).
struct FieldSpec {
  std::string_view path;
  FieldType type;
  // A Go pointer, slice or map: null means "unset". (For a plain metav1.Duration
  // null is an error upstream: its UnmarshalJSON parses "" and fails.)
  bool pointer = false;
  // The first and last Kubernetes release whose type had this field, "v1.9";
  // until "" = it is still there.
  std::string_view since;
  std::string_view until;
  // A YAML value that decodes for this field, when the type's generic sample
  // would not (a mode, an enum); "" = generic by type.
  std::string_view sample = "";
};

// One apiVersion + kind, and the Kubernetes releases whose kubeadm (or
// kube-proxy) read it.
struct TypeTable {
  std::string_view api_version;  // "kubeadm.k8s.io/v1alpha1"
  std::string_view kind;         // "MasterConfiguration"
  std::string_view first_release;
  std::string_view last_release;  // "" = still read
  std::span<const FieldSpec> fields;
};

// Every table: kubeadm's versions (v1alpha1 .. v1beta4, each kind) and
// KubeProxyConfiguration.
std::span<const TypeTable> AllTypeTables();

// kubeadm's types, kube_proxy's type (defined in their own files).
std::span<const TypeTable> KubeadmTypeTables();
const TypeTable& KubeProxyTypeTable();

// "v1.9" < "v1.10": compares Kubernetes minor releases ("v1.MINOR").
int CompareRelease(std::string_view a, std::string_view b);

}  // namespace ki::config
