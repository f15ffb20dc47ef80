// The test API server's REST layout: which resources it serves (plural,
// kind, group/version, scope) and how a request path names a collection or
// an object in them:
//   /api/v1/{resource}[/{name}]                                  cluster scope
//   /api/v1/namespaces/{ns}/{resource}[/{name}]                  namespaced
//   /apis/{group}/{version}/{resource}[/{name}]
//   /apis/{group}/{version}/namespaces/{ns}/{resource}[/{name}]
// Pure; thread-safe.
#pragma once

#include <optional>
#include <string>

namespace ki::k8s::testapi {

struct ResourceInfo {
  std::string resource;       // "daemonsets"
  std::string kind;           // "DaemonSet"
  std::string group_version;  // "apps/v1", "v1"
  bool namespaced = true;

  // "apps", or "" for the core group.
  std::string group() const;
  // "daemonsets.apps", "configmaps": how the API server names it in messages.
  std::string qualified() const;
};

// The served resource of that plural name, or null.
const ResourceInfo* FindResource(const std::string& resource);

struct ResourcePath {
  const ResourceInfo* info = nullptr;
  std::string namespace_name;  // empty: all namespaces, or a cluster-scoped resource
  std::string name;            // empty: the collection
};

// Parses a request path (no query). Empty when the path is not one of the
// shapes above, names a resource this server does not serve, gives it the
// wrong group/version, or puts a cluster-scoped one in a namespace.
std::optional<ResourcePath> ParseResourcePath(const std::string& path);

}  // namespace ki::k8s::testapi
