#include "pkg/config/gate_check.h"

#include <charconv>
#include <vector>

#include "pkg/base/edit_distance.h"
#include "pkg/base/quote.h"
#include "pkg/config/feature_gates.h"
#include "pkg/config/known_gates.h"

namespace ki::config {
namespace {

// At most this many suggestions: the tables hold hundreds of names.
constexpr size_t kMaxSuggestions = 3;

std::vector<std::string> Names(std::span<const GateHistory> table) {
  std::vector<std::string> names;
  names.reserve(table.size());
  for (const GateHistory& g : table) names.emplace_back(g.name);
  return names;
}

const std::vector<std::string>& KubernetesNames() {
  static const std::vector<std::string> kNames = Names(KubernetesGateHistory());
  return kNames;
}

const std::vector<std::string>& KubeadmNames() {
  static const std::vector<std::string> kNames = Names(KubeadmGateHistory());
  return kNames;
}

// "; did you mean A, B or C?" from the names nearest to `name`, or "".
std::string DidYouMean(std::string_view name, std::vector<std::string> candidates) {
  std::vector<std::string> near;
  while (near.size() < kMaxSuggestions) {
    std::string best = NearestName(name, candidates);
    if (best.empty()) break;
    std::erase(candidates, best);
    near.push_back(std::move(best));
  }
  if (near.empty()) return "";
  std::string out = "; did you mean ";
  for (size_t i = 0; i < near.size(); ++i) {
    if (i > 0) out += i + 1 == near.size() ? " or " : ", ";
    out += near[i];
  }
  return out + "?";
}

// "v1.8-v1.22", "v1.10", "v1.21 and later".
std::string Releases(const GateHistory& g) {
  if (g.until.empty()) return std::string(g.since) + " and later";
  if (g.since == g.until) return std::string(g.since);
  return std::string(g.since) + "-" + std::string(g.until);
}

// The release after "v1.N".
std::string NextRelease(std::string_view release) {
  int minor = 0;
  std::string_view digits = release.substr(release.find('.') + 1);
  std::from_chars(digits.data(), digits.data() + digits.size(), minor);
  return "v1." + std::to_string(minor + 1);
}

}  // namespace

GateCheck CheckProxyGate(std::string_view name) {
  const GateHistory* g = FindGate(KubernetesGateHistory(), name);
  if (g == nullptr) {
    return {GateVerdict::kUnknown,
            Quote(name) +
                " is not a feature gate of any Kubernetes release (kube-proxy refuses it: "
                "\"unrecognized feature gate\")" +
                DidYouMean(name, KubernetesNames())};
  }
  // SupportIPVSProxyMode is mode intent (resolve_mode.cpp), whatever its age.
  if (g->proxy_reads && (g->until.empty() || name == kSupportIpvsProxyMode)) return {};
  if (g->proxy_reads) {
    // Writing it into a current KubeProxyConfiguration would make
    // kube-proxy of today refuse the file ("unrecognized feature gate").
    return {GateVerdict::kNoEffect, "has no effect: a gate kube-proxy read in " + Releases(*g) +
                                        ", removed in " + NextRelease(g->until) +
                                        " (later kube-proxy refuses it); not carried over by " +
                                        "`config migrate`"};
  }
  return {GateVerdict::kNoEffect,
          "has no effect on the proxy: a Kubernetes gate of " + Releases(*g) +
              " for other components, which kube-proxy accepted but did not read; not carried "
              "over by `config migrate`"};
}

GateCheck CheckKubeadmGate(std::string_view name) {
  const GateHistory* g = FindGate(KubeadmGateHistory(), name);
  if (g != nullptr && g->until.empty()) return {};
  if (g != nullptr) {
    return {GateVerdict::kNoEffect, "has no effect: a kubeadm gate of " + Releases(*g) +
                                        ", removed in " + NextRelease(g->until) +
                                        " (later kubeadm refuses it); not carried over by " +
                                        "`config migrate`"};
  }
  if (const GateHistory* k = FindGate(KubernetesGateHistory(), name)) {
    return {GateVerdict::kUnknown,
            Quote(name) + " is not a valid feature name: a Kubernetes gate (" + Releases(*k) +
                "), not one of kubeadm's; set it in that component's featureGates or extraArgs"};
  }
  return {GateVerdict::kUnknown, Quote(name) + " is not a valid feature name (kubeadm refuses it)" +
                                     DidYouMean(name, KubeadmNames())};
}

bool ReportGate(DecodeContext& ctx, const YAML::Node& where, const std::string& gate_path,
                const GateCheck& check) {
  switch (check.verdict) {
    case GateVerdict::kKeep:
      return true;
    case GateVerdict::kNoEffect:
      ctx.diagnostics().Notice(ctx.At(where), QuotePath(gate_path) + " " + check.why);
      return false;
    case GateVerdict::kUnknown:
      ctx.ErrorAt(where, gate_path, check.why);
      return false;
  }
  return false;
}

YAML::Node GateKeyNode(const YAML::Node& gates, std::string_view name) {
  if (!gates.IsMap()) return gates;
  for (auto it = gates.begin(); it != gates.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == name) return it->first;
  }
  return gates;
}

}  // namespace ki::config
