#include "pkg/k8s/decode.h"

#include "pkg/base/quote.h"
#include "pkg/k8s/decode_objects.h"
#include "pkg/k8s/decode_strict.h"
#include "pkg/k8s/yaml_fast.h"
#include "pkg/k8s/yaml_reader.h"

namespace ki::k8s {
namespace {

using internal::FastYamlReader;
using internal::Fields;
using internal::Value;
using internal::YamlDoc;
using internal::YamlDocs;
using internal::YamlReader;

struct KindInfo {
  const char* kind;
  const char* api_version;
};
constexpr KindInfo kKinds[] = {
    {"Service", "v1"}, {"EndpointSlice", "discovery.k8s.io/v1"}, {"Node", "v1"}};

std::string Where(const std::string& file, const Value& n) {
  return internal::Position(file, n.Mark());
}

struct DecodeState {
  const std::string& file;
  const DecodeOptions& options;
  DecodedObjects& out;
};

// strict: a kind the proxy does not read, said once per document.
void NoteOtherKind(const Value& doc, const std::string& kind, DecodeState& st) {
  const std::string where = Where(st.file, doc);
  if (!st.options.strict) {
    st.out.skipped.push_back(where + ": kind " + Quote(kind) + " ignored");
    return;
  }
  const std::string hint =
      internal::SuggestName(kind, {"Service", "EndpointSlice", "Node", "List"});
  if (!hint.empty()) {
    st.out.warnings.push_back(where + ": unknown kind " + Quote(kind) + " (did you mean \"" + hint +
                              "\"?); the document is ignored");
  } else {
    st.out.warnings.push_back(where + ": kind " + Quote(kind) +
                              " ignored (the proxy reads Service, EndpointSlice, Node and List)");
  }
  st.out.skipped.push_back(where + ": kind " + Quote(kind) + " ignored");
}

Result<Object> DecodeKind(const std::string& kind, const Fields& root) {
  if (kind == "Service") {
    Result<Service> s = internal::DecodeService(root);
    if (!s.ok()) return s.status();
    return Object(std::move(s).value());
  }
  if (kind == "EndpointSlice") {
    Result<EndpointSlice> s = internal::DecodeEndpointSlice(root);
    if (!s.ok()) return s.status();
    return Object(std::move(s).value());
  }
  Result<Node> n = internal::DecodeNode(root);
  if (!n.ok()) return n.status();
  return Object(std::move(n).value());
}

// One document (or List item): checks kind and apiVersion, then decodes.
Status DecodeDocument(const Value& doc, bool in_list, DecodeState& st) {
  const std::string& file = st.file;
  const std::string none;
  Fields top(doc, "", &file, &none);
  if (!doc.IsMap()) return top.ErrorAt(doc, "(document)", "expected a mapping with a kind");
  std::string kind, api;
  KI_RETURN_IF_ERROR(top.Str("kind", kind));
  KI_RETURN_IF_ERROR(top.Str("apiVersion", api));
  if (kind.empty()) return top.ErrorAt(doc, "kind", "required");
  if (kind == "List" && !in_list) {
    Result<std::vector<Fields>> items = top.MapList("items");
    if (!items.ok()) return items.status();
    for (const Fields& item : *items) {
      KI_RETURN_IF_ERROR(DecodeDocument(item.node(), true, st));
    }
    return Status::Ok();
  }
  const KindInfo* info = nullptr;
  for (const KindInfo& k : kKinds) info = kind == k.kind ? &k : info;
  if (!info) {
    NoteOtherKind(doc, kind, st);
    return Status::Ok();
  }
  // Name the object in every later message; a malformed metadata is reported below.
  std::string name, ns;
  if (Result<Fields> meta = top.Map("metadata"); meta.ok()) {
    (void)meta->Str("name", name);
    (void)meta->Str("namespace", ns);
  }
  const std::string object = kind + " " + ObjectName{ns, name}.ToString();
  Fields root(doc, "", &file, &object);
  if (api != info->api_version) {
    return root.ErrorAt(doc.Get("apiVersion"), "apiVersion",
                        "\"" + api + "\" is not supported (want " + info->api_version + ")");
  }
  Result<Object> obj = DecodeKind(kind, root);
  if (!obj.ok()) return obj.status();
  if (st.options.strict && doc.AsYaml() != nullptr) {
    internal::CheckKnownFields(*doc.AsYaml(), kind, file, object, st.out.warnings);
  }
  st.out.objects.push_back(std::move(obj).value());
  st.out.where.push_back(Where(file, doc));
  return Status::Ok();
}

// A document that failed to decode fails the text, unless the text is no YAML
// further on: that (or a cancellation) is said instead, as the text is
// judged before its objects.
Status FirstFault(YamlDocs& reader, YamlDoc& doc, Status decode_error) {
  for (;;) {
    Result<bool> more = reader.Next(doc);
    if (!more.ok()) return more.status();
    if (!*more) return decode_error;
  }
}

// Every document of reader, decoded.
Result<DecodedObjects> DecodeAll(YamlDocs& reader, const std::string& file,
                                 const DecodeOptions& options) {
  DecodedObjects out;
  DecodeState st{file, options, out};
  YamlDoc doc;
  for (;;) {
    Result<bool> more = reader.Next(doc);
    if (!more.ok()) return more.status();
    if (!*more) return out;
    const Value root(doc, doc.root());
    if (root.IsNull()) continue;  // a lone "---"
    if (Status decoded = DecodeDocument(root, false, st); !decoded.ok()) {
      return FirstFault(reader, doc, std::move(decoded));
    }
  }
}

}  // namespace

// The fast reader first; text it leaves to libyaml is read again from the
// start by libyaml, and only that result counts.
Result<DecodedObjects> DecodeManifests(std::string_view text, const std::string& file,
                                       const DecodeOptions& options) {
  FastYamlReader fast(text, file, options.cancelled);
  Result<DecodedObjects> decoded = DecodeAll(fast, file, options);
  if (!fast.unsupported()) return decoded;
  YamlReader reader(text, file, options.cancelled);
  return DecodeAll(reader, file, options);
}

Result<Object> internal::DecodeOneObject(const Value& doc, const std::string& source) {
  DecodedObjects out;
  const DecodeOptions options;
  DecodeState st{source, options, out};
  KI_RETURN_IF_ERROR(DecodeDocument(doc, true, st));
  if (out.objects.size() != 1) {
    return Status::InvalidConfig(source + ": want a Service, EndpointSlice or Node, found " +
                                 (out.skipped.empty() ? "nothing" : out.skipped.front()));
  }
  return std::move(out.objects.front());
}

Result<Object> DecodeObject(std::string_view text, const std::string& source) {
  Result<DecodedObjects> all = DecodeManifests(text, source);
  if (!all.ok()) return all.status();
  if (all->objects.size() != 1 || !all->skipped.empty()) {
    return Status::InvalidConfig(source + ": want one Service, EndpointSlice or Node, found " +
                                 std::to_string(all->objects.size()) + " of those and " +
                                 std::to_string(all->skipped.size()) + " other objects");
  }
  return std::move(all->objects.front());
}

}  // namespace ki::k8s
