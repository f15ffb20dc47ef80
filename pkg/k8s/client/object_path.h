// Where one Kubernetes object lives in the REST API: its kind mapped to the
// plural resource and scope (a fixed table of the kinds this client writes,
// standing in for discovery), and the collection and object paths
// ("/apis/apps/v1/namespaces/kube-system/daemonsets/kube-proxy"). Pure;
// thread-compatible.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "pkg/base/status.h"

namespace ki::k8s::client {

struct ObjectRef {
  std::string api_version;     // "v1", "apps/v1", "rbac.authorization.k8s.io/v1"
  std::string kind;            // "DaemonSet"
  std::string resource;        // "daemonsets"
  std::string namespace_name;  // empty for cluster-scoped kinds
  std::string name;
};

// Reads apiVersion, kind, metadata.name and metadata.namespace. An unknown
// kind, a missing name, a namespace on a cluster-scoped kind or none on a
// namespaced one is an InvalidConfig error naming the object.
Result<ObjectRef> RefOf(const nlohmann::json& object);

// "/api/v1/namespaces/kube-system/configmaps",
// "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings".
std::string CollectionPath(const ObjectRef& ref);
// CollectionPath + "/" + the escaped name.
std::string ObjectPath(const ObjectRef& ref);
// "DaemonSet kube-system/kube-proxy", "ClusterRoleBinding kubeadm:node-proxier": for messages.
std::string Describe(const ObjectRef& ref);

}  // namespace ki::k8s::client
