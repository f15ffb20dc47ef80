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

void ValidateKubeProxy(const KubeProxyConfig& kp, const SourceMap& sources, Diagnostics& d);
void Validate(const ClusterConfig& config, const SourceMap& sources, Diagnostics& d);

}  // namespace ki::config
