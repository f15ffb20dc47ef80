#include "pkg/k8s/decode_strict.h"

#include <algorithm>
#include <map>
#include <set>

#include "pkg/base/edit_distance.h"
#include "pkg/base/quote.h"

namespace ki::k8s::internal {
namespace {

// The API's fields by path: "[]" is a list's items, ".*" a subtree the
// proxy does not check (labels, selectors, references, a Node's status).
constexpr std::string_view kMeta[] = {
    "apiVersion",
    "kind",
    "metadata",
    "metadata.name",
    "metadata.generateName",
    "metadata.namespace",
    "metadata.selfLink",
    "metadata.uid",
    "metadata.resourceVersion",
    "metadata.generation",
    "metadata.creationTimestamp",
    "metadata.deletionTimestamp",
    "metadata.deletionGracePeriodSeconds",
    "metadata.labels.*",
    "metadata.annotations.*",
    "metadata.ownerReferences.*",
    "metadata.finalizers",
    "metadata.managedFields.*",
};

constexpr std::string_view kService[] = {
    "spec",
    "spec.ports",
    "spec.ports[].name",
    "spec.ports[].protocol",
    "spec.ports[].appProtocol",
    "spec.ports[].port",
    "spec.ports[].targetPort",
    "spec.ports[].nodePort",
    "spec.selector.*",
    "spec.clusterIP",
    "spec.clusterIPs",
    "spec.type",
    "spec.externalIPs",
    "spec.sessionAffinity",
    "spec.loadBalancerIP",
    "spec.loadBalancerSourceRanges",
    "spec.externalName",
    "spec.externalTrafficPolicy",
    "spec.healthCheckNodePort",
    "spec.publishNotReadyAddresses",
    "spec.sessionAffinityConfig",
    "spec.sessionAffinityConfig.clientIP",
    "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
    "spec.ipFamilies",
    "spec.ipFamilyPolicy",
    "spec.allocateLoadBalancerNodePorts",
    "spec.loadBalancerClass",
    "spec.internalTrafficPolicy",
    "spec.trafficDistribution",
    "status",
    "status.loadBalancer",
    "status.loadBalancer.ingress",
    "status.loadBalancer.ingress[].ip",
    "status.loadBalancer.ingress[].hostname",
    "status.loadBalancer.ingress[].ipMode",
    "status.loadBalancer.ingress[].ports.*",
    "status.conditions.*",
};

constexpr std::string_view kEndpointSlice[] = {
    "addressType",
    "endpoints",
    "endpoints[].addresses",
    "endpoints[].conditions",
    "endpoints[].conditions.ready",
    "endpoints[].conditions.serving",
    "endpoints[].conditions.terminating",
    "endpoints[].hostname",
    "endpoints[].targetRef.*",
    "endpoints[].nodeName",
    "endpoints[].zone",
    "endpoints[].hints",
    "endpoints[].hints.forZones",
    "endpoints[].hints.forZones[].name",
    "endpoints[].hints.forNodes",
    "endpoints[].hints.forNodes[].name",
    "endpoints[].deprecatedTopology.*",
    "ports",
    "ports[].name",
    "ports[].protocol",
    "ports[].port",
    "ports[].appProtocol",
};

constexpr std::string_view kNode[] = {
    "spec",
    "spec.podCIDR",
    "spec.podCIDRs",
    "spec.providerID",
    "spec.unschedulable",
    "spec.taints.*",
    "spec.configSource.*",
    "spec.externalID",
    "status.*",
};

// The paths as a tree, one node per name ("[]" for a list's items), walked
// along a document without building a path per key.
struct SchemaNode {
  bool declared = false;  // the path itself is listed
  bool any = false;       // "path.*": nothing below it is checked
  std::map<std::string, SchemaNode, std::less<>> kids;
};

struct Schema {
  std::set<std::string_view> paths;  // for suggestions, in the order they are made in
  SchemaNode root;
};

void Insert(SchemaNode& root, std::string_view path) {
  SchemaNode* n = &root;
  const bool any = path.ends_with(".*");
  if (any) path.remove_suffix(2);
  while (!path.empty()) {
    const size_t cut = path.find_first_of(".[");
    n = &n->kids[std::string(path.substr(0, cut))];
    if (cut == std::string_view::npos) break;
    // "ports[].name": the items' node, then on past "]."
    if (path[cut] == '[') n = &n->kids["[]"];
    path.remove_prefix(std::min(path.size(), cut + (path[cut] == '[' ? 3 : 1)));
  }
  (any ? n->any : n->declared) = true;
}

Schema Build(std::initializer_list<std::pair<const std::string_view*, size_t>> parts) {
  Schema s;
  for (const auto& [p, n] : parts) {
    s.paths.insert(p, p + n);
    for (size_t i = 0; i < n; ++i) Insert(s.root, p[i]);
  }
  return s;
}

const Schema* SchemaFor(std::string_view kind) {
  static const Schema service = Build({{kMeta, std::size(kMeta)}, {kService, std::size(kService)}});
  static const Schema slice =
      Build({{kMeta, std::size(kMeta)}, {kEndpointSlice, std::size(kEndpointSlice)}});
  static const Schema node = Build({{kMeta, std::size(kMeta)}, {kNode, std::size(kNode)}});
  if (kind == "Service") return &service;
  if (kind == "EndpointSlice") return &slice;
  if (kind == "Node") return &node;
  return nullptr;
}

// The names the schema has directly under prefix ("spec.ports[]." -> name, port, ...).
std::vector<std::string> Siblings(const Schema& schema, const std::string& prefix) {
  std::vector<std::string> out;
  for (std::string_view p : schema.paths) {
    if (!p.starts_with(prefix)) continue;
    std::string_view rest = p.substr(prefix.size());
    rest = rest.substr(0, rest.find_first_of(".["));
    if (!rest.empty() && rest != "*") out.emplace_back(rest);
  }
  return out;
}

struct Walk {
  const YamlDoc& doc;
  const Schema& schema;
  const std::string& file;
  const std::string& object;
  std::vector<std::string>& warnings;
  // The keys down to the mapping being walked, each with the list index
  // under it (-1: none); paths are spelled only for a warning.
  struct Step {
    std::string_view key;
    long index = -1;
  };
  std::vector<Step> steps;

  void Map(const YamlNode& map, const SchemaNode& at) {
    const std::span<const uint32_t> kids = doc.Children(map);
    for (size_t i = 0; i + 1 < kids.size(); i += 2) {
      const YamlNode& k = doc.node(kids[i]);
      if (k.kind != YamlKind::kScalar) continue;  // a complex key: the decode reports it
      const std::string_view key = doc.Text(k);
      const auto child = at.kids.find(key);
      if (child != at.kids.end() && child->second.any) continue;  // not checked below here
      if (child == at.kids.end() || !child->second.declared) {
        Unknown(Mark{static_cast<int>(k.line), static_cast<int>(k.column)}, key);
        continue;
      }
      steps.push_back({key});
      Value(doc.node(kids[i + 1]), child->second);
      steps.pop_back();
    }
  }

  void Value(const YamlNode& v, const SchemaNode& at) {
    if (v.kind == YamlKind::kMap) Map(v, at);
    if (v.kind != YamlKind::kList) return;
    static const SchemaNode kNothing;
    const auto items = at.kids.find("[]");
    const SchemaNode& item_schema = items == at.kids.end() ? kNothing : items->second;
    const std::span<const uint32_t> kids = doc.Children(v);
    for (size_t i = 0; i < kids.size(); ++i) {
      const YamlNode& item = doc.node(kids[i]);
      if (item.kind != YamlKind::kMap) continue;
      steps.back().index = static_cast<long>(i);
      Map(item, item_schema);
    }
    steps.back().index = -1;
  }

  // "spec.ports[].nme" at schema level is prefix "spec.ports[]." and shown
  // "spec.ports[0].nme".
  void Unknown(const Mark& at, std::string_view key_text) {
    std::string prefix, written;
    for (const Step& s : steps) {
      prefix.append(s.key).append(s.index < 0 ? "." : "[].");
      written.append(s.key);
      if (s.index >= 0) written += "[" + std::to_string(s.index) + "]";
      written += ".";
    }
    const std::string key(key_text);
    const std::string shown = written + key;
    std::string msg = Position(file, at) + ": " + (object.empty() ? "" : object + ": ") +
                      "unknown field " + Quote(shown);
    const std::string hint = SuggestName(key, Siblings(schema, prefix));
    if (!hint.empty()) msg += " (did you mean \"" + written + hint + "\"?)";
    warnings.push_back(msg + "; it is ignored");
  }
};

}  // namespace

std::string Position(const std::string& file, const Mark& m) {
  if (m.is_null()) return file;
  return file + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
}

std::string SuggestName(std::string_view word, const std::vector<std::string>& candidates) {
  return NearestName(word, candidates);
}

void CheckKnownFields(const YamlRef& doc, std::string_view kind, const std::string& file,
                      const std::string& object, std::vector<std::string>& warnings) {
  const Schema* schema = SchemaFor(kind);
  if (schema == nullptr || doc.node().kind != YamlKind::kMap) return;
  Walk{*doc.doc, *schema, file, object, warnings, {}}.Map(doc.node(), schema->root);
}

}  // namespace ki::k8s::internal
