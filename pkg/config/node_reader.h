// Strict decoding of YAML nodes into the model: typed scalars with clear
// errors, duplicate keys refused, unknown fields warned about by path, and the
// position of every value kept for validation messages. Not thread-safe.
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "pkg/config/diagnostics.h"
#include "pkg/config/duration.h"
#include "pkg/config/types.h"

namespace ki::config {

// Where each decoded value came from, keyed by the model's canonical path
// (e.g. "kubeProxy.ipvs.scheduler"), with the path as the user wrote it.
struct SourceEntry {
  Position where;
  std::string written_path;
};
using SourceMap = std::map<std::string, SourceEntry>;

// The state one decode shares: the file, diagnostics and source map.
class DecodeContext {
 public:
  DecodeContext(std::string file, Diagnostics& diagnostics, SourceMap& sources)
      : file_(std::move(file)), diagnostics_(diagnostics), sources_(sources) {}

  Position At(const YAML::Node& node) const;
  const std::string& file() const { return file_; }
  Diagnostics& diagnostics() { return diagnostics_; }
  void Record(const std::string& canonical, const YAML::Node& node, const std::string& written);
  void ErrorAt(const YAML::Node& node, const std::string& path, const std::string& message);
  // Field names matched regardless of case (kubeadm.k8s.io/v1alpha1 documents,
  // which kubeadm v1.9/v1.10 decoded that way), each such match noticed.
  bool fold_case() const { return fold_case_; }
  void set_fold_case(bool fold) { fold_case_ = fold; }
  // True the first time a key node is seen: a mapping read by two readers
  // (a whole document, then its fields) reports its duplicates once.
  bool FirstReport(const YAML::Node& key) { return reported_.insert(At(key).ToString()).second; }

 private:
  bool fold_case_ = false;
  std::set<std::string> reported_;
  std::string file_;
  Diagnostics& diagnostics_;
  SourceMap& sources_;
};

// Reads one mapping. Keys must be read (Read/Take) or they are reported as
// unknown fields by Finish(). A null node reads as an empty mapping.
class MapReader {
 public:
  // written_path: the path as the user wrote it ("kubeProxy.config");
  // canonical_path: the model's path ("kubeProxy"), used for SourceMap keys.
  MapReader(DecodeContext& ctx, const YAML::Node& node, std::string written_path,
            std::string canonical_path);
  MapReader(const MapReader&) = delete;
  MapReader& operator=(const MapReader&) = delete;

  bool valid() const { return valid_; }
  bool Has(std::string_view key) const;
  // The value of key (an undefined node if absent), marked as read. Under
  // the context's fold_case a key in another case matches, with a notice.
  YAML::Node Take(std::string_view key);
  // Take, matching key in any case (apiVersion and kind), with a notice.
  YAML::Node TakeAnyCase(std::string_view key);
  std::string WrittenPath(std::string_view key) const;
  std::string CanonicalPath(std::string_view canonical_key) const;
  DecodeContext& ctx() { return ctx_; }

  // A reader for the mapping at key (marked as read); its canonical path is
  // this one's plus canonical_key (default: key).
  MapReader Child(std::string_view key, std::string_view canonical_key = {});

  // Decodes key into out when present; canonical_key defaults to key.
  // Returns true when the key was present with a value and decoded without
  // error. A null value leaves out as it was (Go's encoding/json: null into a
  // value has no effect, into a pointer, slice or map means unset), except for
  // a Duration: upstream's metav1.Duration parses null as "" and fails.
  template <typename T>
  bool Read(std::string_view key, T& out, std::string_view canonical_key = {});
  // Read for a field that is a pointer upstream (*metav1.Duration, ...):
  // null is "unset" for every type.
  template <typename T>
  bool ReadNullable(std::string_view key, T& out, std::string_view canonical_key = {});

  // Warns about every key not read, with its position and a suggestion.
  void Finish();

 private:
  // The key present for key: itself, or (fold) one differing only in case.
  std::string_view Resolve(std::string_view key, bool fold) const;
  YAML::Node TakeKey(std::string_view key, bool fold, std::string_view reason);

  DecodeContext& ctx_;
  YAML::Node node_;
  std::string written_path_;
  std::string canonical_path_;
  std::map<std::string, YAML::Node, std::less<>> entries_;
  std::map<std::string, YAML::Node, std::less<>> key_nodes_;
  std::set<std::string, std::less<>> taken_;
  mutable std::set<std::string, std::less<>> known_;  // every key asked about: the schema
  // Lowercased key -> the keys present (for fold_case), built when first needed.
  mutable std::multimap<std::string, std::string> folded_;
  bool valid_ = true;
};

// Scalar and collection decoders: true on success, an error recorded otherwise.
bool Decode(DecodeContext& ctx, const YAML::Node& n, const std::string& path, std::string& out);
bool Decode(DecodeContext& ctx, const YAML::Node& n, const std::string& path, bool& out);
bool Decode(DecodeContext& ctx, const YAML::Node& n, const std::string& path, int32_t& out);
bool Decode(DecodeContext& ctx, const YAML::Node& n, const std::string& path, double& out);
bool Decode(DecodeContext& ctx, const YAML::Node& n, const std::string& path, Duration& out);
bool Decode(DecodeContext& ctx, const YAML::Node& n, const std::string& path,
            std::vector<std::string>& out);
bool Decode(DecodeContext& ctx, const YAML::Node& n, const std::string& path, ArgList& out);
bool Decode(DecodeContext& ctx, const YAML::Node& n, const std::string& path, FeatureGates& out);
bool Decode(DecodeContext& ctx, const YAML::Node& n, const std::string& path, YAML::Node& out);

template <typename T>
bool Decode(DecodeContext& ctx, const YAML::Node& n, const std::string& path,
            std::optional<T>& out) {
  T value{};
  if (!Decode(ctx, n, path, value)) return false;
  out = std::move(value);
  return true;
}

// A YAML null: ~, null, Null, NULL or nothing (unquoted).
bool IsNullValue(const YAML::Node& n);

// The error for null in a plain (non-pointer) metav1.Duration, which
// upstream refuses too; returns false.
bool NullDurationError(DecodeContext& ctx, const YAML::Node& value, const std::string& path);

template <typename T>
bool MapReader::Read(std::string_view key, T& out, std::string_view canonical_key) {
  if (!Has(key)) return false;
  YAML::Node value = Take(key);
  std::string written = WrittenPath(key);
  ctx_.Record(CanonicalPath(canonical_key.empty() ? key : canonical_key), value, written);
  if constexpr (std::is_same_v<T, Duration>) {
    if (IsNullValue(value)) return NullDurationError(ctx_, value, written);
  } else {
    if (IsNullValue(value)) return false;
  }
  return Decode(ctx_, value, written, out);
}

template <typename T>
bool MapReader::ReadNullable(std::string_view key, T& out, std::string_view canonical_key) {
  if (!Has(key)) return false;
  YAML::Node value = Take(key);
  std::string written = WrittenPath(key);
  ctx_.Record(CanonicalPath(canonical_key.empty() ? key : canonical_key), value, written);
  if (IsNullValue(value)) return false;
  return Decode(ctx_, value, written, out);
}

// A short description of a node for messages: "a mapping", "the string \"x\"".
std::string Describe(const YAML::Node& n);

// The closest of candidates to word within edit distance 2, or "".
std::string Suggest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace ki::config
