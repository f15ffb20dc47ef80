#include "pkg/k8s/decode_fields.h"

#include <charconv>

namespace ki::k8s::internal {

std::string Describe(const Value& n) {
  if (n.IsMap()) return "a mapping";
  if (n.IsList()) return "a list";
  if (n.IsNull()) return "null";
  std::string s = n.Text();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return "\"" + s + "\"";
}

bool Fields::Has(const std::string& key) const { return !node_.Get(key).IsNull(); }

std::string Fields::Join(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

Status Fields::Fail(const Mark& at, const std::string& key, const std::string& what) const {
  std::string where = *file_;
  if (!at.is_null()) {
    where += ":" + std::to_string(at.line + 1) + ":" + std::to_string(at.column + 1);
  }
  std::string obj = object_->empty() ? "" : *object_ + ": ";
  return Status::InvalidConfig(where + ": " + obj + Join(key) + ": " + what);
}

Status Fields::Error(const std::string& key, const std::string& what) const {
  return Fail(Mark(), key, what);
}

Status Fields::ErrorAt(const Value& at, const std::string& key, const std::string& what) const {
  const Mark m = at.Mark();
  return Fail(m.is_null() ? node_.Mark() : m, key, what);
}

Result<Fields> Fields::Map(const std::string& key) const {
  Value n = node_.Get(key);
  if (n.IsNull()) return Fields(Value(), Join(key), file_, object_);
  if (!n.IsMap()) return ErrorAt(n, key, "expected a mapping, got " + Describe(n));
  return Fields(n, Join(key), file_, object_);
}

Result<std::vector<Fields>> Fields::MapList(const std::string& key) const {
  std::vector<Fields> out;
  const Value n = node_.Get(key);
  if (n.IsNull()) return out;
  if (!n.IsList()) return ErrorAt(n, key, "expected a list, got " + Describe(n));
  for (size_t i = 0; i < n.size(); ++i) {
    const std::string item = key + "[" + std::to_string(i) + "]";
    Value v = n.At(i);
    if (!v.IsMap()) return ErrorAt(v, item, "expected a mapping, got " + Describe(v));
    out.emplace_back(v, Join(item), file_, object_);
  }
  return out;
}

Status Fields::Str(const std::string& key, std::string& out) const {
  const Value n = node_.Get(key);
  if (n.IsNull()) return Status::Ok();
  if (!n.IsScalar()) return ErrorAt(n, key, "expected a string, got " + Describe(n));
  out = n.Text();
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
  const Value n = node_.Get(key);
  if (n.IsNull()) return Status::Ok();
  int32_t v = 0;
  if (!n.IsScalar() || !ParseInt(n.Text(), v)) {
    return ErrorAt(n, key, "expected an integer, got " + Describe(n));
  }
  if (n.IsQuoted()) {  // "80" in quotes is a string to the API server too
    return ErrorAt(n, key, "expected an integer, got the string " + Describe(n));
  }
  out = v;
  return Status::Ok();
}

Status Fields::OptBool(const std::string& key, std::optional<bool>& out) const {
  const Value n = node_.Get(key);
  if (n.IsNull()) return Status::Ok();
  // Unquoted YAML 1.1 booleans (yes/no/on/off too), as kubectl's YAML reader
  // takes them; a quoted "true" is a string there, and an error here.
  const std::optional<bool> v = n.IsQuoted() ? std::nullopt : n.Bool();
  if (!v) return ErrorAt(n, key, "expected true or false, got " + Describe(n));
  out = v;
  return Status::Ok();
}

Status Fields::StrList(const std::string& key, std::vector<std::string>& out) const {
  const Value n = node_.Get(key);
  if (n.IsNull()) return Status::Ok();
  if (!n.IsList()) return ErrorAt(n, key, "expected a list of strings, got " + Describe(n));
  out.clear();
  for (size_t i = 0; i < n.size(); ++i) {
    const Value v = n.At(i);
    if (!v.IsScalar()) {
      return ErrorAt(v, key + "[" + std::to_string(i) + "]",
                     "expected a string, got " + Describe(v));
    }
    out.push_back(v.Text());
  }
  return Status::Ok();
}

Status Fields::StrMap(const std::string& key, std::map<std::string, std::string>& out) const {
  const Value n = node_.Get(key);
  if (n.IsNull()) return Status::Ok();
  if (!n.IsMap()) return ErrorAt(n, key, "expected a mapping of strings, got " + Describe(n));
  for (const auto& [k, v] : n.Entries()) {
    if (!v.IsScalar() && !v.IsNull()) {
      return ErrorAt(v, key + "." + k, "expected a string, got " + Describe(v));
    }
    out[k] = v.Text();
  }
  return Status::Ok();
}

Status Fields::IntOrStr(const std::string& key, std::string& out) const {
  const Value n = node_.Get(key);
  if (n.IsNull()) return Status::Ok();
  if (!n.IsScalar()) return ErrorAt(n, key, "expected a port number or name, got " + Describe(n));
  out = n.Text();
  return Status::Ok();
}

}  // namespace ki::k8s::internal
