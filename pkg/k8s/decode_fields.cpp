#include "pkg/k8s/decode_fields.h"

#include <charconv>

namespace ki::k8s::internal {

std::string Describe(const YAML::Node& n) {
  if (n.IsMap()) return "a mapping";
  if (n.IsSequence()) return "a list";
  if (n.IsNull()) return "null";
  std::string s = n.Scalar();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return "\"" + s + "\"";
}

YAML::Node Fields::Get(const std::string& key) const {
  if (!node_.IsMap()) return YAML::Node();
  return node_[key];
}

bool Fields::Has(const std::string& key) const {
  YAML::Node n = Get(key);
  return n.IsDefined() && !n.IsNull();
}

std::string Fields::Join(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

Status Fields::Error(const YAML::Node& at, const std::string& key, const std::string& what) const {
  std::string where = *file_;
  const YAML::Mark m = at.IsDefined() ? at.Mark() : node_.Mark();
  if (!m.is_null()) {
    where += ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
  }
  std::string obj = object_->empty() ? "" : *object_ + ": ";
  return Status::InvalidConfig(where + ": " + obj + Join(key) + ": " + what);
}

Result<Fields> Fields::Map(const std::string& key) const {
  YAML::Node n = Get(key);
  if (!n.IsDefined() || n.IsNull())
    return Fields(YAML::Node(YAML::NodeType::Map), Join(key), file_, object_);
  if (!n.IsMap()) return Error(n, key, "expected a mapping, got " + Describe(n));
  return Fields(n, Join(key), file_, object_);
}

Result<std::vector<Fields>> Fields::MapList(const std::string& key) const {
  std::vector<Fields> out;
  YAML::Node n = Get(key);
  if (!n.IsDefined() || n.IsNull()) return out;
  if (!n.IsSequence()) return Error(n, key, "expected a list, got " + Describe(n));
  for (size_t i = 0; i < n.size(); ++i) {
    const std::string item = key + "[" + std::to_string(i) + "]";
    if (!n[i].IsMap()) return Error(n[i], item, "expected a mapping, got " + Describe(n[i]));
    out.emplace_back(n[i], Join(item), file_, object_);
  }
  return out;
}

Status Fields::Str(const std::string& key, std::string& out) const {
  YAML::Node n = Get(key);
  if (!n.IsDefined() || n.IsNull()) return Status::Ok();
  if (!n.IsScalar()) return Error(n, key, "expected a string, got " + Describe(n));
  out = n.Scalar();
  return Status::Ok();
}

static bool ParseInt(const std::string& s, int32_t& out) {
  const char* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc() && p == end;
}

Status Fields::Int(const std::string& key, int32_t& out) const {
  std::optional<int32_t> v;
  KI_RETURN_IF_ERROR(OptInt(key, v));
  if (v) out = *v;
  return Status::Ok();
}

Status Fields::OptInt(const std::string& key, std::optional<int32_t>& out) const {
  YAML::Node n = Get(key);
  if (!n.IsDefined() || n.IsNull()) return Status::Ok();
  int32_t v = 0;
  if (!n.IsScalar() || !ParseInt(n.Scalar(), v)) {
    return Error(n, key, "expected an integer, got " + Describe(n));
  }
  if (n.Tag() == "!") {  // "80" in quotes is a string to the API server too
    return Error(n, key, "expected an integer, got the string " + Describe(n));
  }
  out = v;
  return Status::Ok();
}

Status Fields::OptBool(const std::string& key, std::optional<bool>& out) const {
  YAML::Node n = Get(key);
  if (!n.IsDefined() || n.IsNull()) return Status::Ok();
  // Unquoted YAML 1.1 booleans (yes/no/on/off too), as kubectl's YAML reader
  // takes them; a quoted "true" is a string there, and an error here.
  bool v = false;
  const bool quoted = n.Tag() == "!";
  if (n.IsScalar() && !quoted && YAML::convert<bool>::decode(n, v)) {
    out = v;
    return Status::Ok();
  }
  return Error(n, key, "expected true or false, got " + Describe(n));
}

Status Fields::StrList(const std::string& key, std::vector<std::string>& out) const {
  YAML::Node n = Get(key);
  if (!n.IsDefined() || n.IsNull()) return Status::Ok();
  if (!n.IsSequence()) return Error(n, key, "expected a list of strings, got " + Describe(n));
  out.clear();
  for (size_t i = 0; i < n.size(); ++i) {
    if (!n[i].IsScalar()) {
      return Error(n[i], key + "[" + std::to_string(i) + "]",
                   "expected a string, got " + Describe(n[i]));
    }
    out.push_back(n[i].Scalar());
  }
  return Status::Ok();
}

Status Fields::StrMap(const std::string& key, std::map<std::string, std::string>& out) const {
  YAML::Node n = Get(key);
  if (!n.IsDefined() || n.IsNull()) return Status::Ok();
  if (!n.IsMap()) return Error(n, key, "expected a mapping of strings, got " + Describe(n));
  for (auto it = n.begin(); it != n.end(); ++it) {
    const std::string k = it->first.Scalar();
    if (!it->second.IsScalar() && !it->second.IsNull()) {
      return Error(it->second, key + "." + k, "expected a string, got " + Describe(it->second));
    }
    out[k] = it->second.IsNull() ? "" : it->second.Scalar();
  }
  return Status::Ok();
}

Status Fields::IntOrStr(const std::string& key, std::string& out) const {
  YAML::Node n = Get(key);
  if (!n.IsDefined() || n.IsNull()) return Status::Ok();
  if (!n.IsScalar()) return Error(n, key, "expected a port number or name, got " + Describe(n));
  out = n.Scalar();
  return Status::Ok();
}

}  // namespace ki::k8s::internal
