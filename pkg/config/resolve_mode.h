// Decides the proxy mode from everything that may ask for it, by precedence
// flags > config file > KUBEPROXY_MODE > kubeadm-ipvs's default (ipvs), and
// says (once each) where intent was read from a non-canonical shape. Pure.
#pragma once

#include "pkg/config/diagnostics.h"
#include "pkg/config/intent.h"
#include "pkg/config/load.h"
#include "pkg/config/types.h"

namespace ki::config {

inline constexpr const char* kDefaultProxyMode = "ipvs";

// Sets config.kube_proxy.mode, merges --feature-gates into the kubeadm gates,
// and drops the obsolete SupportIPVSProxyMode gate from kube-proxy's gates.
// A conflict between --feature-gates and the file is an error naming both.
// Returns where the mode was decided, for explanations (preflight).
std::string ResolveProxyMode(const LoadOptions& options, ModeIntent& intent,
                             const SourceMap& sources, ClusterConfig& config,
                             Diagnostics& diagnostics);

}  // namespace ki::config
