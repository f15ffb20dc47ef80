#include "tests/k8s_api/resource_path.h"

#include <array>
#include <sstream>
#include <vector>

namespace ki::k8s::testapi {
namespace {

// What kube-proxy watches, what kubeadm-ipvs init writes, and a few
// neighbours; anything else is 404 as on a server without that API.
const std::array<ResourceInfo, 13>& Resources() {
  static const std::array<ResourceInfo, 13> kResources = {{
      {"services", "Service", "v1", true},
      {"endpointslices", "EndpointSlice", "discovery.k8s.io/v1", true},
      {"nodes", "Node", "v1", false},
      {"namespaces", "Namespace", "v1", false},
      {"configmaps", "ConfigMap", "v1", true},
      {"secrets", "Secret", "v1", true},
      {"serviceaccounts", "ServiceAccount", "v1", true},
      {"daemonsets", "DaemonSet", "apps/v1", true},
      {"deployments", "Deployment", "apps/v1", true},
      {"clusterroles", "ClusterRole", "rbac.authorization.k8s.io/v1", false},
      {"clusterrolebindings", "ClusterRoleBinding", "rbac.authorization.k8s.io/v1", false},
      {"roles", "Role", "rbac.authorization.k8s.io/v1", true},
      {"rolebindings", "RoleBinding", "rbac.authorization.k8s.io/v1", true},
  }};
  return kResources;
}

std::vector<std::string> Segments(const std::string& path) {
  std::vector<std::string> out;
  std::stringstream in(path);
  std::string part;
  while (std::getline(in, part, '/')) {
    if (!part.empty()) out.push_back(part);
  }
  return out;
}

}  // namespace

std::string ResourceInfo::group() const {
  const size_t slash = group_version.find('/');
  return slash == std::string::npos ? "" : group_version.substr(0, slash);
}

std::string ResourceInfo::qualified() const {
  return group().empty() ? resource : resource + "." + group();
}

const ResourceInfo* FindResource(const std::string& resource) {
  for (const ResourceInfo& r : Resources()) {
    if (r.resource == resource) return &r;
  }
  return nullptr;
}

std::optional<ResourcePath> ParseResourcePath(const std::string& path) {
  if (path.find("//") != std::string::npos || (!path.empty() && path.back() == '/')) {
    return std::nullopt;
  }
  std::vector<std::string> s = Segments(path);
  std::string group_version;
  size_t rest = 0;
  if (s.size() >= 2 && s[0] == "api") {
    group_version = s[1];
    rest = 2;
  } else if (s.size() >= 3 && s[0] == "apis") {
    group_version = s[1] + "/" + s[2];
    rest = 3;
  } else {
    return std::nullopt;
  }
  ResourcePath out;
  std::string resource;
  const size_t n = s.size() - rest;
  if (n >= 3 && n <= 4 && s[rest] == "namespaces") {
    out.namespace_name = s[rest + 1];
    resource = s[rest + 2];
    out.name = n == 4 ? s[rest + 3] : "";
  } else if (n >= 1 && n <= 2) {
    resource = s[rest];
    out.name = n == 2 ? s[rest + 1] : "";
  } else {
    return std::nullopt;
  }
  out.info = FindResource(resource);
  if (out.info == nullptr || out.info->group_version != group_version ||
      (!out.info->namespaced && !out.namespace_name.empty())) {
    return std::nullopt;
  }
  return out;
}

}  // namespace ki::k8s::testapi
