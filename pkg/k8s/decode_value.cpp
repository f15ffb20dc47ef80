#include "pkg/k8s/decode_value.h"

#include <nlohmann/json.hpp>

namespace ki::k8s::internal {

using Json = nlohmann::json;

// yaml-cpp's undefined node (a missing key) is the absent Value, so either
// source has one way to say "not there".
Value::Value(const YAML::Node& node) {
  if (node.IsDefined()) v_ = node;
}

Value::Value(const Json& json) : v_(&json) {}

const Json* Value::json() const {
  const auto* j = std::get_if<const Json*>(&v_);
  return j ? *j : nullptr;
}

bool Value::IsNull() const {
  if (const YAML::Node* y = yaml()) return y->IsNull();
  if (const Json* j = json()) return j->is_null();
  return true;
}

bool Value::IsMap() const {
  if (const YAML::Node* y = yaml()) return y->IsMap();
  if (const Json* j = json()) return j->is_object();
  return false;
}

bool Value::IsList() const {
  if (const YAML::Node* y = yaml()) return y->IsSequence();
  if (const Json* j = json()) return j->is_array();
  return false;
}

bool Value::IsScalar() const {
  if (const YAML::Node* y = yaml()) return y->IsScalar();
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
  if (const YAML::Node* y = yaml()) return y->IsScalar() ? y->Scalar() : "";
  if (const Json* j = json()) return JsonText(*j);
  return "";
}

bool Value::IsQuoted() const {
  const YAML::Node* y = yaml();
  return y && y->Tag() == "!";
}

std::optional<bool> Value::Bool() const {
  if (!IsScalar()) return std::nullopt;
  const Json* j = json();
  if (j && j->is_boolean()) return *j->get_ptr<const Json::boolean_t*>();
  // Other JSON scalars by the YAML reader's rules on their text, as the
  // YAML bridge judged them.
  bool out = false;
  const bool ok = j ? YAML::convert<bool>::decode(YAML::Node(Text()), out)
                    : YAML::convert<bool>::decode(*yaml(), out);
  return ok ? std::optional<bool>(out) : std::nullopt;
}

Value Value::Get(const std::string& key) const {
  if (!IsMap()) return Value();
  if (const YAML::Node* y = yaml()) return Value((*y)[key]);
  const Json& j = *json();
  const auto it = j.find(key);
  return it == j.end() ? Value() : Value(*it);
}

size_t Value::size() const {
  if (!IsList()) return 0;
  if (const YAML::Node* y = yaml()) return y->size();
  return json()->size();
}

Value Value::At(size_t i) const {
  if (i >= size()) return Value();
  if (const YAML::Node* y = yaml()) return Value((*y)[i]);
  return Value((*json())[i]);
}

std::vector<std::pair<std::string, Value>> Value::Entries() const {
  std::vector<std::pair<std::string, Value>> out;
  if (!IsMap()) return out;
  if (const YAML::Node* y = yaml()) {
    for (auto it = y->begin(); it != y->end(); ++it) {
      out.emplace_back(it->first.Scalar(), Value(it->second));
    }
    return out;
  }
  for (auto it = json()->begin(); it != json()->end(); ++it) {
    out.emplace_back(it.key(), Value(it.value()));
  }
  return out;
}

YAML::Mark Value::Mark() const {
  const YAML::Node* y = yaml();
  return y ? y->Mark() : YAML::Mark::null_mark();
}

}  // namespace ki::k8s::internal
