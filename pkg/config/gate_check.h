// What a feature gate named in a configuration means to kubeadm-ipvs, from
// the gate tables (known_gates.h): kept in the model, accepted with a notice
// that it does nothing here (as upstream accepted it), or refused with the
// nearest known names (as upstream refused it).
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>

#include "pkg/config/node_reader.h"

namespace ki::config {

enum class GateVerdict {
  kKeep,      // kept in the model and carried over by `config migrate`
  kNoEffect,  // accepted with a notice; not kept
  kUnknown,   // refused
};

struct GateCheck {
  GateVerdict verdict = GateVerdict::kKeep;
  // kNoEffect: the notice, to follow "<path>.<Name> "; kUnknown: the error.
  std::string why;
};

// kube-proxy's featureGates: a gate the proxy reads (in some release) is
// kept; any other gate some Kubernetes release had has no effect on the
// proxy; a name no release had is refused. Pure; thread-safe.
GateCheck CheckProxyGate(std::string_view name);

// kubeadm's featureGates (files and --feature-gates): a gate of the newest
// kubeadm is kept; one only older kubeadm releases had has no effect now;
// any other name is refused, as kubeadm refused it. SupportIPVSProxyMode is
// mode intent, which callers take out first. Pure; thread-safe.
GateCheck CheckKubeadmGate(std::string_view name);

// Says `check` at `where` (a notice, or an error naming gate_path) and
// returns whether the gate is kept.
bool ReportGate(DecodeContext& ctx, const YAML::Node& where, const std::string& gate_path,
                const GateCheck& check);

// The key of `name` in the featureGates mapping `gates`, where messages about
// that gate point; `gates` itself when it is not a mapping (v1.9's "K=V"
// string, whose names have no node of their own).
YAML::Node GateKeyNode(const YAML::Node& gates, std::string_view name);

}  // namespace ki::config
