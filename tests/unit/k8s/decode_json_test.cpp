// Decoding of API objects already parsed as JSON (the API source's path):
// the same objects as from manifest text, the same checks, and managedFields
// never converted.
#include "pkg/k8s/decode_json.h"

#include <gtest/gtest.h>

#include <string>

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

}  // namespace
}  // namespace ki::k8s
