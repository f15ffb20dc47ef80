#include "pkg/k8s/client/yaml_json.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <regex>
#include <string>

namespace ki::k8s::client {
namespace {

constexpr const char* kStrTag = "tag:yaml.org,2002:str";
constexpr const char* kIntTag = "tag:yaml.org,2002:int";
constexpr const char* kFloatTag = "tag:yaml.org,2002:float";
constexpr const char* kBoolTag = "tag:yaml.org,2002:bool";
constexpr const char* kNullTag = "tag:yaml.org,2002:null";

bool OneOf(const std::string& s, std::initializer_list<const char*> options) {
  return std::any_of(options.begin(), options.end(), [&](const char* o) { return s == o; });
}

std::optional<bool> PlainBool(const std::string& s) {
  // go-yaml v2's resolve table (YAML 1.1 booleans).
  if (OneOf(s, {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"})) {
    return true;
  }
  if (OneOf(s, {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N"})) {
    return false;
  }
  return std::nullopt;
}

bool PlainNull(const std::string& s) { return OneOf(s, {"", "~", "null", "Null", "NULL"}); }

// As Go's strconv.ParseInt(s without '_', 0, 64), then ParseUint for
// values past int64: what go-yaml v2 does for a plain scalar.
std::optional<nlohmann::json> PlainInt(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '_'), s.end());
  const bool negative = !s.empty() && s[0] == '-';
  std::string_view digits(s);
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) digits.remove_prefix(1);
  const auto prefixed = [&digits](char letter) {
    return digits.size() > 2 && digits[0] == '0' && (digits[1] | 0x20) == letter;
  };
  int base = 10;
  if (prefixed('x')) {
    base = 16;
  } else if (prefixed('o')) {
    base = 8;
  } else if (prefixed('b')) {
    base = 2;
  }
  if (base != 10) {
    digits.remove_prefix(2);
  } else if (digits.size() > 1 && digits[0] == '0') {
    base = 8;  // YAML 1.1's leading-zero octal
    digits.remove_prefix(1);
  }
  uint64_t magnitude = 0;
  const auto [end, ec] =
      std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
    return std::nullopt;
  }
  constexpr uint64_t kMaxInt = INT64_MAX;
  if (!negative && magnitude <= kMaxInt) return nlohmann::json(static_cast<int64_t>(magnitude));
  if (negative && magnitude <= kMaxInt + 1) {
    return nlohmann::json(static_cast<int64_t>(0 - magnitude));
  }
  if (!negative) return nlohmann::json(magnitude);
  return std::nullopt;  // below int64: go-yaml reads it as a float
}

std::optional<double> PlainFloat(const std::string& s) {
  static const std::regex kFloat(R"([-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?)");
  if (!std::regex_match(s, kFloat)) return std::nullopt;
  std::string plain = s;
  plain.erase(std::remove(plain.begin(), plain.end(), '_'), plain.end());
  return std::stod(plain);  // matched the pattern, so a number (huge ones give inf)
}

Result<nlohmann::json> Scalar(const YAML::Node& node, const std::string& where) {
  const std::string& tag = node.Tag();
  const std::string& text = node.Scalar();
  if (tag == "!" || tag == kStrTag) return nlohmann::json(text);  // quoted, block, !!str
  if (tag != "?" && !OneOf(tag, {kIntTag, kFloatTag, kBoolTag, kNullTag})) {
    return Status::InvalidConfig(where + ": unsupported tag " + tag);
  }
  if ((tag == "?" || tag == kNullTag) && PlainNull(text)) return nlohmann::json(nullptr);
  if (tag == "?" || tag == kBoolTag) {
    if (auto b = PlainBool(text)) return nlohmann::json(*b);
  }
  if (tag == "?" || tag == kIntTag) {
    if (auto i = PlainInt(text)) return std::move(*i);
  }
  if (tag == "?" || tag == kFloatTag || tag == kIntTag) {
    if (auto f = PlainFloat(text)) return nlohmann::json(*f);
    if (OneOf(text, {".inf", ".Inf", ".INF", "+.inf", "-.inf", ".nan", ".NaN", ".NAN"})) {
      return Status::InvalidConfig(where + ": " + text + " has no JSON form");
    }
  }
  if (tag == "?") return nlohmann::json(text);
  return Status::InvalidConfig(where + ": \"" + text + "\" is not a valid " + tag);
}

// A mapping key as sigs.k8s.io/yaml writes it in JSON: resolved like a
// value, then printed (a plain `yes` key becomes "true", `0x1F` "31").
Result<std::string> KeyText(const YAML::Node& key, const std::string& where) {
  if (key.IsNull()) return std::string("null");
  if (!key.IsScalar()) return Status::InvalidConfig(where + ": a key is not a scalar");
  Result<nlohmann::json> value = Scalar(key, where);
  if (!value.ok()) return value.status();
  return value->is_string() ? value->get<std::string>() : value->dump();
}

Result<nlohmann::json> Convert(const YAML::Node& node, const std::string& where) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nlohmann::json(nullptr);
    case YAML::NodeType::Scalar:
      return Scalar(node, where);
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (size_t i = 0; i < node.size(); ++i) {
        Result<nlohmann::json> item = Convert(node[i], where + "[" + std::to_string(i) + "]");
        if (!item.ok()) return item.status();
        out.push_back(std::move(*item));
      }
      return out;
    }
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& kv : node) {
        Result<std::string> key = KeyText(kv.first, where);
        if (!key.ok()) return key.status();
        Result<nlohmann::json> value = Convert(kv.second, where + "." + *key);
        if (!value.ok()) return value.status();
        out[*key] = std::move(*value);
      }
      return out;
    }
  }
  return Status::Internal(where + ": unknown YAML node type");
}

}  // namespace

Result<nlohmann::json> JsonFromYaml(std::string_view yaml) {
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return Status::InvalidConfig("YAML:" + std::to_string(e.mark.line + 1) + ":" +
                                 std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
  if (docs.size() != 1) {
    return Status::InvalidConfig("expected one YAML document, found " +
                                 std::to_string(docs.size()));
  }
  return Convert(docs[0], "$");
}

}  // namespace ki::k8s::client
