// Validation of a defaulted model: kube-proxy's rules (upstream
// pkg/proxy/apis/config/validation) and kubeadm's, each error naming the
// file:line:col the value came from when it came from a file. Pure.
#pragma once

#include "pkg/config/diagnostics.h"
#include "pkg/config/node_reader.h"
#include "pkg/config/types.h"

namespace ki::config {

inline constexpr const char* kIpvsSchedulers[] = {"rr", "wrr", "lc",  "wlc", "lblc", "lblcr",
                                                  "sh", "dh",  "sed", "nq",  "mh"};

// kubernetesVersion against the kubeadm that the output targets: v1.34
// (kubeadm.k8s.io/v1beta4, kDefaultKubernetesVersion), which deploys control
// planes from its minor - 1 (MinimumControlPlaneVersion, v1.33.0: older is an
// error) and warns in preflight above its own minor (KubernetesVersion
// check). source is LoadedConfig::source: a version from a file written for
// an older kubeadm (kubeadm.k8s.io/v1alpha1..v1beta3, such as the classic
// guide's v1.9.0) is migrated: replaced by the default, with a notice. One
// from a v1beta4 file or --kubernetes-version that is too old is an error.
// Release labels (stable, latest-1.x) are left to kubeadm.
void CheckKubernetesVersion(ClusterConfig& config, const std::string& source,
                            const SourceMap& sources, Diagnostics& d);

void ValidateKubeProxy(const KubeProxyConfig& kp, const SourceMap& sources, Diagnostics& d);
void Validate(const ClusterConfig& config, const SourceMap& sources, Diagnostics& d);

}  // namespace ki::config
