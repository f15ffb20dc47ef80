// Decoding of API objects already parsed as JSON (the API source's path):
// the same objects as from manifest text, the same checks and messages, and
// managedFields never read.
#include "pkg/k8s/decode_json.h"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <string>
#include <vector>

namespace ki::k8s {
namespace {

const char* kService = R"({
  "apiVersion": "v1", "kind": "Service",
  "metadata": {"name": "web", "namespace": "prod", "resourceVersion": "17",
               "labels": {"app": "web"},
               "managedFields": [{"manager": "kubectl", "fieldsV1": {"f:spec": {}}}]},
  "spec": {"type": "NodePort", "clusterIP": "10.96.0.10", "clusterIPs": ["10.96.0.10"],
           "ports": [{"name": "http", "protocol": "TCP", "port": 80, "targetPort": 8080,
                      "nodePort": 30080},
                     {"name": "dns", "protocol": "UDP", "port": 53, "targetPort": "dns"}],
           "sessionAffinity": "ClientIP",
           "sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 600}},
           "externalTrafficPolicy": "Local"}
})";

TEST(k8sDecodeJson, ServiceEqualsTheManifestDecode) {
  Result<Object> from_json = DecodeJsonObject(nlohmann::json::parse(kService), "watch services");
  ASSERT_TRUE(from_json.ok()) << from_json.status().message();
  Result<Object> from_text = DecodeObject(kService, "svc.json");
  ASSERT_TRUE(from_text.ok()) << from_text.status().message();
  EXPECT_EQ(*from_json, *from_text);
  const Service& s = std::get<Service>(*from_json);
  EXPECT_EQ(s.meta.id, (ObjectName{"prod", "web"}));
  ASSERT_EQ(s.ports.size(), 2u);
  EXPECT_EQ(s.ports[0].node_port, 30080);
  EXPECT_EQ(s.ports[1].target_port, "dns");
}

TEST(k8sDecodeJson, EndpointSliceAndNode) {
  const auto slice = nlohmann::json::parse(R"({
    "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
    "metadata": {"name": "web-abc", "namespace": "prod",
                 "labels": {"kubernetes.io/service-name": "web"}},
    "addressType": "IPv4",
    "endpoints": [{"addresses": ["10.244.1.5"], "conditions": {"ready": true},
                   "nodeName": "node-a"}],
    "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}]})");
  Result<Object> s = DecodeJsonObject(slice, "watch endpointslices");
  ASSERT_TRUE(s.ok()) << s.status().message();
  const EndpointSlice& es = std::get<EndpointSlice>(*s);
  EXPECT_EQ(es.ServiceName(), (ObjectName{"prod", "web"}));
  ASSERT_EQ(es.endpoints.size(), 1u);
  EXPECT_EQ(es.endpoints[0].node_name, "node-a");

  const auto node = nlohmann::json::parse(R"({
    "apiVersion": "v1", "kind": "Node", "metadata": {"name": "node-a"},
    "status": {"addresses": [{"type": "InternalIP", "address": "192.168.1.10"}]}})");
  Result<Object> n = DecodeJsonObject(node, "watch nodes");
  ASSERT_TRUE(n.ok()) << n.status().message();
  EXPECT_EQ(std::get<Node>(*n).addresses.at(0).address, "192.168.1.10");
}

TEST(k8sDecodeJson, ChecksAreTheManifestChecks) {
  auto bad = nlohmann::json::parse(kService);
  bad["spec"]["ports"][0]["port"] = 70000;
  Result<Object> r = DecodeJsonObject(bad, "watch services");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("watch services"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("Service prod/web: spec.ports[0].port"), std::string::npos)
      << r.status().message();

  bad = nlohmann::json::parse(kService);
  bad["spec"]["ports"][0]["port"] = "http";
  EXPECT_FALSE(DecodeJsonObject(bad, "watch services").ok());

  EXPECT_FALSE(DecodeJsonObject(nlohmann::json::array(), "watch services").ok());
  const auto other = nlohmann::json::parse(
      R"({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}})");
  Result<Object> cm = DecodeJsonObject(other, "watch services");
  ASSERT_FALSE(cm.ok());
  EXPECT_NE(cm.status().message().find("ConfigMap"), std::string::npos) << cm.status().message();
}

const char* kSlice = R"({
  "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
  "metadata": {"name": "web-abc", "namespace": "prod",
               "labels": {"kubernetes.io/service-name": "web"}},
  "addressType": "IPv4",
  "endpoints": [{"addresses": ["10.244.1.5"],
                 "conditions": {"ready": true, "serving": true, "terminating": false},
                 "nodeName": "node-a", "zone": "z1", "hints": {"forZones": [{"name": "z1"}]}}],
  "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}]
})";

const char* kNode = R"({
  "apiVersion": "v1", "kind": "Node",
  "metadata": {"name": "node-a", "labels": {"topology.kubernetes.io/zone": "z1"}},
  "spec": {"podCIDR": "10.244.1.0/24", "podCIDRs": ["10.244.1.0/24", "fd00:1::/64"],
           "taints": [{"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}]},
  "status": {"addresses": [{"type": "InternalIP", "address": "192.168.1.10"}]}
})";

// One change to a base object: the JSON value at a JSON pointer (nullptr
// removes it), and what decoding it from JSON gives: "" when it decodes,
// else the whole message.
struct Edit {
  const char* pointer;
  const char* value;
  std::string want;
};

nlohmann::json Apply(const char* base, const Edit& e) {
  nlohmann::json j = nlohmann::json::parse(base);
  const nlohmann::json::json_pointer at(e.pointer);
  if (e.value == nullptr) {
    j.at(at.parent_pointer()).erase(at.back());
  } else {
    j[at] = nlohmann::json::parse(e.value);
  }
  return j;
}

// The outcome as one string: "ok" or the message.
std::string Outcome(const Result<Object>& r) { return r.ok() ? "ok" : r.status().message(); }

// A manifest's outcome without its position ("src:7:11: " reads "src: "),
// which a JSON object has none of.
std::string WithoutPosition(const std::string& outcome) {
  return std::regex_replace(outcome, std::regex("^src(:[0-9]+)+: "), "src: ");
}

std::string Describe(const char* base, const Edit& e) {
  return std::string(e.pointer) + " = " + (e.value ? e.value : "(removed)") + " in " +
         nlohmann::json::parse(base)["kind"].get<std::string>();
}

// Each edit decodes from JSON as `want` says, and exactly as the same object
// does from manifest text: the same object, or the same message.
void ExpectParity(const char* base, const std::vector<Edit>& edits) {
  for (const Edit& e : edits) {
    SCOPED_TRACE(Describe(base, e));
    const nlohmann::json j = Apply(base, e);
    const Result<Object> from_json = DecodeJsonObject(j, "src");
    const Result<Object> from_text = DecodeObject(j.dump(2), "src");
    EXPECT_EQ(Outcome(from_json), e.want.empty() ? "ok" : e.want);
    EXPECT_EQ(Outcome(from_json), WithoutPosition(Outcome(from_text)));
    if (from_json.ok() && from_text.ok()) {
      EXPECT_EQ(*from_json, *from_text);
    }
  }
}

TEST(k8sDecodeJson, ServiceFieldsDecodeAsInManifests) {
  const std::string svc = "src: Service prod/web: ";
  ExpectParity(
      kService,
      {
          {"/spec/type", R"("ClusterIP")", ""},
          {"/spec/ports/0/port", "70000",
           svc + "spec.ports[0].port: 70000 is not a port (1-65535)"},
          {"/spec/ports/0/port", "-1", svc + "spec.ports[0].port: -1 is not a port (1-65535)"},
          {"/spec/ports/0/port", R"("http")",
           svc + R"(spec.ports[0].port: expected an integer, got "http")"},
          {"/spec/ports/0/port", "80.0",
           svc + R"(spec.ports[0].port: expected an integer, got "80.0")"},
          // A JSON number reads as nlohmann-json prints it, as in the manifest text here.
          {"/spec/ports/0/port", "1e2",
           svc + R"(spec.ports[0].port: expected an integer, got "100.0")"},
          {"/spec/ports/0/port", "80.5",
           svc + R"(spec.ports[0].port: expected an integer, got "80.5")"},
          {"/spec/ports/0/port", "true",
           svc + R"(spec.ports[0].port: expected an integer, got "true")"},
          {"/spec/ports/0/port", "4294967296",
           svc + R"(spec.ports[0].port: expected an integer, got "4294967296")"},
          {"/spec/ports/0/port", "18446744073709551615",
           svc + R"(spec.ports[0].port: expected an integer, got "18446744073709551615")"},
          {"/spec/ports/0/port", "[80]",
           svc + "spec.ports[0].port: expected an integer, got a list"},
          {"/spec/ports/0/port", "{}",
           svc + "spec.ports[0].port: expected an integer, got a mapping"},
          {"/spec/ports/0/port", "null", svc + "spec.ports[0].port: required"},
          {"/spec/ports/0/port", nullptr, svc + "spec.ports[0].port: required"},
          {"/spec/ports/0/port", R"("a port name that is much longer than forty characters")",
           svc +
               R"(spec.ports[0].port: expected an integer, got "a port name that is much longer than ...")"},
          {"/spec/ports/0/nodePort", "0", ""},
          {"/spec/ports/0/nodePort", "null", ""},
          {"/spec/ports/0/targetPort", R"("http")", ""},
          {"/spec/ports/0/targetPort", "true", ""},
          {"/spec/ports/0/targetPort", "{}",
           svc + "spec.ports[0].targetPort: expected a port number or name, got a mapping"},
          {"/spec/ports/0/protocol", R"("tcp")",
           svc + R"(spec.ports[0].protocol: unknown protocol "tcp" (want TCP, UDP or SCTP))"},
          {"/spec/ports/0/protocol", "null", ""},
          {"/spec/ports/0/name", "7", ""},
          {"/spec/ports/0", "null", svc + "spec.ports[0]: expected a mapping, got null"},
          {"/spec/ports/0", "1", svc + R"(spec.ports[0]: expected a mapping, got "1")"},
          {"/spec/ports", "{}", svc + "spec.ports: expected a list, got a mapping"},
          {"/spec/ports", "null", ""},
          {"/spec/clusterIP", R"("10.96.0.300")", ""},
          {"/spec/clusterIPs", R"(["10.96.0.300"])",
           svc + R"(spec.clusterIPs[0]: "10.96.0.300" is not an IP address)"},
          {"/spec/clusterIPs", nullptr, ""},
          {"/spec/clusterIPs", "[5]", svc + R"(spec.clusterIPs[0]: "5" is not an IP address)"},
          {"/spec/clusterIPs", R"(["10.96.0.10", null])",
           svc + "spec.clusterIPs[1]: expected a string, got null"},
          {"/spec/clusterIPs", R"(["10.96.0.10", {}])",
           svc + "spec.clusterIPs[1]: expected a string, got a mapping"},
          {"/spec/clusterIPs", R"("10.96.0.10")",
           svc + R"(spec.clusterIPs: expected a list of strings, got "10.96.0.10")"},
          {"/spec/clusterIPs", R"(["None"])", ""},
          {"/spec/externalIPs", R"(["192.0.2.1", true])",
           svc + R"(spec.externalIPs[1]: "true" is not an IP address)"},
          {"/spec/ipFamilies", R"(["IPv4", "ipv6"])",
           svc + R"(spec.ipFamilies: unknown family "ipv6" (want IPv4 or IPv6))"},
          {"/spec/type", "5",
           svc +
               R"(spec.type: unknown value "5" (want one of ClusterIP, NodePort, LoadBalancer, ExternalName))"},
          {"/spec/type", "false",
           svc +
               R"(spec.type: unknown value "false" (want one of ClusterIP, NodePort, LoadBalancer, ExternalName))"},
          {"/spec/sessionAffinityConfig/clientIP/timeoutSeconds", "0",
           svc + "spec.sessionAffinityConfig.clientIP.timeoutSeconds: must be within 1-86400"},
          {"/spec/sessionAffinityConfig/clientIP", "[]",
           svc + "spec.sessionAffinityConfig.clientIP: expected a mapping, got a list"},
          {"/spec/healthCheckNodePort", "32000", ""},
          {"/spec", "[]", svc + "spec: expected a mapping, got a list"},
          {"/spec", "null", ""},
          {"/status/loadBalancer/ingress", R"([{"ip": "198.51.100.7"}, {"hostname": "lb"}])", ""},
          {"/status/loadBalancer/ingress", R"([{"ip": "lb.example.com"}])",
           svc + R"(status.loadBalancer.ingress[0].ip: "lb.example.com" is not an IP address)"},
          {"/metadata/labels", R"({"a": 1, "b": null, "c": true, "d": 1.5})", ""},
          {"/metadata/labels", R"({"a": {}})",
           svc + "metadata.labels.a: expected a string, got a mapping"},
          {"/metadata/labels", "[]",
           svc + "metadata.labels: expected a mapping of strings, got a list"},
          {"/metadata/annotations", R"({"a": ["x"]})",
           svc + "metadata.annotations.a: expected a string, got a list"},
          {"/metadata/managedFields", R"("not even a list")", ""},
          {"/metadata/name", "5", ""},
          {"/metadata/name", nullptr, "src: Service prod/: metadata.name: required"},
          {"/metadata", R"("web")", R"(src: Service : metadata: expected a mapping, got "web")"},
          {"/metadata", "null", "src: Service : metadata.name: required"},
          {"/apiVersion", R"("v2")", svc + R"(apiVersion: "v2" is not supported (want v1))"},
          {"/apiVersion", nullptr, svc + R"(apiVersion: "" is not supported (want v1))"},
          {"/kind", nullptr, "src: kind: required"},
          {"/kind", "{}", "src: kind: expected a string, got a mapping"},
      });
}

TEST(k8sDecodeJson, EndpointSliceFieldsDecodeAsInManifests) {
  const std::string es = "src: EndpointSlice prod/web-abc: ";
  ExpectParity(
      kSlice,
      {
          {"/endpoints/0/conditions/ready", "false", ""},
          {"/endpoints/0/conditions/ready", "null", ""},
          {"/endpoints/0/conditions/ready", "1",
           es + R"(endpoints[0].conditions.ready: expected true or false, got "1")"},
          {"/endpoints/0/conditions/ready", "[]",
           es + "endpoints[0].conditions.ready: expected true or false, got a list"},
          {"/endpoints/0/conditions", R"("ready")",
           es + R"(endpoints[0].conditions: expected a mapping, got "ready")"},
          {"/endpoints/0/addresses", R"(["10.244.1.5", "fd00::5"])",
           es +
               R"(endpoints[0].addresses[1]: "fd00::5" is not an address of the slice's addressType)"},
          {"/endpoints/0/addresses", "[]",
           es + "endpoints[0].addresses: at least one address is required"},
          {"/endpoints/0/addresses", "[123]",
           es + R"(endpoints[0].addresses[0]: "123" is not an address of the slice's addressType)"},
          {"/endpoints/0/addresses", nullptr,
           es + "endpoints[0].addresses: at least one address is required"},
          {"/endpoints/0/hints/forZones", R"([{"name": 1}, {}])", ""},
          {"/endpoints/0/hints/forZones/0", R"("z1")",
           es + R"(endpoints[0].hints.forZones[0]: expected a mapping, got "z1")"},
          {"/endpoints", "null", ""},
          {"/addressType", nullptr, es + "addressType: required (IPv4, IPv6 or FQDN)"},
          {"/addressType", "4", es + R"(addressType: unknown value "4" (want IPv4, IPv6 or FQDN))"},
          {"/ports/0/port", "null", ""},
          {"/ports/0/port", nullptr, ""},
          {"/ports/0/port", "0", es + "ports[0].port: 0 is not a port (1-65535)"},
          {"/ports/0/port", R"("http")", es + R"(ports[0].port: expected an integer, got "http")"},
          {"/ports/0/protocol", "true",
           es + R"(ports[0].protocol: unknown protocol "true" (want TCP, UDP or SCTP))"},
          {"/apiVersion", R"("discovery.k8s.io/v1beta1")",
           es +
               R"(apiVersion: "discovery.k8s.io/v1beta1" is not supported (want discovery.k8s.io/v1))"},
      });
}

TEST(k8sDecodeJson, NodeFieldsDecodeAsInManifests) {
  const std::string node = "src: Node node-a: ";
  ExpectParity(
      kNode,
      {
          {"/spec/podCIDRs", nullptr, ""},
          {"/spec/podCIDRs", "null", ""},
          {"/spec/podCIDRs", "[]", ""},
          {"/spec/podCIDRs", R"(["10.244.1.0"])",
           node + R"(spec.podCIDRs[0]: "10.244.1.0" is not a CIDR)"},
          {"/spec/podCIDRs", "[24]", node + R"(spec.podCIDRs[0]: "24" is not a CIDR)"},
          {"/spec/podCIDRs", R"(["10.244.1.0/24", null])",
           node + "spec.podCIDRs[1]: expected a string, got null"},
          {"/spec/podCIDRs", R"("10.244.1.0/24")",
           node + R"(spec.podCIDRs: expected a list of strings, got "10.244.1.0/24")"},
          {"/spec/podCIDR", R"("bad")", ""},
          {"/spec/podCIDRs", "{}",
           node + "spec.podCIDRs: expected a list of strings, got a mapping"},
          {"/spec/taints", R"([{"key": "a"}, {"key": null}, {}])", ""},
          {"/spec/taints", R"({"key": "a"})", node + "spec.taints: expected a list, got a mapping"},
          {"/metadata/deletionTimestamp", R"("2026-01-01T00:00:00Z")", ""},
          {"/metadata/deletionTimestamp", "{}",
           node + "metadata.deletionTimestamp: expected a string, got a mapping"},
          {"/status/addresses", R"([{"type": "InternalIP", "address": 5}])", ""},
          {"/status/addresses/0/address", "[]",
           node + "status.addresses[0].address: expected a string, got a list"},
          {"/status", "true", node + R"(status: expected a mapping, got "true")"},
      });
  // podCIDR only counts when podCIDRs is absent or empty.
  Edit no_list{"/spec/podCIDRs", nullptr, ""};
  nlohmann::json j = Apply(kNode, no_list);
  j["spec"]["podCIDR"] = "bad";
  EXPECT_EQ(Outcome(DecodeJsonObject(j, "src")), node + R"(spec.podCIDR: "bad" is not a CIDR)");
  EXPECT_EQ(WithoutPosition(Outcome(DecodeObject(j.dump(), "src"))),
            Outcome(DecodeJsonObject(j, "src")));
}

// Where JSON and YAML text differ, a JSON scalar reads as its JSON text with
// no quoting: a string where a number or boolean is wanted is judged by its
// text ("80" is a port, "no" is false), unlike a quoted scalar in a manifest.
TEST(k8sDecodeJson, JsonScalarsReadAsTheirText) {
  struct Case {
    const char* base;
    Edit edit;
    std::string manifest;  // the manifest text's outcome
  };
  const std::string svc = "src: Service prod/web: ";
  const std::string es = "src: EndpointSlice prod/web-abc: ";
  const std::vector<Case> cases = {
      {kService,
       {"/spec/ports/0/port", R"("80")", ""},
       svc + R"(spec.ports[0].port: expected an integer, got the string "80")"},
      {kService,
       {"/spec/ports/0/port", R"("70000")",
        svc + "spec.ports[0].port: 70000 is not a port (1-65535)"},
       svc + R"(spec.ports[0].port: expected an integer, got the string "70000")"},
      {kService,
       {"/spec/ports/0/nodePort", R"("30080")", ""},
       svc + R"(spec.ports[0].nodePort: expected an integer, got the string "30080")"},
      {kService,
       {"/spec/sessionAffinityConfig/clientIP/timeoutSeconds", R"("600")", ""},
       svc +
           R"(spec.sessionAffinityConfig.clientIP.timeoutSeconds: expected an integer, got the string "600")"},
      {kSlice,
       {"/endpoints/0/conditions/ready", R"("true")", ""},
       es + R"(endpoints[0].conditions.ready: expected true or false, got "true")"},
      {kSlice,
       {"/endpoints/0/conditions/serving", R"("no")", ""},
       es + R"(endpoints[0].conditions.serving: expected true or false, got "no")"},
      {kSlice,
       {"/endpoints/0/conditions/terminating", R"("maybe")",
        es + R"(endpoints[0].conditions.terminating: expected true or false, got "maybe")"},
       es + R"(endpoints[0].conditions.terminating: expected true or false, got "maybe")"},
      {kSlice,
       {"/ports/0/port", R"("8080")", ""},
       es + R"(ports[0].port: expected an integer, got the string "8080")"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(Describe(c.base, c.edit));
    const nlohmann::json j = Apply(c.base, c.edit);
    EXPECT_EQ(Outcome(DecodeJsonObject(j, "src")), c.edit.want.empty() ? "ok" : c.edit.want);
    EXPECT_EQ(WithoutPosition(Outcome(DecodeObject(j.dump(), "src"))),
              c.manifest.empty() ? "ok" : c.manifest);
  }
  nlohmann::json j = Apply(kService, {"/spec/ports/0/port", R"("80")", ""});
  EXPECT_EQ(std::get<Service>(*DecodeJsonObject(j, "src")).ports.at(0).port, 80);
  j = Apply(kSlice, {"/endpoints/0/conditions/serving", R"("no")", ""});
  EXPECT_EQ(std::get<EndpointSlice>(*DecodeJsonObject(j, "src")).endpoints.at(0).conditions.serving,
            false);
  j = Apply(kService, {"/metadata/labels", R"({"n": 1.50, "u": 18446744073709551615})", ""});
  const std::map<std::string, std::string> want = {{"n", "1.5"}, {"u", "18446744073709551615"}};
  EXPECT_EQ(std::get<Service>(*DecodeJsonObject(j, "src")).meta.labels, want);
}

TEST(k8sDecodeJson, WhatIsNotOneObjectOfAKnownKind) {
  EXPECT_EQ(Outcome(DecodeJsonObject(nlohmann::json::array(), "src")),
            "src: expected a JSON object");
  EXPECT_EQ(Outcome(DecodeJsonObject(nullptr, "src")), "src: expected a JSON object");
  EXPECT_EQ(Outcome(DecodeJsonObject(nlohmann::json::object(), "src")), "src: kind: required");
  nlohmann::json j = Apply(kService, {"/kind", R"("ConfigMap")", ""});
  EXPECT_EQ(Outcome(DecodeJsonObject(j, "src")),
            "src: want a Service, EndpointSlice or Node, found src: kind \"ConfigMap\" ignored");
  j = Apply(kService, {"/kind", "5", ""});
  EXPECT_EQ(Outcome(DecodeJsonObject(j, "src")),
            "src: want a Service, EndpointSlice or Node, found src: kind \"5\" ignored");
  // A List is not one object, whatever its items.
  j = nlohmann::json{
      {"kind", "List"}, {"apiVersion", "v1"}, {"items", {nlohmann::json::parse(kNode)}}};
  EXPECT_EQ(Outcome(DecodeJsonObject(j, "src")),
            "src: want a Service, EndpointSlice or Node, found src: kind \"List\" ignored");
}

}  // namespace
}  // namespace ki::k8s
