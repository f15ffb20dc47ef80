// Decoding of Service, EndpointSlice and Node manifests: every field the
// engine reads, YAML and JSON, multi-document and List, and the errors.
// Suite names start with "k8s" so `ctest -R 'k8s'` selects them.
#include "pkg/k8s/decode.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "pkg/k8s/decode_json.h"

namespace ki::k8s {
namespace {

template <typename T>
T DecodeOne(const std::string& text) {
  Result<DecodedObjects> r = DecodeManifests(text, "t.yaml");
  EXPECT_TRUE(r.ok()) << r.status().message();
  if (!r.ok() || r->objects.size() != 1) {
    ADD_FAILURE() << "want one object";
    return T{};
  }
  return std::get<T>(r->objects[0]);
}

std::string ErrorOf(const std::string& text) {
  Result<DecodedObjects> r = DecodeManifests(text, "t.yaml");
  EXPECT_FALSE(r.ok());
  return r.ok() ? "" : r.status().message();
}

TEST(k8sDecodeService, EveryFieldTheEngineReads) {
  const Service s = DecodeOne<Service>(R"(
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: prod
  labels: {app: web, service.kubernetes.io/service-proxy-name: other}
spec:
  type: LoadBalancer
  clusterIP: 10.96.0.10
  clusterIPs: [10.96.0.10, "fd00::10"]
  ipFamilies: [IPv4, IPv6]
  ports:
  - {name: http, protocol: TCP, port: 80, targetPort: 8080, nodePort: 30080}
  - {name: dns, protocol: UDP, port: 53, targetPort: dns}
  - {name: sig, protocol: SCTP, port: 9000}
  externalIPs: [192.0.2.1]
  sessionAffinity: ClientIP
  sessionAffinityConfig: {clientIP: {timeoutSeconds: 600}}
  externalTrafficPolicy: Local
  internalTrafficPolicy: Local
  healthCheckNodePort: 32000
  loadBalancerSourceRanges: [203.0.113.0/24]
status:
  loadBalancer:
    ingress: [{ip: 198.51.100.7}, {hostname: lb.example.com}, {ip: 198.51.100.8, ipMode: Proxy}]
)");
  EXPECT_EQ(s.meta.id, (ObjectName{"prod", "web"}));
  EXPECT_TRUE(s.HasOtherProxy());
  EXPECT_EQ(s.type, ServiceType::kLoadBalancer);
  EXPECT_EQ(s.cluster_ips, (std::vector<std::string>{"10.96.0.10", "fd00::10"}));
  EXPECT_EQ(s.ip_families, (std::vector<IpFamily>{IpFamily::kIPv4, IpFamily::kIPv6}));
  ASSERT_EQ(s.ports.size(), 3u);
  EXPECT_EQ(s.ports[0], (ServicePort{"http", Protocol::kTcp, 80, "8080", 30080}));
  EXPECT_EQ(s.ports[1], (ServicePort{"dns", Protocol::kUdp, 53, "dns", 0}));
  EXPECT_EQ(s.ports[2].protocol, Protocol::kSctp);
  EXPECT_EQ(s.external_ips, (std::vector<std::string>{"192.0.2.1"}));
  EXPECT_EQ(s.session_affinity, SessionAffinity::kClientIP);
  EXPECT_EQ(s.affinity_timeout_seconds, 600);
  EXPECT_EQ(s.external_traffic_policy, TrafficPolicy::kLocal);
  EXPECT_EQ(s.internal_traffic_policy, TrafficPolicy::kLocal);
  EXPECT_EQ(s.health_check_node_port, 32000);
  EXPECT_EQ(s.lb_source_ranges, (std::vector<std::string>{"203.0.113.0/24"}));
  ASSERT_EQ(s.lb_ingress.size(), 3u);
  EXPECT_EQ(s.lb_ingress[0].ip, "198.51.100.7");
  EXPECT_EQ(s.lb_ingress[1].hostname, "lb.example.com");
  EXPECT_EQ(s.lb_ingress[2].ip_mode, "Proxy");
}

TEST(k8sDecodeService, DefaultsAndShapes) {
  const Service plain = DecodeOne<Service>(
      "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n"
      "spec: {clusterIP: 10.0.0.1, ports: [{port: 80}]}\n");
  EXPECT_EQ(plain.type, ServiceType::kClusterIP);
  EXPECT_EQ(plain.cluster_ips, (std::vector<std::string>{"10.0.0.1"}));
  EXPECT_EQ(plain.ports[0].protocol, Protocol::kTcp);
  EXPECT_EQ(plain.session_affinity, SessionAffinity::kNone);
  EXPECT_EQ(plain.affinity_timeout_seconds, kDefaultAffinityTimeoutSeconds);
  EXPECT_EQ(plain.external_traffic_policy, TrafficPolicy::kCluster);
  EXPECT_FALSE(plain.HasOtherProxy());

  const Service headless = DecodeOne<Service>(
      "apiVersion: v1\nkind: Service\nmetadata: {name: h}\nspec: {clusterIP: None}\n");
  EXPECT_TRUE(headless.IsHeadless());

  const Service ext = DecodeOne<Service>(
      "apiVersion: v1\nkind: Service\nmetadata: {name: e}\n"
      "spec: {type: ExternalName, externalName: db.example.com}\n");
  EXPECT_EQ(ext.type, ServiceType::kExternalName);
  EXPECT_EQ(ext.external_name, "db.example.com");
}

TEST(k8sDecodeService, Json) {
  const Service s = DecodeOne<Service>(R"({"apiVersion":"v1","kind":"Service",
    "metadata":{"name":"j","namespace":"ns"},
    "spec":{"type":"NodePort","clusterIP":"10.0.0.2","ports":[{"port":443,"nodePort":30443}]}})");
  EXPECT_EQ(s.meta.id.ToString(), "ns/j");
  EXPECT_EQ(s.ports[0].node_port, 30443);
}

TEST(k8sDecodeEndpointSlice, EveryFieldTheEngineReads) {
  const EndpointSlice s = DecodeOne<EndpointSlice>(R"(
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: web-abc
  namespace: prod
  labels: {kubernetes.io/service-name: web}
addressType: IPv4
endpoints:
- addresses: [10.244.1.5]
  conditions: {ready: true, serving: true, terminating: false}
  nodeName: node-a
  zone: zone-1
  hints: {forZones: [{name: zone-1}, {name: zone-2}]}
- addresses: [10.244.2.6]
ports:
- {name: http, protocol: TCP, port: 8080}
- {name: dns, protocol: UDP, port: 53}
)");
  EXPECT_EQ(s.ServiceName(), (ObjectName{"prod", "web"}));
  ASSERT_EQ(s.endpoints.size(), 2u);
  const Endpoint& a = s.endpoints[0];
  EXPECT_EQ(a.node_name, "node-a");
  EXPECT_EQ(a.zone, "zone-1");
  EXPECT_EQ(a.hint_zones, (std::vector<std::string>{"zone-1", "zone-2"}));
  EXPECT_TRUE(a.conditions.IsReady());
  // Absent conditions: ready and serving unknown (true), terminating false.
  const EndpointConditions& b = s.endpoints[1].conditions;
  EXPECT_FALSE(b.ready.has_value());
  EXPECT_TRUE(b.IsReady());
  EXPECT_TRUE(b.IsServing());
  EXPECT_FALSE(b.IsTerminating());
  ASSERT_EQ(s.ports.size(), 2u);
  EXPECT_EQ(s.ports[1], (EndpointPort{"dns", Protocol::kUdp, 53}));
}

TEST(k8sDecodeEndpointSlice, TerminatingServingAsYaml11Booleans) {
  const EndpointSlice s = DecodeOne<EndpointSlice>(
      "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: s}\n"
      "addressType: IPv6\nendpoints:\n"
      "- addresses: ['fd00::5']\n  conditions: {ready: no, serving: True, terminating: on}\n");
  const EndpointConditions& c = s.endpoints[0].conditions;
  EXPECT_FALSE(c.IsReady());
  EXPECT_EQ(c.ready, std::optional<bool>(false));
  EXPECT_TRUE(c.IsServing());
  EXPECT_TRUE(c.IsTerminating());
  EXPECT_EQ(s.address_type, AddressType::kIPv6);
}

TEST(k8sDecodeNode, NameLabelsAddresses) {
  const Node n = DecodeOne<Node>(R"(
apiVersion: v1
kind: Node
metadata: {name: node-a, labels: {topology.kubernetes.io/zone: zone-1}}
status:
  addresses: [{type: InternalIP, address: 192.168.1.10}, {type: Hostname, address: node-a}]
)");
  EXPECT_EQ(n.meta.id.name, "node-a");
  EXPECT_EQ(n.Zone(), "zone-1");
  ASSERT_EQ(n.addresses.size(), 2u);
  EXPECT_EQ(n.addresses[0], (NodeAddress{"InternalIP", "192.168.1.10"}));
}

TEST(k8sDecodeNode, EligibleUnlessDeletingOrTaintedForDeletion) {
  const Node plain = DecodeOne<Node>("apiVersion: v1\nkind: Node\nmetadata: {name: a}\n");
  EXPECT_TRUE(plain.Eligible());
  const Node deleting = DecodeOne<Node>(
      "apiVersion: v1\nkind: Node\nmetadata: {name: a, deletionTimestamp: "
      "\"2026-11-26T00:00:00Z\"}\n");
  EXPECT_TRUE(deleting.deleting);
  EXPECT_FALSE(deleting.Eligible());
  const Node tainted = DecodeOne<Node>(R"(
apiVersion: v1
kind: Node
metadata: {name: a}
spec:
  taints:
  - {key: node.kubernetes.io/unschedulable, effect: NoSchedule}
  - {key: ToBeDeletedByClusterAutoscaler, value: "1732579200", effect: NoSchedule}
)");
  EXPECT_EQ(tainted.taint_keys.size(), 2u);
  EXPECT_FALSE(tainted.Eligible());
  const Node cordoned = DecodeOne<Node>(
      "apiVersion: v1\nkind: Node\nmetadata: {name: a}\nspec: {taints: [{key: "
      "node.kubernetes.io/unschedulable, effect: NoSchedule}]}\n");
  EXPECT_TRUE(cordoned.Eligible());  // cordoned is not leaving
}

TEST(k8sDecodeNode, PodCidrsPrimaryFirst) {
  const Node n = DecodeOne<Node>(R"(
apiVersion: v1
kind: Node
metadata: {name: a}
spec: {podCIDR: 10.244.3.0/24, podCIDRs: [10.244.3.0/24, 'fd00:244:0:3::/64']}
)");
  EXPECT_EQ(n.pod_cidrs, (std::vector<std::string>{"10.244.3.0/24", "fd00:244:0:3::/64"}));
}

TEST(k8sDecodeNode, PodCidrWhenPodCidrsIsAbsent) {
  const Node n = DecodeOne<Node>(
      "apiVersion: v1\nkind: Node\nmetadata: {name: a}\nspec: {podCIDR: 10.244.3.0/24}\n");
  EXPECT_EQ(n.pod_cidrs, std::vector<std::string>{"10.244.3.0/24"});
  const Node none = DecodeOne<Node>("apiVersion: v1\nkind: Node\nmetadata: {name: a}\n");
  EXPECT_TRUE(none.pod_cidrs.empty());
}

TEST(k8sDecodeNode, PodCidrsFromJson) {
  Result<Object> r =
      DecodeObject(R"({"apiVersion":"v1","kind":"Node","metadata":{"name":"a"},)"
                   R"("spec":{"podCIDR":"fd00:244::/64","podCIDRs":["fd00:244::/64"]}})",
                   "watch event");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(std::get<Node>(*r).pod_cidrs, std::vector<std::string>{"fd00:244::/64"});
}

TEST(k8sDecodeManifests, MultiDocumentListAndSkippedKinds) {
  Result<DecodedObjects> r = DecodeManifests(R"(
apiVersion: v1
kind: Service
metadata: {name: a}
spec: {clusterIP: 10.0.0.1, ports: [{port: 80}]}
---
---
apiVersion: v1
kind: List
items:
- apiVersion: discovery.k8s.io/v1
  kind: EndpointSlice
  metadata: {name: a-1, labels: {kubernetes.io/service-name: a}}
  addressType: IPv4
  endpoints: [{addresses: [10.1.0.1]}]
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: d}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: c}
)",
                                             "m.yaml");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->objects.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<Service>(r->objects[0]));
  EXPECT_TRUE(std::holds_alternative<EndpointSlice>(r->objects[1]));
  ASSERT_EQ(r->skipped.size(), 2u);
  EXPECT_NE(r->skipped[0].find("kind \"Deployment\" ignored"), std::string::npos);
  EXPECT_NE(r->skipped[1].find("m.yaml:"), std::string::npos);
}

// Real `kubectl get svc,endpointslices -o json` output: a List full of fields
// the proxy does not read (managedFields, targetRef, appProtocol, ...).
TEST(k8sDecodeManifests, KubectlJsonList) {
  std::ifstream in("tests/unit/k8s/testdata/kubectl_get_svc_eps.json");
  ASSERT_TRUE(in) << "run from the repository root";
  std::stringstream text;
  text << in.rdbuf();
  Result<DecodedObjects> r = DecodeManifests(text.str(), "kubectl.json");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->objects.size(), 2u);
  const Service& svc = std::get<Service>(r->objects[0]);
  EXPECT_EQ(svc.type, ServiceType::kLoadBalancer);
  EXPECT_EQ(svc.ports[0], (ServicePort{"http", Protocol::kTcp, 80, "http", 31080}));
  EXPECT_EQ(svc.lb_ingress[0].ip_mode, "VIP");
  const EndpointSlice& eps = std::get<EndpointSlice>(r->objects[1]);
  EXPECT_EQ(eps.ServiceName(), (ObjectName{"default", "web"}));
  EXPECT_EQ(eps.endpoints[0].node_name, "worker-1");
}

// A List with no items key is empty, as one with `items: null` or `[]` is.
TEST(k8sDecodeManifests, ListWithoutItemsIsNoObjects) {
  for (const char* items : {"", "items: null\n", "items: []\n"}) {
    Result<DecodedObjects> r =
        DecodeManifests(std::string("apiVersion: v1\nkind: List\n") + items, "l.yaml");
    ASSERT_TRUE(r.ok()) << items << r.status().message();
    EXPECT_TRUE(r->objects.empty());
    EXPECT_TRUE(r->skipped.empty());
  }
  EXPECT_EQ(ErrorOf("apiVersion: v1\nkind: List\nitems: {}\n"),
            "t.yaml:3:8: items: expected a list, got a mapping");
}

TEST(k8sDecodeManifests, EmptyTextIsNoObjects) {
  Result<DecodedObjects> r = DecodeManifests("", "e.yaml");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->objects.empty());
}

struct ErrorCase {
  const char* text;
  const char* want;  // substring of the message
};

class k8sDecodeErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(k8sDecodeErrors, NamePositionObjectAndField) {
  const std::string msg = ErrorOf(GetParam().text);
  EXPECT_NE(msg.find(GetParam().want), std::string::npos) << msg;
}

constexpr const char* kSvcHead =
    "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: p}\n";

INSTANTIATE_TEST_SUITE_P(
    Cases, k8sDecodeErrors,
    ::testing::Values(
        ErrorCase{"apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: p}\n"
                  "spec:\n  ports:\n  - port: http\n",
                  "t.yaml:6:11: Service p/web: spec.ports[0].port: expected an integer, got "
                  "\"http\""},
        ErrorCase{"apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
                  "spec: {ports: [{port: '80'}]}\n",
                  "spec.ports[0].port: expected an integer, got the string \"80\""},
        ErrorCase{"apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
                  "spec: {ports: [{port: 70000}]}\n",
                  "spec.ports[0].port: 70000 is not a port"},
        ErrorCase{"apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
                  "spec: {ports: [{port: 80, protocol: ICMP}]}\n",
                  "spec.ports[0].protocol: unknown protocol \"ICMP\""},
        ErrorCase{"apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{}]}\n",
                  "spec.ports[0].port: required"},
        ErrorCase{"apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
                  "spec: {type: Balanced}\n",
                  "spec.type: unknown value \"Balanced\" (want one of ClusterIP, NodePort, "
                  "LoadBalancer, ExternalName)"},
        ErrorCase{"apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
                  "spec: {clusterIP: 10.0.0.300}\n",
                  "spec.clusterIPs[0]: \"10.0.0.300\" is not an IP address"},
        ErrorCase{"apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
                  "spec: {externalTrafficPolicy: Nearby}\n",
                  "spec.externalTrafficPolicy: unknown value \"Nearby\""},
        ErrorCase{"apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: 80}\n",
                  "spec.ports: expected a list, got \"80\""},
        ErrorCase{"apiVersion: v1\nkind: Service\nmetadata: {namespace: x}\n",
                  "metadata.name: required"},
        ErrorCase{"apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
                  "spec: {sessionAffinity: ClientIP, sessionAffinityConfig: {clientIP: "
                  "{timeoutSeconds: 0}}}\n",
                  "timeoutSeconds: must be within 1-86400"},
        ErrorCase{"apiVersion: discovery.k8s.io/v1beta1\nkind: EndpointSlice\n"
                  "metadata: {name: s}\naddressType: IPv4\n",
                  "EndpointSlice s: apiVersion: \"discovery.k8s.io/v1beta1\" is not supported "
                  "(want discovery.k8s.io/v1)"},
        ErrorCase{"apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: s}\n",
                  "addressType: required (IPv4, IPv6 or FQDN)"},
        ErrorCase{"apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: s}\n"
                  "addressType: IPv4\nendpoints: [{addresses: ['fd00::1']}]\n",
                  "endpoints[0].addresses[0]: \"fd00::1\" is not an address of the slice's "
                  "addressType"},
        ErrorCase{"apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: s}\n"
                  "addressType: IPv4\nendpoints: [{addresses: [10.0.0.1], conditions: {ready: "
                  "maybe}}]\n",
                  "endpoints[0].conditions.ready: expected true or false, got \"maybe\""},
        ErrorCase{"apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: s}\n"
                  "addressType: IPv4\nendpoints: [{addresses: [10.0.0.1], conditions: {ready: "
                  "'true'}}]\n",
                  "endpoints[0].conditions.ready: expected true or false, got \"true\""},
        ErrorCase{"apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: s}\n"
                  "addressType: IPv4\nendpoints: [{}]\n",
                  "endpoints[0].addresses: at least one address is required"},
        ErrorCase{"apiVersion: v1\nkind: Node\nmetadata: {name: n}\n"
                  "spec: {podCIDRs: [10.244.3.0/24, 'fd00::/129']}\n",
                  "Node n: spec.podCIDRs[1]: \"fd00::/129\" is not a CIDR"},
        ErrorCase{"apiVersion: v1\nkind: Node\nmetadata: {name: n}\nspec: {podCIDR: 10.244.3.1}\n",
                  "Node n: spec.podCIDR: \"10.244.3.1\" is not a CIDR"},
        ErrorCase{"apiVersion: v1\nkind: Node\nmetadata: {name: n}\nspec: {podCIDRs: 10.0.0.0/8}\n",
                  "spec.podCIDRs: expected a list of strings"},
        ErrorCase{"metadata: {name: x}\n", "kind: required"},
        ErrorCase{"- just\n- a list\n", "expected a mapping with a kind"},
        ErrorCase{"apiVersion: v1\nkind: Service\nmetadata: {name: [unclosed\n", "t.yaml:"},
        ErrorCase{"apiVersion: v1\nkind: List\nitems: [{kind: Service, apiVersion: v1, metadata: "
                  "{name: a}, spec: {ports: [{port: x}]}}]\n",
                  "Service a: spec.ports[0].port"}));

// What manifests are written in, whichever reader takes the text (the fast
// one, or libyaml for anchors, block scalars and the like): the same objects
// and positions.
TEST(k8sDecodeManifests, EveryYamlConstructReadsTheSame) {
  const std::string common = R"(# a comment
apiVersion: v1
kind: Service
metadata:
  name: web   # trailing comment
  namespace: "prod"
  labels: {app: 'web', tier: backend}
spec:
  clusterIP: 10.96.0.10
  ports:
  - name: http
    port: 80
    targetPort: "8080"
  - {name: https, port: 443}
---
{"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
 "metadata": {"name": "web-1", "namespace": "prod",
              "labels": {"kubernetes.io/service-name": "web"}},
 "addressType": "IPv4",
 "endpoints": [{"addresses": ["10.244.1.2"], "conditions": {"ready": true}}]}
)";
  Result<DecodedObjects> fast = DecodeManifests(common, "m.yaml");
  ASSERT_TRUE(fast.ok()) << fast.status().message();
  // A last document only libyaml reads: the whole text goes through libyaml.
  const std::string anchored = common + R"(---
apiVersion: v1
kind: Service
metadata:
  name: other
  namespace: prod
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"v1","kind":"Service"}
spec:
  ports: &ports
  - port: 80
  externalIPs: [192.0.2.1]
status: {loadBalancer: {ingress: *ports}}
)";
  Result<DecodedObjects> slow = DecodeManifests(anchored, "m.yaml");
  ASSERT_TRUE(slow.ok()) << slow.status().message();
  ASSERT_EQ(slow->objects.size(), 3u);
  EXPECT_EQ(slow->objects[0], fast->objects[0]);
  EXPECT_EQ(slow->objects[1], fast->objects[1]);
  EXPECT_EQ(slow->where[1], fast->where[1]);
  EXPECT_EQ(fast->where, (std::vector<std::string>{"m.yaml:2:1", "m.yaml:16:1"}));
  const Service& web = std::get<Service>(fast->objects[0]);
  EXPECT_EQ(web.meta.id, (ObjectName{"prod", "web"}));
  EXPECT_EQ(web.ports[0].target_port, "8080");
  EXPECT_EQ(web.ports[1].port, 443);
  const Service& other = std::get<Service>(slow->objects[2]);
  EXPECT_EQ(other.meta.annotations.at("kubectl.kubernetes.io/last-applied-configuration"),
            "{\"apiVersion\":\"v1\",\"kind\":\"Service\"}\n");
  EXPECT_EQ(other.ports.size(), 1u);
  EXPECT_EQ(other.lb_ingress.size(), 1u);  // the aliased list, read as ingress entries
}

TEST(k8sDecodeManifests, MalformedYamlNamesItsPosition) {
  // A bad document after good ones rejects the file, before any object of it
  // is judged; libyaml's words and position.
  std::string text = std::string(kSvcHead) + "spec: {ports: [{port: bad}]}\n---\n";
  text += "apiVersion: v1\nkind: Service\nmetadata: {name: [x}\n";
  Result<DecodedObjects> r = DecodeManifests(text, "t.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "t.yaml:8:20: invalid YAML: while parsing a flow sequence: did not find expected ',' "
            "or ']'");
  r = DecodeManifests(std::string(kSvcHead) + "spec: {ports: *none}\n", "t.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "t.yaml:4:15: invalid YAML: the alias \"*none\" names no anchor before it in its "
            "document");
}

TEST(k8sDecodeObject, ExactlyOne) {
  Result<Object> one =
      DecodeObject(R"({"apiVersion":"v1","kind":"Node","metadata":{"name":"n1"}})", "watch event");
  ASSERT_TRUE(one.ok()) << one.status().message();
  EXPECT_EQ(std::get<Node>(*one).meta.id.name, "n1");
  Result<Object> none = DecodeObject(R"({"apiVersion":"v1","kind":"Pod","metadata":{}})", "ev");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().message(),
            "ev: want one Service, EndpointSlice or Node, found 0 of those and 1 other objects");
}

TEST(k8sDecodeManifests, OneBadDocumentRejectsTheFile) {
  std::string text = kSvcHead;
  text += "spec: {ports: [{port: 80}]}\n---\n";
  text += kSvcHead;
  text += "spec: {ports: [{port: bad}]}\n";
  Result<DecodedObjects> r = DecodeManifests(text, "t.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalidConfig);
  EXPECT_NE(r.status().message().find("t.yaml:9:23:"), std::string::npos) << r.status().message();
}

// kubectl's strict field validation, for files only: unknown fields by path
// and position, kinds that look misspelt, and valid fields the proxy ignores
// (selector, appProtocol, metadata.uid) pass.
TEST(k8sDecodeStrict, UnknownFieldsAndKindsAreWarnedWithTheirPosition) {
  const std::string text = R"(apiVersion: v1
kind: Service
metadata: {name: web, namespace: prod, uid: 1234, labels: {anything: goes}}
spec:
  selector: {app: web}
  clusterIp: 10.96.0.99
  ports:
  - {name: http, port: 80, appProtocol: http, nme: x}
status: {loadBalancer: {ingress: [{ip: 192.0.2.1, ipmode: VIP}]}}
---
apiVersion: discovery.k8s.io/v1
kind: Endpointslice
metadata: {name: web-1}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
)";
  DecodeOptions strict;
  strict.strict = true;
  Result<DecodedObjects> r = DecodeManifests(text, "s.yaml", strict);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->objects.size(), 1u);
  EXPECT_EQ(r->where, std::vector<std::string>{"s.yaml:1:1"});
  EXPECT_EQ(
      r->warnings,
      (std::vector<std::string>{
          "s.yaml:6:3: Service prod/web: unknown field \"spec.clusterIp\" (did you mean "
          "\"spec.clusterIP\"?); it is ignored",
          "s.yaml:8:47: Service prod/web: unknown field \"spec.ports[0].nme\" (did you mean "
          "\"spec.ports[0].name\"?); it is ignored",
          "s.yaml:9:51: Service prod/web: unknown field \"status.loadBalancer.ingress[0].ipmode\" "
          "(did you mean \"status.loadBalancer.ingress[0].ipMode\"?); it is ignored",
          "s.yaml:11:1: unknown kind \"Endpointslice\" (did you mean \"EndpointSlice\"?); the "
          "document is ignored",
          "s.yaml:15:1: kind \"Deployment\" ignored (the proxy reads Service, EndpointSlice, Node "
          "and List)"}));
  // Not strict (the API source's JSON takes the same field checks): no warnings.
  Result<DecodedObjects> lax = DecodeManifests(text, "s.yaml");
  ASSERT_TRUE(lax.ok());
  EXPECT_TRUE(lax->warnings.empty());
  EXPECT_EQ(lax->skipped.size(), 2u);
}

TEST(k8sDecodeStrict, EverySliceAndNodeFieldOfTheApiPasses) {
  const std::string text = R"(apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-1, namespace: d, labels: {kubernetes.io/service-name: web}, ownerReferences: [{kind: Service, name: web}], generation: 2}
addressType: IPv4
endpoints:
- addresses: [10.244.1.2]
  conditions: {ready: true, serving: true, terminating: false}
  hostname: a
  targetRef: {kind: Pod, name: web-a}
  nodeName: n1
  zone: z1
  hints: {forZones: [{name: z1}], forNodes: [{name: n1}]}
ports: [{name: http, port: 8080, protocol: TCP, appProtocol: http}]
---
apiVersion: v1
kind: Node
metadata: {name: n1}
spec: {podCIDR: 10.244.1.0/24, podCIDRs: [10.244.1.0/24], providerID: x, taints: [{key: k, effect: NoSchedule}]}
status: {addresses: [{type: InternalIP, address: 192.0.2.1}], nodeInfo: {kubeletVersion: v1.30.0}}
)";
  DecodeOptions strict;
  strict.strict = true;
  Result<DecodedObjects> r = DecodeManifests(text, "s.yaml", strict);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->objects.size(), 2u);
  EXPECT_TRUE(r->warnings.empty()) << r->warnings.front();
}

TEST(k8sDecodeStrict, AnApiObjectWithUnknownFieldsDecodes) {
  // The API server's objects carry fields newer than this proxy: no complaint.
  Result<Object> o = DecodeJsonObject(
      nlohmann::json::parse(
          R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"a"},"spec":{"newField":1,"ports":[{"port":80}]}})"),
      "watch services");
  EXPECT_TRUE(o.ok()) << o.status().message();
}

TEST(k8sDecodeCancel, ACancelledDecodeStopsBeforeTheEnd) {
  std::string text;
  for (int i = 0; i < 3000; ++i) {
    text += "---\n" + std::string(kSvcHead) + "spec: {ports: [{port: 80}]}\n";
  }
  ASSERT_GT(text.size(), size_t{64 << 10} * 2);  // read in more than two pieces
  int asked = 0;
  DecodeOptions options;
  options.cancelled = [&asked] { return ++asked > 1; };  // true from the second question
  Result<DecodedObjects> r = DecodeManifests(text, "big.yaml", options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "big.yaml: decoding stopped (the proxy is stopping)");
  EXPECT_EQ(asked, 2);
  options.cancelled = [] { return false; };
  EXPECT_TRUE(DecodeManifests(text, "big.yaml", options).ok());
  options.cancelled = [] { return true; };
  EXPECT_FALSE(DecodeManifests("", "empty.yaml", options).ok());
}

}  // namespace
}  // namespace ki::k8s
