// Every place a configuration may ask for a proxy mode: the canonical
// KubeProxyConfiguration `mode`, the classic guide's top-level `mode` and
// SupportIPVSProxyMode gates (kubeadm's, kube-proxy's, the flag), and the
// KUBEPROXY_MODE environment variable. Decoders fill it; ResolveProxyMode
// turns it into one mode. Plain values.
#pragma once

#include <optional>
#include <string>

#include "pkg/config/diagnostics.h"

namespace ki::config {

template <typename T>
struct Said {
  T value{};
  Position where;
  std::string written;  // how the user wrote it, for messages
};

struct ModeIntent {
  std::optional<Said<std::string>>
      proxy_mode;  // kubeProxy.config.mode / KubeProxyConfiguration.mode
  std::optional<Said<std::string>> top_level_mode;  // MasterConfiguration's top-level mode
  std::optional<Said<bool>> kubeadm_gate;           // featureGates.SupportIPVSProxyMode (kubeadm's)
  std::optional<Said<bool>> proxy_gate;  // kube-proxy's featureGates.SupportIPVSProxyMode
  std::optional<Said<bool>> flag_gate;   // --feature-gates=SupportIPVSProxyMode=...
  std::optional<std::string> env_mode;   // KUBEPROXY_MODE
};

}  // namespace ki::config
