// Upstream defaults: kube-proxy's (reference.md section 2) and kubeadm's,
// including kubeadm's dynamic ones (clusterCIDR from podSubnet, the kubeconfig
// path, bindAddress by the advertise address's family). Pure.
#pragma once

#include "pkg/config/types.h"

namespace ki::config {

inline constexpr const char* kDefaultKubernetesVersion = "v1.34.0";
inline constexpr const char* kDefaultImageRepository = "registry.k8s.io";
inline constexpr const char* kKubeProxyKubeconfigPath = "/var/lib/kube-proxy/kubeconfig.conf";

// kube-proxy's own defaults (what `kube-proxy --config` would apply).
void ApplyKubeProxyDefaults(KubeProxyConfig& kp);

// kubeadm's defaults, then kube-proxy's as kubeadm sets them up.
void ApplyKubeadmDefaults(ClusterConfig& config);

// A fully defaulted model with kubeadm's placeholders, as
// `kubeadm config print init-defaults` shows it.
ClusterConfig InitDefaults();

}  // namespace ki::config
