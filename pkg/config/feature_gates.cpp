#include "pkg/config/feature_gates.h"

#include <algorithm>

#include "pkg/base/ascii_case.h"
#include "pkg/base/quote.h"
#include "pkg/config/known_gates.h"

namespace ki::config {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<FeatureGates> ParseFeatureGateList(std::string_view text) {
  FeatureGates gates;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view item = Trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (item.empty()) continue;
    size_t eq = item.find('=');
    if (eq == std::string_view::npos) {
      return Status::InvalidConfig("missing bool value for feature gate " + Quote(item) +
                                   " (write " + EscapeBytes(item.substr(0, kMaxQuotedBytes)) +
                                   "=true)");
    }
    std::string name(Trim(item.substr(0, eq)));
    std::string value(Trim(item.substr(eq + 1)));
    std::string lower = AsciiLower(value);
    if (lower != "true" && lower != "false") {
      return Status::InvalidConfig("invalid value of feature gate " + QuotePath(name) + ": " +
                                   Quote(value) + " (use true or false)");
    }
    if (name.empty()) return Status::InvalidConfig("feature gate with an empty name");
    gates[name] = lower == "true";
  }
  return gates;
}

const std::vector<std::string>& KnownKubeadmGates() {
  static const std::vector<std::string> kGates = [] {
    std::vector<std::string> names;
    for (const GateHistory& g : KubeadmGateHistory()) names.emplace_back(g.name);
    return names;
  }();
  return kGates;
}

const std::vector<std::string>& KnownKubeProxyGates() {
  static const std::vector<std::string> kGates = [] {
    std::vector<std::string> names;
    for (const GateHistory& g : KubernetesGateHistory()) {
      if (g.proxy_reads) names.emplace_back(g.name);
    }
    return names;
  }();
  return kGates;
}

bool IsKnownGate(const std::vector<std::string>& known, std::string_view name) {
  return std::find(known.begin(), known.end(), name) != known.end();
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

}  // namespace ki::config
