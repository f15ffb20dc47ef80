#include "pkg/k8s/decode.h"

#include <yaml-cpp/yaml.h>

#include "pkg/k8s/decode_objects.h"

namespace ki::k8s {
namespace {

using internal::Fields;
using internal::Value;

struct KindInfo {
  const char* kind;
  const char* api_version;
};
constexpr KindInfo kKinds[] = {
    {"Service", "v1"}, {"EndpointSlice", "discovery.k8s.io/v1"}, {"Node", "v1"}};

std::string Where(const std::string& file, const Value& n) {
  const YAML::Mark m = n.Mark();
  return m.is_null() ? file : file + ":" + std::to_string(m.line + 1);
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
Status DecodeDocument(const Value& doc, const std::string& file, bool in_list,
                      DecodedObjects& out) {
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
      KI_RETURN_IF_ERROR(DecodeDocument(item.node(), file, true, out));
    }
    return Status::Ok();
  }
  const KindInfo* info = nullptr;
  for (const KindInfo& k : kKinds) info = kind == k.kind ? &k : info;
  if (!info) {
    out.skipped.push_back(Where(file, doc) + ": kind " + kind + " ignored");
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
  out.objects.push_back(std::move(obj).value());
  return Status::Ok();
}

}  // namespace

Result<DecodedObjects> DecodeManifests(std::string_view text, const std::string& file) {
  DecodedObjects out;
  try {
    std::vector<YAML::Node> docs = YAML::LoadAll(std::string(text));
    for (const YAML::Node& doc : docs) {
      if (!doc.IsDefined() || doc.IsNull()) continue;  // a lone "---"
      KI_RETURN_IF_ERROR(DecodeDocument(Value(doc), file, false, out));
    }
  } catch (const YAML::Exception& e) {
    std::string where = file;
    if (!e.mark.is_null()) {
      where += ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1);
    }
    return Status::InvalidConfig(where + ": " + e.msg);
  }
  return out;
}

Result<Object> internal::DecodeOneObject(const Value& doc, const std::string& source) {
  DecodedObjects out;
  KI_RETURN_IF_ERROR(DecodeDocument(doc, source, true, out));
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
