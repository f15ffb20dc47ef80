#include "pkg/k8s/yaml_doc.h"

namespace ki::k8s::internal {
namespace {

// The plain scalars yaml-cpp (and YAML 1.1's core schema) read as null.
bool IsNullText(std::string_view t) {
  return t.empty() || t == "~" || t == "null" || t == "Null" || t == "NULL";
}

}  // namespace

uint32_t YamlDoc::Find(const YamlNode& map, std::string_view key) const {
  if (map.kind != YamlKind::kMap) return kNone;
  const std::span<const uint32_t> kids = Children(map);
  for (size_t i = 0; i + 1 < kids.size(); i += 2) {
    const YamlNode& k = nodes_[kids[i]];
    if (k.kind == YamlKind::kScalar && Text(k) == key) return kids[i + 1];
  }
  return kNone;
}

void YamlDoc::Clear() {
  nodes_.clear();
  kids_.clear();
  pending_.clear();
  chars_.clear();
  root_ = kNone;
}

uint32_t YamlDoc::AddScalar(std::string_view text, bool plain, std::string_view tag, uint32_t line,
                            uint32_t column) {
  YamlNode n;
  n.line = line;
  n.column = column;
  // An explicit tag keeps even "null" a string; only "!" (the non-specific
  // tag) makes a plain scalar a quoted one, as in yaml-cpp.
  if (plain && tag.empty() && IsNullText(text)) {
    n.kind = YamlKind::kNull;
  } else {
    n.kind = YamlKind::kScalar;
    n.quoted = tag.empty() ? !plain : tag == "!";
    n.begin = static_cast<uint32_t>(chars_.size());
    n.size = static_cast<uint32_t>(text.size());
    chars_.append(text);
  }
  nodes_.push_back(n);
  return static_cast<uint32_t>(nodes_.size() - 1);
}

uint32_t YamlDoc::OpenCollection(YamlKind kind, uint32_t line, uint32_t column) {
  YamlNode n;
  n.kind = kind;
  n.line = line;
  n.column = column;
  nodes_.push_back(n);
  return static_cast<uint32_t>(nodes_.size() - 1);
}

void YamlDoc::CloseCollection(uint32_t node, size_t first_pending) {
  YamlNode& n = nodes_[node];
  n.begin = static_cast<uint32_t>(kids_.size());
  n.size = static_cast<uint32_t>(pending_.size() - first_pending);
  kids_.insert(kids_.end(), pending_.begin() + static_cast<std::ptrdiff_t>(first_pending),
               pending_.end());
  pending_.resize(first_pending);
}

}  // namespace ki::k8s::internal
