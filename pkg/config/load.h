// Loading a configuration: documents -> model, then the proxy mode resolved
// from every place it may be asked for (flags > config file > KUBEPROXY_MODE >
// defaults), then defaults, then validation. The entry point for every command
// that takes --config. Not thread-safe (one call, one LoadedConfig).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pkg/config/diagnostics.h"
#include "pkg/config/node_reader.h"
#include "pkg/config/types.h"

namespace ki::config {

// kubeadm's config-bound init flags. Like kubeadm, they can't be mixed with
// --config (only --feature-gates can, here); without it they are applied
// over the defaults.
struct FlagOverrides {
  std::optional<std::string> kubernetes_version;      // --kubernetes-version
  std::optional<std::string> pod_network_cidr;        // --pod-network-cidr
  std::optional<std::string> service_cidr;            // --service-cidr
  std::optional<std::string> advertise_address;       // --apiserver-advertise-address
  std::optional<int32_t> bind_port;                   // --apiserver-bind-port
  std::optional<std::string> control_plane_endpoint;  // --control-plane-endpoint
  std::optional<std::string> image_repository;        // --image-repository

  // The flag names that are set, in kubeadm's spelling.
  std::vector<std::string> SetNames() const;
};

struct LoadOptions {
  std::optional<std::string> config_path;     // --config
  std::optional<std::string> feature_gates;   // --feature-gates, as typed
  std::optional<std::string> env_proxy_mode;  // KUBEPROXY_MODE, if set
  FlagOverrides flags;
};

struct LoadedConfig {
  ClusterConfig config;
  // "kubeadm.k8s.io/v1alpha1 MasterConfiguration", ... or "" (defaults only).
  std::string source;
  SourceMap sources;
  Diagnostics diagnostics;
  // Where the proxy mode was decided: "kubeProxy.config.mode (f.yaml:15:7)",
  // "--feature-gates=SupportIPVSProxyMode=true", "KUBEPROXY_MODE=ipvs", ...
  std::string mode_source;

  bool ok() const { return !diagnostics.has_errors(); }
};

// Reads --config (if any), applies flags and environment, defaults, validates.
LoadedConfig LoadConfig(const LoadOptions& options);

// The same for text already in memory (tests, fuzzing); file names positions.
LoadedConfig LoadConfigText(std::string_view text, const std::string& file,
                            const LoadOptions& options);

// Decoding only (no mode resolution, defaults or validation), for the parts
// of the pipeline that need it alone (round-trip tests, the fuzzer).
LoadedConfig DecodeConfigText(std::string_view text, const std::string& file);

// The environment's KUBEPROXY_MODE, if set and non-empty.
std::optional<std::string> ProxyModeFromEnvironment();

}  // namespace ki::config
