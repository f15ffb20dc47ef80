// Renders the model as YAML documents through yaml-cpp's emitter, keys in
// alphabetical order as kubeadm's own output has them (sigs.k8s.io/yaml sorts),
// so output is deterministic. Pure.
#pragma once

#include <string>

#include "pkg/config/types.h"

namespace ki::config {

enum class EmitDetail {
  kFull,        // every field (print init-defaults --component-configs)
  kNonDefault,  // kube-proxy fields that differ from kube-proxy's defaults, and mode
};

// A kubeproxy.config.k8s.io/v1alpha1 KubeProxyConfiguration document.
std::string EmitKubeProxyConfiguration(const KubeProxyConfig& kp, EmitDetail detail);

// kubeadm.k8s.io/v1beta4 InitConfiguration and ClusterConfiguration
// documents, then (unless proxy is kNone) a KubeProxyConfiguration document.
enum class ProxyDocument { kNone, kFull, kNonDefault };
std::string EmitV1Beta4(const ClusterConfig& config, ProxyDocument proxy);

}  // namespace ki::config
