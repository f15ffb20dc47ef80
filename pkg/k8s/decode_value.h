// Internal to pkg/k8s decoding: one value of an already parsed document,
// either a manifest's (yaml_doc.h) or nlohmann-json's (API objects), seen
// as the field readers (decode_fields.h) need it, so both sources go through
// the same checks without converting one into the other. A Value refers into
// its document, which must outlive it; it is a few words, cheap to copy.
// Never throws. Thread-compatible.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "pkg/k8s/yaml_doc.h"

namespace ki::k8s::internal {

// A position in manifest text, 0-based; null for JSON and absent values.
struct Mark {
  int line = -1;
  int column = -1;
  bool is_null() const { return line < 0; }
};

// A node of a manifest document.
struct YamlRef {
  const YamlDoc* doc = nullptr;
  uint32_t index = 0;
  const YamlNode& node() const { return doc->node(index); }
};

class Value {
 public:
  // Absent: a key the mapping does not have.
  Value() = default;
  // doc's node i; absent when i is YamlDoc::kNone.
  Value(const YamlDoc& doc, uint32_t i);
  explicit Value(const nlohmann::json& json);

  // Absent or an explicit null; either leaves a field unset.
  bool IsNull() const;
  bool IsMap() const;
  bool IsList() const;
  // A string, number or boolean.
  bool IsScalar() const;

  // A scalar's text: YAML's as written, a JSON string's value, other JSON
  // scalars as nlohmann-json prints them (80, true, 1.5). "" for non-scalars.
  std::string Text() const;
  // A scalar quoted in YAML text: a string even when it reads as a number or
  // boolean. Never for JSON: the API source has always judged a JSON string
  // by its text ("80" is a port), and keeps accepting what it accepted.
  bool IsQuoted() const;
  // A boolean, or a scalar whose text is a YAML 1.1 boolean (yes, on, True...).
  std::optional<bool> Bool() const;

  // A mapping's value at key; absent when there is none or this is no mapping.
  Value Get(const std::string& key) const;
  // A list's length; 0 when this is no list.
  size_t size() const;
  // The list element at i; absent when out of range or this is no list.
  Value At(size_t i) const;
  // A mapping's entries (key text, value): in the text's order for YAML, in
  // key order for JSON.
  std::vector<std::pair<std::string, Value>> Entries() const;

  // Where this is in the manifest text; null for JSON and absent values.
  internal::Mark Mark() const;
  // The manifest node this is; null for JSON and absent values.
  const YamlRef* AsYaml() const { return yaml(); }

 private:
  const YamlRef* yaml() const { return std::get_if<YamlRef>(&v_); }
  const nlohmann::json* json() const;

  std::variant<std::monostate, YamlRef, const nlohmann::json*> v_;
};

// A scalar's text as a YAML 1.1 boolean (yes, on, True, FALSE...), as
// yaml-cpp reads one; nullopt when it is none.
std::optional<bool> Yaml11Bool(const std::string& text);

}  // namespace ki::k8s::internal
