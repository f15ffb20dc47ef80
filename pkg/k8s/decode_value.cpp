#include "pkg/k8s/decode_value.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string_view>

namespace ki::k8s::internal {

using Json = nlohmann::json;

// A missing key (kNone) is the absent Value, so either source has one way to
// say "not there".
Value::Value(const YamlDoc& doc, uint32_t i) {
  if (i != YamlDoc::kNone) v_ = YamlRef{&doc, i};
}

Value::Value(const Json& json) : v_(&json) {}

const Json* Value::json() const {
  const auto* j = std::get_if<const Json*>(&v_);
  return j ? *j : nullptr;
}

bool Value::IsNull() const {
  if (const YamlRef* y = yaml()) return y->node().kind == YamlKind::kNull;
  if (const Json* j = json()) return j->is_null();
  return true;
}

bool Value::IsMap() const {
  if (const YamlRef* y = yaml()) return y->node().kind == YamlKind::kMap;
  if (const Json* j = json()) return j->is_object();
  return false;
}

bool Value::IsList() const {
  if (const YamlRef* y = yaml()) return y->node().kind == YamlKind::kList;
  if (const Json* j = json()) return j->is_array();
  return false;
}

bool Value::IsScalar() const {
  if (const YamlRef* y = yaml()) return y->node().kind == YamlKind::kScalar;
  if (const Json* j = json()) return j->is_primitive() && !j->is_null();
  return false;
}

static std::string JsonText(const Json& j) {
  switch (j.type()) {
    case Json::value_t::string:
      return *j.get_ptr<const Json::string_t*>();
    case Json::value_t::boolean:
      return *j.get_ptr<const Json::boolean_t*>() ? "true" : "false";
    // std::to_string prints integers as dump() does, without its per-call setup.
    case Json::value_t::number_integer:
      return std::to_string(*j.get_ptr<const Json::number_integer_t*>());
    case Json::value_t::number_unsigned:
      return std::to_string(*j.get_ptr<const Json::number_unsigned_t*>());
    case Json::value_t::number_float:
    case Json::value_t::binary:
      return j.dump();
    default:
      return "";
  }
}

std::string Value::Text() const {
  if (const YamlRef* y = yaml()) return std::string(y->doc->Text(y->node()));
  if (const Json* j = json()) return JsonText(*j);
  return "";
}

bool Value::IsQuoted() const {
  const YamlRef* y = yaml();
  return y && y->node().quoted;
}

// yaml-cpp's convert<bool> without building a node for the text: one of
// y/n, yes/no, true/false, on/off, all lower, all upper or capitalized.
std::optional<bool> Yaml11Bool(const std::string& text) {
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  if (text.empty() || text.size() > 5) return std::nullopt;
  const std::string_view rest = std::string_view(text).substr(1);
  const bool flexible = std::all_of(text.begin(), text.end(), lower) ||
                        (upper(text[0]) && (std::all_of(rest.begin(), rest.end(), lower) ||
                                            std::all_of(rest.begin(), rest.end(), upper)));
  if (!flexible) return std::nullopt;
  std::string folded = text;
  for (char& c : folded) c = upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
  if (folded == "y" || folded == "yes" || folded == "true" || folded == "on") return true;
  if (folded == "n" || folded == "no" || folded == "false" || folded == "off") return false;
  return std::nullopt;
}

std::optional<bool> Value::Bool() const {
  if (!IsScalar()) return std::nullopt;
  const Json* j = json();
  if (j && j->is_boolean()) return *j->get_ptr<const Json::boolean_t*>();
  // Other JSON scalars by the YAML reader's rules on their text, as the
  // YAML bridge judged them.
  return Yaml11Bool(Text());
}

Value Value::Get(const std::string& key) const {
  if (!IsMap()) return Value();
  if (const YamlRef* y = yaml()) return Value(*y->doc, y->doc->Find(y->node(), key));
  const Json& j = *json();
  const auto it = j.find(key);
  return it == j.end() ? Value() : Value(*it);
}

size_t Value::size() const {
  if (!IsList()) return 0;
  if (const YamlRef* y = yaml()) return y->node().size;
  return json()->size();
}

Value Value::At(size_t i) const {
  if (i >= size()) return Value();
  if (const YamlRef* y = yaml()) return Value(*y->doc, y->doc->Children(y->node())[i]);
  return Value((*json())[i]);
}

std::vector<std::pair<std::string, Value>> Value::Entries() const {
  std::vector<std::pair<std::string, Value>> out;
  if (!IsMap()) return out;
  if (const YamlRef* y = yaml()) {
    const std::span<const uint32_t> kids = y->doc->Children(y->node());
    for (size_t i = 0; i + 1 < kids.size(); i += 2) {
      // A null or collection key reads as "" (yaml-cpp's Scalar() of it).
      out.emplace_back(y->doc->Text(y->doc->node(kids[i])), Value(*y->doc, kids[i + 1]));
    }
    return out;
  }
  for (auto it = json()->begin(); it != json()->end(); ++it) {
    out.emplace_back(it.key(), Value(it.value()));
  }
  return out;
}

internal::Mark Value::Mark() const {
  const YamlRef* y = yaml();
  if (y == nullptr) return {};
  return {static_cast<int>(y->node().line), static_cast<int>(y->node().column)};
}

}  // namespace ki::k8s::internal
