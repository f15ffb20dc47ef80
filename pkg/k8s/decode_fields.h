// Internal to pkg/k8s decoding: typed reads of a document's fields, from YAML
// or JSON alike (decode_value.h), that never throw and turn every mismatch
// into a Status naming the file position (YAML only), the object and the
// field path ("svc.yaml:7:11: Service default/web: spec.ports[0].port:
// expected an integer, got \"http\""). Absent and null fields leave the
// output untouched, so callers pre-fill defaults. Thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pkg/base/status.h"
#include "pkg/k8s/decode_value.h"

namespace ki::k8s::internal {

// Where a decode is: the file, the object being decoded (for messages), and the
// path to the current mapping.
class Fields {
 public:
  Fields(Value node, std::string path, const std::string* file, const std::string* object)
      : node_(node), path_(std::move(path)), file_(file), object_(object) {}

  // The mapping at key (absent/null read as an empty mapping); error when not a mapping.
  Result<Fields> Map(const std::string& key) const;
  // Each element of the sequence at key, as mappings; error when not a sequence of mappings.
  Result<std::vector<Fields>> MapList(const std::string& key) const;

  Status Str(const std::string& key, std::string& out) const;
  Status Int(const std::string& key, int32_t& out) const;
  Status OptInt(const std::string& key, std::optional<int32_t>& out) const;
  Status OptBool(const std::string& key, std::optional<bool>& out) const;
  Status StrList(const std::string& key, std::vector<std::string>& out) const;
  Status StrMap(const std::string& key, std::map<std::string, std::string>& out) const;
  // An int-or-string field (targetPort), kept as its text.
  Status IntOrStr(const std::string& key, std::string& out) const;

  // "file: <object>: <path.key>: <what>", for a fault in what was already read.
  Status Error(const std::string& key, const std::string& what) const;
  // The same at a node: "file:line:col: ..." with at's position, or this
  // mapping's when at has none; JSON has no positions.
  Status ErrorAt(const Value& at, const std::string& key, const std::string& what) const;
  const Value& node() const { return node_; }
  const std::string& path() const { return path_; }
  bool Has(const std::string& key) const;

 private:
  std::string Join(const std::string& key) const;
  Status Fail(const Mark& at, const std::string& key, const std::string& what) const;

  Value node_;
  std::string path_;
  const std::string* file_;
  const std::string* object_;
};

// A scalar's text for messages, shortened to 40 characters.
std::string Describe(const Value& n);

}  // namespace ki::k8s::internal
