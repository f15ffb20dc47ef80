#include "pkg/config/node_reader.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "pkg/base/ascii_case.h"
#include "pkg/base/edit_distance.h"
#include "pkg/base/quote.h"
#include "pkg/config/yaml_input.h"

namespace ki::config {
namespace {

bool IsQuoted(const YAML::Node& n) { return n.Tag() == "!"; }

bool IsNullScalar(const YAML::Node& n) {
  if (n.IsNull()) return true;
  if (!n.IsScalar() || IsQuoted(n)) return false;
  const std::string& s = n.Scalar();
  return s == "~" || s == "null" || s == "Null" || s == "NULL";
}

}  // namespace

// Why a key in another case was matched: kubeadm's document splitting and
// the serializer's kind lookup decode apiVersion/kind with encoding/json,
// which matches keys case-insensitively, in every release; field names were
// matched so only by kubeadm v1.9.0-v1.9.8 and v1.10.0-v1.10.4 (kubernetes
// #64612, fixed by #65034 in v1.11.0, v1.10.5 and v1.9.9).
constexpr const char* kFoldedTypeMetaReason =
    "kubeadm matches apiVersion and kind case-insensitively";
constexpr const char* kFoldedFieldReason =
    "kubeadm v1.9.0-v1.9.8 and v1.10.0-v1.10.4 matched field names case-insensitively "
    "(later releases ignore this key)";

bool IsNullValue(const YAML::Node& n) { return n.IsDefined() && IsNullScalar(n); }

bool NullDurationError(DecodeContext& ctx, const YAML::Node& value, const std::string& path) {
  ctx.ErrorAt(value, path,
              "null is not a duration (upstream fails the same way: time: invalid duration "
              "\"\"); remove the key for the default, or write a duration such as \"30s\"");
  return false;
}

std::string Describe(const YAML::Node& n) {
  if (IsNullScalar(n)) return "null";
  if (n.IsMap()) return "a mapping";
  if (n.IsSequence()) return "a list";
  return (IsQuoted(n) ? "the string " : "") + Quote(n.Scalar(), 40);
}

std::string Suggest(std::string_view word, const std::vector<std::string>& candidates) {
  return NearestName(word, candidates);
}

Position DecodeContext::At(const YAML::Node& node) const { return PositionOf(node, file_); }

void DecodeContext::Record(const std::string& canonical, const YAML::Node& node,
                           const std::string& written) {
  sources_[canonical] = SourceEntry{At(node), written};
}

void DecodeContext::ErrorAt(const YAML::Node& node, const std::string& path,
                            const std::string& message) {
  diagnostics_.Error(At(node), QuotePath(path) + ": " + message);
}

MapReader::MapReader(DecodeContext& ctx, const YAML::Node& node, std::string written_path,
                     std::string canonical_path)
    : ctx_(ctx),
      node_(node),
      written_path_(std::move(written_path)),
      canonical_path_(std::move(canonical_path)) {
  if (!node.IsDefined() || IsNullScalar(node)) return;
  if (!node.IsMap()) {
    ctx_.ErrorAt(node, written_path_.empty() ? "document" : written_path_,
                 "expected a mapping, got " + Describe(node));
    valid_ = false;
    return;
  }
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!it->first.IsScalar()) {
      ctx_.ErrorAt(it->first, written_path_, "keys must be strings, got " + Describe(it->first));
      valid_ = false;
      continue;
    }
    const std::string& key = it->first.Scalar();
    auto previous = key_nodes_.find(key);
    if (previous != key_nodes_.end()) {
      // Upstream's YAML-to-JSON step keeps the last of duplicate keys, and
      // kubeadm's strict pass (v1.15+) warns about them. The same value twice
      // loses nothing, so it stays a warning; two different values mean one
      // setting is silently lost, so that is refused.
      int first_line = ctx_.At(previous->second).line;
      if (YAML::Dump(entries_.at(key)) == YAML::Dump(it->second)) {
        if (!ctx_.FirstReport(it->first)) continue;
        ctx_.diagnostics().Warning(ctx_.At(it->first), "duplicate key " + Quote(WrittenPath(key)) +
                                                           " with the same value as at line " +
                                                           std::to_string(first_line) +
                                                           "; remove one of them");
      } else {
        ctx_.ErrorAt(it->first, WrittenPath(key),
                     "duplicate key with a different value (first set at line " +
                         std::to_string(first_line) +
                         "); kubeadm would silently keep the last one; remove one of them");
        valid_ = false;
      }
      continue;
    }
    key_nodes_.emplace(key, it->first);
    entries_.emplace(key, it->second);
  }
}

std::string_view MapReader::Resolve(std::string_view key, bool fold) const {
  auto exact = entries_.find(key);
  if (exact != entries_.end()) return exact->first;
  if (!fold) return {};
  // Built on the first folded lookup: one pass over the keys, not one per
  // field asked about (a 1 MiB document can hold 70,000 keys).
  if (folded_.empty()) {
    for (const auto& [present, node] : entries_) folded_.emplace(AsciiLower(present), present);
  }
  auto [first, last] = folded_.equal_range(AsciiLower(key));
  for (auto it = first; it != last; ++it) {
    if (taken_.count(it->second) == 0) return it->second;
  }
  return {};
}

bool MapReader::Has(std::string_view key) const {
  known_.emplace(key);
  return !Resolve(key, ctx_.fold_case()).empty();
}

YAML::Node MapReader::Take(std::string_view key) {
  return TakeKey(key, ctx_.fold_case(), kFoldedFieldReason);
}

YAML::Node MapReader::TakeAnyCase(std::string_view key) {
  return TakeKey(key, true, kFoldedTypeMetaReason);
}

YAML::Node MapReader::TakeKey(std::string_view key, bool fold, std::string_view reason) {
  known_.emplace(key);
  std::string present(Resolve(key, fold));
  if (present.empty()) return YAML::Node(YAML::NodeType::Undefined);
  taken_.emplace(present);
  if (present != key) {
    ctx_.diagnostics().Notice(ctx_.At(key_nodes_.at(present)),
                              Quote(WrittenPath(present)) + " read as " + Quote(WrittenPath(key)) +
                                  ": " + std::string(reason) + "; write " +
                                  Quote(std::string(key)));
  }
  return entries_.at(present);
}

std::string MapReader::WrittenPath(std::string_view key) const {
  return written_path_.empty() ? std::string(key) : written_path_ + "." + std::string(key);
}

std::string MapReader::CanonicalPath(std::string_view key) const {
  return canonical_path_.empty() ? std::string(key) : canonical_path_ + "." + std::string(key);
}

MapReader MapReader::Child(std::string_view key, std::string_view canonical_key) {
  return MapReader(ctx_, Take(key), WrittenPath(key),
                   CanonicalPath(canonical_key.empty() ? key : canonical_key));
}

void MapReader::Finish() {
  std::vector<std::string> schema(known_.begin(), known_.end());
  for (const auto& [key, key_node] : key_nodes_) {
    if (taken_.count(key) != 0) continue;
    std::string msg = "unknown field " + Quote(WrittenPath(key));
    std::string hint = Suggest(key, schema);
    if (!hint.empty()) msg += " (did you mean " + Quote(hint) + "?)";
    msg += "; it is ignored";
    ctx_.diagnostics().Warning(ctx_.At(key_node), msg);
  }
}

bool Decode(DecodeContext& ctx, const YAML::Node& n, const std::string& path, std::string& out) {
  if (IsNullScalar(n)) {
    out.clear();
    return true;
  }
  if (!n.IsScalar()) {
    ctx.ErrorAt(n, path, "expected a string, got " + Describe(n));
    return false;
  }
  out = n.Scalar();
  return true;
}

bool Decode(DecodeContext& ctx, const YAML::Node& n, const std::string& path, bool& out) {
  if (n.IsScalar() && !IsQuoted(n)) {
    const std::string& s = n.Scalar();
    if (s == "true" || s == "True" || s == "TRUE") {
      out = true;
      return true;
    }
    if (s == "false" || s == "False" || s == "FALSE") {
      out = false;
      return true;
    }
  }
  ctx.ErrorAt(n, path, "expected a boolean (true or false), got " + Describe(n));
  return false;
}

namespace {

bool ParseInteger(const YAML::Node& n, int64_t& value) {
  if (!n.IsScalar() || IsQuoted(n)) return false;
  const std::string& s = n.Scalar();
  if (s.empty()) return false;
  size_t start = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (start == s.size() || s.size() > 19) return false;
  for (size_t i = start; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  errno = 0;
  value = std::strtoll(s.c_str(), nullptr, 10);
  return errno == 0;
}

}  // namespace

bool Decode(DecodeContext& ctx, const YAML::Node& n, const std::string& path, int32_t& out) {
  int64_t value = 0;
  if (!ParseInteger(n, value)) {
    ctx.ErrorAt(n, path, "expected an integer, got " + Describe(n));
    return false;
  }
  if (value < std::numeric_limits<int32_t>::min() || value > std::numeric_limits<int32_t>::max()) {
    ctx.ErrorAt(n, path, "integer " + n.Scalar() + " out of range for a 32-bit field");
    return false;
  }
  out = static_cast<int32_t>(value);
  return true;
}

bool Decode(DecodeContext& ctx, const YAML::Node& n, const std::string& path, double& out) {
  if (n.IsScalar() && !IsQuoted(n) && !n.Scalar().empty()) {
    const std::string& s = n.Scalar();
    char* end = nullptr;
    errno = 0;
    double v = std::strtod(s.c_str(), &end);
    if (errno == 0 && end == s.c_str() + s.size() && std::isfinite(v) &&
        s.find_first_of("xXnN") == std::string::npos) {
      out = v;
      return true;
    }
  }
  ctx.ErrorAt(n, path, "expected a number, got " + Describe(n));
  return false;
}

bool Decode(DecodeContext& ctx, const YAML::Node& n, const std::string& path, Duration& out) {
  if (!n.IsScalar() || IsNullScalar(n)) {
    ctx.ErrorAt(n, path, "expected a duration such as \"30s\", got " + Describe(n));
    return false;
  }
  const std::string& s = n.Scalar();
  if (!IsQuoted(n) && (s == "0" || s == "+0" || s == "-0")) {
    // YAML makes a bare 0 a number, and metav1.Duration reads only a JSON
    // string: upstream fails with "cannot unmarshal number into Go value of
    // type string" where Go's ParseDuration alone would take "0".
    ctx.ErrorAt(n, path,
                "expected a duration such as \"30s\", got the number " + s +
                    " (upstream reads durations only as strings); write 0s");
    return false;
  }
  Result<Duration> d = ParseDuration(s);
  if (!d.ok()) {
    ctx.ErrorAt(n, path, d.status().message());
    return false;
  }
  out = *d;
  return true;
}

bool Decode(DecodeContext& ctx, const YAML::Node& n, const std::string& path,
            std::vector<std::string>& out) {
  out.clear();
  if (IsNullScalar(n)) return true;
  if (!n.IsSequence()) {
    ctx.ErrorAt(n, path, "expected a list of strings, got " + Describe(n));
    return false;
  }
  bool ok = true;
  for (size_t i = 0; i < n.size(); ++i) {
    std::string item;
    ok = Decode(ctx, n[i], path + "[" + std::to_string(i) + "]", item) && ok;
    out.push_back(std::move(item));
  }
  return ok;
}

bool Decode(DecodeContext& ctx, const YAML::Node& n, const std::string& path, ArgList& out) {
  out.clear();
  if (IsNullScalar(n)) return true;
  if (n.IsMap()) {  // v1alpha1..v1beta3: a map of flag name to value
    MapReader map(ctx, n, path, "");
    if (!map.valid()) return false;
    bool ok = true;
    for (auto it = n.begin(); it != n.end(); ++it) {
      std::string value;
      const std::string key = it->first.Scalar();
      ok = Decode(ctx, it->second, map.WrittenPath(key), value) && ok;
      out.emplace_back(key, value);
    }
    std::sort(out.begin(), out.end());
    return ok;
  }
  if (n.IsSequence()) {  // v1beta4: [{name, value}]
    bool ok = true;
    for (size_t i = 0; i < n.size(); ++i) {
      std::string item_path = path + "[" + std::to_string(i) + "]";
      MapReader item(ctx, n[i], item_path, "");
      std::string name;
      std::string value;
      if (!item.Read("name", name) || name.empty()) {
        ctx.ErrorAt(n[i], item_path, "each argument needs a non-empty \"name\"");
        ok = false;
      }
      item.Read("value", value);
      item.Finish();
      out.emplace_back(name, value);
    }
    return ok;
  }
  ctx.ErrorAt(n, path, "expected a list of {name, value} arguments, got " + Describe(n));
  return false;
}

bool Decode(DecodeContext& ctx, const YAML::Node& n, const std::string& path, FeatureGates& out) {
  out.clear();
  if (IsNullScalar(n)) return true;
  MapReader map(ctx, n, path, "");
  if (!map.valid()) return false;
  bool ok = true;
  for (auto it = n.begin(); it != n.end(); ++it) {
    bool value = false;
    const std::string key = it->first.Scalar();
    ok = Decode(ctx, it->second, map.WrittenPath(key), value) && ok;
    out[key] = value;
  }
  return ok;
}

bool Decode(DecodeContext&, const YAML::Node& n, const std::string&, YAML::Node& out) {
  out = YAML::Clone(n);
  return true;
}

}  // namespace ki::config
