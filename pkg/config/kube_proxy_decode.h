// Decodes a KubeProxyConfiguration mapping (a kubeproxy.config.k8s.io/v1alpha1
// document, or the kubeProxy.config block of kubeadm v1alpha1/v1alpha2) into
// the model, accepting the older keys with a notice. Not thread-safe.
#pragma once

#include "pkg/config/node_reader.h"
#include "pkg/config/types.h"

namespace ki::config {

// Reads every KubeProxyConfiguration field of map (apiVersion/kind excluded)
// into out. Unknown fields are left for the caller's map.Finish().
void DecodeKubeProxyFields(MapReader& map, KubeProxyConfig& out);

}  // namespace ki::config
