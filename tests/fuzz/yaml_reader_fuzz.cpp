// Differential: the fast YAML reader (yaml_fast.h) must read every text it
// accepts exactly as libyaml's (yaml_reader.h) does: the same documents, node
// kinds, scalars, quoting and positions. Where libyaml fails, the fast one
// must have given up too. Aborts on any difference.
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "pkg/k8s/yaml_fast.h"
#include "pkg/k8s/yaml_reader.h"

namespace {

using ki::k8s::internal::YamlDoc;
using ki::k8s::internal::YamlDocs;
using ki::k8s::internal::YamlKind;
using ki::k8s::internal::YamlNode;

// One node as text: position, kind, and scalar or children (aliases are
// followed, so depth is capped: a billion-laughs input stays small).
void Print(const YamlDoc& doc, uint32_t i, int depth, std::string& out) {
  const YamlNode& n = doc.node(i);
  out += std::to_string(n.line) + ":" + std::to_string(n.column);
  if (depth > 16 || out.size() > (1 << 20)) {
    out += "...";
    return;
  }
  if (n.kind == YamlKind::kNull) {
    out += "~";
  } else if (n.kind == YamlKind::kScalar) {
    out += n.quoted ? "'" : "=";
    out += doc.Text(n);
    out += "'";
  } else {
    out += n.kind == YamlKind::kMap ? "{" : "[";
    for (uint32_t kid : doc.Children(n)) {
      Print(doc, kid, depth + 1, out);
      out += ",";
    }
    out += n.kind == YamlKind::kMap ? "}" : "]";
  }
}

struct Read {
  std::vector<std::string> docs;
  std::string error;
};

Read ReadAll(YamlDocs& reader) {
  Read r;
  YamlDoc doc;
  for (;;) {
    ki::Result<bool> more = reader.Next(doc);
    if (!more.ok()) {
      r.error = more.status().message();
      return r;
    }
    if (!*more) return r;
    r.docs.emplace_back();
    Print(doc, doc.root(), 0, r.docs.back());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string file = "fuzz.yaml";
  const std::function<bool()> never;
  ki::k8s::internal::FastYamlReader fast(text, file, never);
  const Read a = ReadAll(fast);
  if (fast.unsupported()) return 0;  // the decoder then reads the text with libyaml
  ki::k8s::internal::YamlReader slow(text, file, never);
  const Read b = ReadAll(slow);
  if (a.error.empty() && b.error.empty() && a.docs == b.docs) return 0;
  std::fprintf(stderr, "fast and libyaml readers differ\nfast: %s\nlibyaml: %s\n", a.error.c_str(),
               b.error.c_str());
  for (const std::string& d : a.docs) std::fprintf(stderr, "fast    %s\n", d.c_str());
  for (const std::string& d : b.docs) std::fprintf(stderr, "libyaml %s\n", d.c_str());
  std::abort();
}
