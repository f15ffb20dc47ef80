// The one configuration model every accepted shape decodes into: kubeadm's
// cluster/init settings plus the kube-proxy configuration. Plain values, no
// provenance (that lives in SourceMap and Diagnostics), so two models compare
// with ==. Defaults are the upstream ones (reference.md section 2) and are
// applied by ApplyDefaults(), not by these initializers, except where noted.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pkg/config/duration.h"

namespace ki::config {

// An ordered name=value list: v1beta4's extraArgs, older versions' maps.
using ArgList = std::vector<std::pair<std::string, std::string>>;
using FeatureGates = std::map<std::string, bool>;

struct ClientConnection {
  std::string kubeconfig;            // default /var/lib/kube-proxy/kubeconfig.conf (kubeadm)
  std::string accept_content_types;  // default ""
  std::string content_type;          // default application/vnd.kubernetes.protobuf
  double qps = 0;                    // default 5
  int32_t burst = 0;                 // default 10
  bool operator==(const ClientConnection&) const = default;
};

struct IptablesSettings {
  std::optional<int32_t> masquerade_bit;      // default 14
  bool masquerade_all = false;                // default false
  std::optional<bool> localhost_node_ports;   // default true
  std::optional<bool> snat_node_internal_ip;  // unset = false (after v1.37)
  Duration sync_period;                       // default 30s
  Duration min_sync_period;                   // default 1s
  bool operator==(const IptablesSettings&) const = default;
};

struct IpvsSettings {
  Duration sync_period;                    // default 30s
  Duration min_sync_period;                // default 0s
  std::string scheduler;                   // default "" (= rr)
  std::vector<std::string> exclude_cidrs;  // default none
  bool strict_arp = false;                 // default false
  Duration tcp_timeout;                    // 0 = keep the kernel's value
  Duration tcp_fin_timeout;                // 0 = keep the kernel's value
  Duration udp_timeout;                    // 0 = keep the kernel's value
  bool operator==(const IpvsSettings&) const = default;
};

struct NftablesSettings {
  std::optional<int32_t> masquerade_bit;  // default 14
  bool masquerade_all = false;
  Duration sync_period;      // default 30s
  Duration min_sync_period;  // default 1s
  bool operator==(const NftablesSettings&) const = default;
};

// The timeouts are pointers upstream: unset means the default, an explicit 0s
// means "leave the kernel's value" (kind and usernetes write 0s on purpose).
struct ConntrackSettings {
  std::optional<int32_t> max_per_core;              // default 32768
  std::optional<int32_t> min;                       // default 131072
  std::optional<Duration> tcp_established_timeout;  // default 24h
  std::optional<Duration> tcp_close_wait_timeout;   // default 1h
  bool tcp_be_liberal = false;
  Duration udp_timeout;         // default 0 (kernel's)
  Duration udp_stream_timeout;  // default 0 (kernel's)
  bool operator==(const ConntrackSettings&) const = default;
};

struct DetectLocal {
  std::string bridge_interface;
  std::string interface_name_prefix;
  bool operator==(const DetectLocal&) const = default;
};

// Windows only (kube-proxy's kernelspace mode): kept so that migrate carries it.
struct WinkernelSettings {
  std::string network_name;
  std::string source_vip;
  bool enable_dsr = false;
  std::string root_hns_endpoint_name;
  bool forward_health_check_vip = false;
  bool operator==(const WinkernelSettings&) const = default;
};

// kubeproxy.config.k8s.io/v1alpha1 KubeProxyConfiguration.
struct KubeProxyConfig {
  std::string bind_address;          // default 0.0.0.0 (:: for an IPv6 control plane)
  std::string healthz_bind_address;  // default 0.0.0.0:10256
  std::string metrics_bind_address;  // default 127.0.0.1:10249
  bool bind_address_hard_fail = false;
  bool enable_profiling = false;
  std::string cluster_cidr;       // default: kubeadm's podSubnet
  std::string hostname_override;  // default ""
  ClientConnection client_connection;
  IptablesSettings iptables;
  IpvsSettings ipvs;
  NftablesSettings nftables;
  std::optional<int32_t> oom_score_adj;  // default -999
  std::string mode;                      // kubeadm-ipvs default: ipvs
  std::string port_range;
  Duration udp_idle_timeout;  // default 250ms; v1.10-v1.25 (userspace mode only)
  ConntrackSettings conntrack;
  Duration config_sync_period;  // default 15m
  std::vector<std::string> node_port_addresses;
  FeatureGates feature_gates;
  std::string detect_local_mode;  // default "" (= ClusterCIDR)
  DetectLocal detect_local;
  std::string show_hidden_metrics_for_version;
  YAML::Node logging;  // passed through unchanged (component-base's LoggingConfiguration)
  WinkernelSettings winkernel;
  bool windows_run_as_service = false;  // Windows only

  bool operator==(const KubeProxyConfig& o) const;
};

struct BootstrapToken {
  std::string token;  // never logged
  std::string description;
  Duration ttl;  // default 24h
  std::vector<std::string> usages;
  std::vector<std::string> groups;
  bool operator==(const BootstrapToken&) const = default;
};

struct Taint {
  std::string key;
  std::string value;
  std::string effect;
  bool operator==(const Taint&) const = default;
};

struct NodeRegistration {
  std::string name;
  std::string cri_socket;
  std::optional<std::vector<Taint>> taints;  // unset = kubeadm's control-plane taint
  ArgList kubelet_extra_args;
  std::vector<std::string> ignore_preflight_errors;
  std::string image_pull_policy;
  bool operator==(const NodeRegistration&) const = default;
};

struct LocalEtcd {
  std::string data_dir;  // default /var/lib/etcd
  std::string image_repository;
  std::string image_tag;
  ArgList extra_args;
  std::vector<std::string> server_cert_sans;
  std::vector<std::string> peer_cert_sans;
  bool operator==(const LocalEtcd&) const = default;
};

struct ExternalEtcd {
  std::vector<std::string> endpoints;
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
  bool operator==(const ExternalEtcd&) const = default;
};

struct ControlPlaneComponent {
  ArgList extra_args;
  bool operator==(const ControlPlaneComponent&) const = default;
};

// kubeadm's InitConfiguration + ClusterConfiguration, across all versions.
struct ClusterConfig {
  // InitConfiguration
  std::vector<BootstrapToken> bootstrap_tokens;
  std::string advertise_address;  // default: the default route's address (at init)
  int32_t bind_port = 0;          // default 6443
  NodeRegistration node_registration;
  std::vector<std::string> skip_phases;
  // ClusterConfiguration
  std::string kubernetes_version;  // default: this build's stable version
  std::string control_plane_endpoint;
  std::string image_repository;               // default registry.k8s.io
  std::string certificates_dir;               // default /etc/kubernetes/pki
  std::string cluster_name;                   // default kubernetes
  std::string service_subnet;                 // default 10.96.0.0/12
  std::string pod_subnet;                     // default ""
  std::string dns_domain;                     // default cluster.local
  std::optional<ExternalEtcd> external_etcd;  // unset = local etcd
  LocalEtcd local_etcd;
  ControlPlaneComponent api_server;
  std::vector<std::string> api_server_cert_sans;
  ControlPlaneComponent controller_manager;
  ControlPlaneComponent scheduler;
  FeatureGates feature_gates;  // kubeadm's own gates
  bool proxy_disabled = false;
  KubeProxyConfig kube_proxy;

  bool operator==(const ClusterConfig&) const = default;
};

}  // namespace ki::config
