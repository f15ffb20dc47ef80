#include "pkg/k8s/client/object_path.h"

#include <array>
#include <cctype>

namespace ki::k8s::client {
namespace {

struct KindInfo {
  const char* api_version;
  const char* kind;
  const char* resource;
  bool namespaced;
};

// The kinds kubeadm-ipvs writes (the kube-proxy addon) and the ones tests
// write to drive the proxy. Without discovery, a kind outside this table is
// an error rather than a guessed plural.
constexpr std::array<KindInfo, 13> kKinds = {{
    {"v1", "ConfigMap", "configmaps", true},
    {"v1", "Secret", "secrets", true},
    {"v1", "Service", "services", true},
    {"v1", "ServiceAccount", "serviceaccounts", true},
    {"v1", "Namespace", "namespaces", false},
    {"v1", "Node", "nodes", false},
    {"apps/v1", "DaemonSet", "daemonsets", true},
    {"apps/v1", "Deployment", "deployments", true},
    {"discovery.k8s.io/v1", "EndpointSlice", "endpointslices", true},
    {"rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles", false},
    {"rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebindings", false},
    {"rbac.authorization.k8s.io/v1", "Role", "roles", true},
    {"rbac.authorization.k8s.io/v1", "RoleBinding", "rolebindings", true},
}};

const KindInfo* FindKind(const std::string& api_version, const std::string& kind) {
  for (const KindInfo& k : kKinds) {
    if (api_version == k.api_version && kind == k.kind) return &k;
  }
  return nullptr;
}

std::string StringAt(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Percent-encodes a path segment as Go's url.PathEscape does for names:
// RFC 3986 unreserved characters and the sub-delimiters ':' '@' stay
// ("kubeadm:node-proxier" is sent as is, like client-go sends it).
std::string EscapeSegment(const std::string& s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : s) {
    if (std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~' || c == ':' ||
        c == '@') {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return out;
}

}  // namespace

Result<ObjectRef> RefOf(const nlohmann::json& object) {
  if (!object.is_object()) return Status::InvalidConfig("object is not a JSON object");
  ObjectRef ref;
  ref.api_version = StringAt(object, "apiVersion");
  ref.kind = StringAt(object, "kind");
  const auto meta = object.find("metadata");
  if (meta != object.end() && meta->is_object()) {
    ref.name = StringAt(*meta, "name");
    ref.namespace_name = StringAt(*meta, "namespace");
  }
  const std::string what =
      ref.kind + " \"" + ref.name + "\" (apiVersion \"" + ref.api_version + "\")";
  const KindInfo* info = FindKind(ref.api_version, ref.kind);
  if (info == nullptr) {
    return Status::InvalidConfig(what + ": no REST mapping for this kind in this client");
  }
  if (ref.name.empty() || ref.name == "." || ref.name == ".." ||
      ref.name.find('/') != std::string::npos) {
    return Status::InvalidConfig(what + ": metadata.name must be set and hold no '/'");
  }
  if (info->namespaced == ref.namespace_name.empty()) {
    return Status::InvalidConfig(what + (info->namespaced
                                             ? ": metadata.namespace must be set"
                                             : ": cluster-scoped, so metadata.namespace must "
                                               "not be set"));
  }
  ref.resource = info->resource;
  return ref;
}

std::string CollectionPath(const ObjectRef& ref) {
  std::string path = ref.api_version.find('/') == std::string::npos ? "/api/" + ref.api_version
                                                                    : "/apis/" + ref.api_version;
  if (!ref.namespace_name.empty()) path += "/namespaces/" + EscapeSegment(ref.namespace_name);
  return path + "/" + ref.resource;
}

std::string ObjectPath(const ObjectRef& ref) {
  return CollectionPath(ref) + "/" + EscapeSegment(ref.name);
}

std::string Describe(const ObjectRef& ref) {
  return ref.kind + " " + (ref.namespace_name.empty() ? "" : ref.namespace_name + "/") + ref.name;
}

}  // namespace ki::k8s::client
