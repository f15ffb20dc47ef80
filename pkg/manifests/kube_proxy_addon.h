// The kube-proxy addon in IPVS mode, as kubeadm renders it (its
// phases/addons/proxy manifests), running this binary as the proxy: the
// ConfigMap (config.conf + kubeconfig.conf), the DaemonSet, the ServiceAccount,
// the kubeadm:node-proxier ClusterRoleBinding and the bootstrap Role and
// RoleBinding. Rendered through yaml-cpp's emitter in a stable key order.
// Pure; thread-compatible.
#pragma once

#include <string>
#include <vector>

#include "pkg/base/status.h"
#include "pkg/config/types.h"

namespace ki::manifests {

inline constexpr const char* kProxyBinary = "/usr/local/bin/kubeadm-ipvs";
inline constexpr const char* kConfigMountPath = "/var/lib/kube-proxy";

struct AddonOptions {
  // The image the DaemonSet runs; empty: <imageRepository>/kubeadm-ipvs:<version>.
  std::string image;
  // kubeadm's default; false renders only the capabilities the proxy needs.
  bool privileged = true;
  // kubeadm-ipvs's version, for the default image tag.
  std::string version;
};

// One rendered object, with what an API client needs to create it.
struct RenderedObject {
  std::string kind;
  std::string name;
  std::string namespace_name;  // empty for cluster-scoped objects
  std::string resource;        // plural: "configmaps", "daemonsets", ...
  std::string api_group;       // "core/v1", "apps/v1", "rbac.authorization.k8s.io/v1"
  std::string yaml;            // one document
};

// The image the DaemonSet runs, per AddonOptions and the configuration.
std::string ProxyImage(const config::ClusterConfig& config, const AddonOptions& options);

// The API server URL kube-proxy's kubeconfig points at: controlPlaneEndpoint
// when set, else the advertise address and bind port. Needs one of them.
Result<std::string> ApiServerUrl(const config::ClusterConfig& config);

// Every object, in the order they are created.
Result<std::vector<RenderedObject>> RenderKubeProxyAddon(const config::ClusterConfig& config,
                                                         const AddonOptions& options);

// The objects as one multi-document YAML stream.
std::string JoinDocuments(const std::vector<RenderedObject>& objects);

}  // namespace ki::manifests
