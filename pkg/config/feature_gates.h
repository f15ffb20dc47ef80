// Feature gates: the "K=V,K2=V2" text form (flags, v1.9 configs) and the gates
// kubeadm-ipvs knows. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pkg/base/status.h"
// What each gate means (kept, no effect, refused): the decoders that include
// this header apply it.
#include "pkg/config/types.h"

namespace ki::config {

// The v1.9 gate that once had to be on for kube-proxy's IPVS mode.
inline constexpr std::string_view kSupportIpvsProxyMode = "SupportIPVSProxyMode";

// Parses "K=V[,K=V...]" with boolean values; whitespace around items is allowed.
Result<FeatureGates> ParseFeatureGateList(std::string_view text);

// kubeadm's own gates across its versions (SupportIPVSProxyMode among them),
// sorted; see known_gates.h for when each existed and gate_check.h for what
// each means now.
const std::vector<std::string>& KnownKubeadmGates();
// The Kubernetes gates kube-proxy itself reads in some release, sorted.
const std::vector<std::string>& KnownKubeProxyGates();

bool IsKnownGate(const std::vector<std::string>& known, std::string_view name);
// "A, B, C": for messages listing the valid names.
std::string JoinNames(const std::vector<std::string>& names);

}  // namespace ki::config
