#include "pkg/k8s/decode_strict.h"

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

using Schema = std::set<std::string_view>;

Schema Build(std::initializer_list<std::pair<const std::string_view*, size_t>> parts) {
  Schema s;
  for (const auto& [p, n] : parts) s.insert(p, p + n);
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
  for (std::string_view p : schema) {
    if (!p.starts_with(prefix)) continue;
    std::string_view rest = p.substr(prefix.size());
    rest = rest.substr(0, rest.find_first_of(".["));
    if (!rest.empty() && rest != "*") out.emplace_back(rest);
  }
  return out;
}

struct Walk {
  const Schema& schema;
  const std::string& file;
  const std::string& object;
  std::vector<std::string>& warnings;

  // A mapping at schema path `at` ("" for the root; "spec.ports[]"), written `written`.
  void Map(const YAML::Node& map, const std::string& at, const std::string& written) {
    const std::string prefix = at.empty() ? "" : at + ".";
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (!it->first.IsScalar()) continue;  // a complex key: the decode reports it
      const std::string& key = it->first.Scalar();
      const std::string path = prefix + key;
      const std::string shown = written.empty() ? key : written + "." + key;
      if (schema.count(path + ".*") != 0) continue;  // not checked below here
      if (schema.count(path) == 0) {
        Unknown(it->first.Mark(), prefix, key, shown);
        continue;
      }
      Value(it->second, path, shown);
    }
  }

  void Value(const YAML::Node& v, const std::string& path, const std::string& shown) {
    if (v.IsMap()) Map(v, path, shown);
    if (!v.IsSequence()) return;
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i].IsMap()) Map(v[i], path + "[]", shown + "[" + std::to_string(i) + "]");
    }
  }

  void Unknown(const YAML::Mark& at, const std::string& prefix, const std::string& key,
               const std::string& shown) {
    std::string msg = Position(file, at) + ": " + (object.empty() ? "" : object + ": ") +
                      "unknown field " + Quote(shown);
    const std::string hint = SuggestName(key, Siblings(schema, prefix));
    if (!hint.empty()) {
      msg += " (did you mean \"" + shown.substr(0, shown.size() - key.size()) + hint + "\"?)";
    }
    warnings.push_back(msg + "; it is ignored");
  }
};

}  // namespace

std::string Position(const std::string& file, const YAML::Mark& m) {
  if (m.is_null()) return file;
  return file + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
}

std::string SuggestName(std::string_view word, const std::vector<std::string>& candidates) {
  return NearestName(word, candidates);
}

void CheckKnownFields(const YAML::Node& doc, std::string_view kind, const std::string& file,
                      const std::string& object, std::vector<std::string>& warnings) {
  const Schema* schema = SchemaFor(kind);
  if (schema == nullptr || !doc.IsMap()) return;
  Walk{*schema, file, object, warnings}.Map(doc, "", "");
}

}  // namespace ki::k8s::internal
