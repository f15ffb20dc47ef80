#include "pkg/config/kubeadm_fields.h"

#include <algorithm>
#include <map>
#include <utility>

#include "pkg/base/quote.h"

namespace ki::config {
namespace {

// "InitConfiguration (v1beta3, v1beta4), ClusterConfiguration (v1beta4)".
std::string DescribeTables(const std::vector<const TypeTable*>& tables) {
  std::vector<std::pair<std::string, std::string>> kinds;  // kind, versions
  for (const TypeTable* t : tables) {
    std::string version(t->api_version.substr(t->api_version.find('/') + 1));
    auto it =
        std::find_if(kinds.begin(), kinds.end(), [&](const auto& k) { return k.first == t->kind; });
    if (it == kinds.end()) {
      kinds.emplace_back(std::string(t->kind), version);
    } else {
      it->second += ", " + version;
    }
  }
  std::string out;
  for (const auto& [kind, versions] : kinds) {
    out += (out.empty() ? "" : ", ") + kind + " (" + versions + ")";
  }
  return out;
}

bool IsEmptyValue(const YAML::Node& n) {
  if (IsNullValue(n)) return true;
  if (n.IsMap() || n.IsSequence()) return n.size() == 0;
  return n.IsScalar() && (n.Scalar().empty() || n.Scalar() == "false");
}

}  // namespace

std::string Join(std::string_view prefix, std::string_view key) {
  return prefix.empty() ? std::string(key) : std::string(prefix) + "." + std::string(key);
}

std::string_view ChildName(std::string_view path, std::string_view parent) {
  if (!parent.empty()) {
    if (path.size() <= parent.size() + 1 || path.substr(0, parent.size()) != parent ||
        path[parent.size()] != '.') {
      return {};
    }
    path.remove_prefix(parent.size() + 1);
  }
  return path.find('.') == std::string_view::npos ? path : std::string_view{};
}

Schema::Schema(KubeadmVersion v, std::string_view kind) {
  for (const TypeTable& t : KubeadmTypeTables()) {
    if (ParseKubeadmVersion(std::string(t.api_version)) == v && t.kind == kind) table_ = &t;
  }
}

const FieldSpec* Schema::Find(std::string_view path) const {
  if (table_ == nullptr) return nullptr;
  for (const FieldSpec& f : table_->fields) {
    if (f.path == path) return &f;
  }
  return nullptr;
}

void Fields::Args(std::string_view key, ArgList& out, std::string_view canonical) {
  const FieldSpec* spec = Spec(key);
  if (spec == nullptr || !m_.Has(key)) return;
  YAML::Node n = m_.Take(key);
  std::string written = m_.WrittenPath(key);
  ctx().Record(m_.CanonicalPath(canonical.empty() ? key : canonical), n, written);
  if (IsNullValue(n)) return;
  if (spec->type == FieldType::kArgList && !n.IsSequence()) {
    ctx().ErrorAt(n, written,
                  "expected a list of {name, value} arguments, got " + Describe(n) +
                      (n.IsMap() ? "; the flag-to-value mapping is the form of v1beta3 and "
                                   "older, v1beta4 lists them"
                                 : ""));
    return;
  }
  if (spec->type == FieldType::kStringMap && !n.IsMap()) {
    ctx().ErrorAt(n, written,
                  "expected a mapping of flag names to values, got " + Describe(n) +
                      (n.IsSequence() ? "; the list of {name, value} is v1beta4's form" : ""));
    return;
  }
  Decode(ctx(), n, written, out);
}

YAML::Node Fields::Uncarried(std::string_view key, std::string_view why) {
  const FieldSpec* spec = Spec(key);
  if (spec == nullptr || !m_.Has(key)) return YAML::Node(YAML::NodeType::Undefined);
  YAML::Node n = m_.Take(key);
  std::string written = m_.WrittenPath(key);
  if (CheckValue(ctx(), s_, n, written, *spec) && !IsEmptyValue(n)) {
    ctx().diagnostics().Notice(ctx().At(n), written +
                                                " is accepted but has no effect and is not "
                                                "carried over by `config migrate`: " +
                                                std::string(why));
  }
  return n;
}

void Fields::Object(std::string_view key, const std::function<void(Fields&)>& body,
                    std::string_view canonical) {
  if (!Present(key)) return;
  YAML::Node n = m_.Take(key);
  if (IsNullValue(n)) return;
  std::string written = m_.WrittenPath(key);
  std::string canon = m_.CanonicalPath(canonical.empty() ? key : canonical);
  ctx().Record(canon, n, written);
  MapReader child(ctx(), n, written, canon);
  if (!child.valid()) return;
  Fields f(child, s_, Join(path_, key), n);
  body(f);
  f.Finish();
}

bool Fields::Items(std::string_view key, const std::function<void(Fields&)>& body,
                   std::string_view canonical) {
  if (!Present(key)) return false;
  YAML::Node n = m_.Take(key);
  std::string written = m_.WrittenPath(key);
  std::string canon = m_.CanonicalPath(canonical.empty() ? key : canonical);
  ctx().Record(canon, n, written);
  if (IsNullValue(n)) return false;
  if (!n.IsSequence()) {
    ctx().ErrorAt(n, written, "expected a list, got " + Describe(n));
    return false;
  }
  for (size_t i = 0; i < n.size(); ++i) {
    std::string index = "[" + std::to_string(i) + "]";
    MapReader item(ctx(), n[i], written + index, canon + index);
    if (!item.valid()) continue;
    Fields f(item, s_, Join(path_, key) + "[]", n[i]);
    body(f);
    f.Finish();
  }
  return true;
}

void Fields::NameOtherVersionsFields() {
  std::map<std::string, std::vector<const TypeTable*>, std::less<>> owners;
  for (const TypeTable& t : KubeadmTypeTables()) {
    if (&t == s_.table()) continue;
    for (const FieldSpec& f : t.fields) {
      std::string_view name = ChildName(f.path, path_);
      if (name.empty() || Spec(name) != nullptr) continue;
      std::vector<const TypeTable*>& tables = owners[std::string(name)];
      if (tables.empty() || tables.back() != &t) tables.push_back(&t);
    }
  }
  const TypeTable* own = s_.table();
  for (const auto& [name, tables] : owners) {
    if (own == nullptr || !m_.Has(name)) continue;
    YAML::Node n = m_.Take(name);
    ctx().diagnostics().Warning(
        ctx().At(n), Quote(m_.WrittenPath(name)) + " is a field of " + DescribeTables(tables) +
                         ", not of " + std::string(own->api_version) + " " +
                         std::string(own->kind) + "; it is ignored, as kubeadm ignores it");
  }
}

void Fields::Finish() {
  NameOtherVersionsFields();
  m_.Finish();
}

// Every field of an object with no place in the model, checked by its table.
void DecodeObjectByTable(Fields& f) {
  const TypeTable* t = f.schema().table();
  if (t == nullptr) return;
  for (const FieldSpec& row : t->fields) {
    std::string_view name = ChildName(row.path, f.path());
    if (name.empty() || !f.reader().Has(name)) continue;
    YAML::Node n = f.reader().Take(name);
    CheckValue(f.ctx(), f.schema(), n, f.reader().WrittenPath(name), row);
  }
}

namespace {

bool CheckObject(DecodeContext& ctx, const Schema& s, const YAML::Node& n,
                 const std::string& written, std::string path) {
  MapReader m(ctx, n, written, "");
  if (!m.valid()) return false;
  Fields f(m, s, std::move(path), n);
  DecodeObjectByTable(f);
  f.Finish();
  return true;
}

}  // namespace

// Decodes n as the type of spec and drops it: a field kubeadm-ipvs does not
// carry is still held to the shape Go's decoder required.
bool CheckValue(DecodeContext& ctx, const Schema& s, const YAML::Node& n,
                const std::string& written, const FieldSpec& spec) {
  if (IsNullValue(n)) {
    if (spec.type != FieldType::kDuration || spec.pointer) return true;
    return NullDurationError(ctx, n, written);
  }
  switch (spec.type) {
    case FieldType::kString:
    case FieldType::kGatesString: {
      std::string v;
      return Decode(ctx, n, written, v);
    }
    case FieldType::kBool: {
      bool v = false;
      return Decode(ctx, n, written, v);
    }
    case FieldType::kInt32:
    case FieldType::kInt64: {
      int32_t v = 0;
      return Decode(ctx, n, written, v);
    }
    case FieldType::kFloat: {
      double v = 0;
      return Decode(ctx, n, written, v);
    }
    case FieldType::kDuration: {
      Duration v;
      return Decode(ctx, n, written, v);
    }
    case FieldType::kStringList: {
      std::vector<std::string> v;
      return Decode(ctx, n, written, v);
    }
    case FieldType::kStringMap: {
      if (!n.IsMap()) {
        ctx.ErrorAt(n, written, "expected a mapping of strings, got " + Describe(n));
        return false;
      }
      MapReader m(ctx, n, written, "");
      bool ok = m.valid();
      for (auto it = n.begin(); ok && it != n.end(); ++it) {
        std::string key = it->first.Scalar();
        std::string v;
        ok = Decode(ctx, m.Take(key), m.WrittenPath(key), v) && ok;
      }
      return ok;
    }
    case FieldType::kArgList: {
      if (!n.IsSequence()) {
        ctx.ErrorAt(n, written, "expected a list of {name, value} arguments, got " + Describe(n));
        return false;
      }
      ArgList v;
      return Decode(ctx, n, written, v);
    }
    case FieldType::kGates: {
      FeatureGates v;
      return Decode(ctx, n, written, v);
    }
    case FieldType::kObject:
      return CheckObject(ctx, s, n, written, std::string(spec.path));
    case FieldType::kObjectList: {
      if (!n.IsSequence()) {
        ctx.ErrorAt(n, written, "expected a list, got " + Describe(n));
        return false;
      }
      bool ok = true;
      for (size_t i = 0; i < n.size(); ++i) {
        ok = CheckObject(ctx, s, n[i], written + "[" + std::to_string(i) + "]",
                         std::string(spec.path) + "[]") &&
             ok;
      }
      return ok;
    }
    case FieldType::kOpaque:
    case FieldType::kKubeProxyConfig:
      return true;
  }
  return true;
}

}  // namespace ki::config
