// The test API server's writes, over the real libcurl client and the curl
// program: create/get/replace/delete with the real server's status codes
// and metav1.Status bodies, namespaced and cluster-scoped paths, RBAC-style
// 403s, injected write faults, and writes to Services and EndpointSlices
// reaching running watches.
#include <gtest/gtest.h>

#include <fstream>

#include "pkg/k8s/client/watch_event.h"
#include "tests/k8s_api/write_fixture.h"

namespace ki::k8s::testapi {
namespace {

using client::EventType;

struct Answer {
  long status = 0;  // NOLINT(google-runtime-int): curl's type
  nlohmann::json body;
};

class ServerWriteTest : public WriteTest {
 protected:
  Answer Send(const std::string& method, const std::string& path,
              const nlohmann::json& body = nullptr) {
    if (!http_) http_ = Http(TokenConfig());
    return SendWith(*http_, method, path, body);
  }
  static Answer SendWith(client::HttpClient& http, const std::string& method,
                         const std::string& path, const nlohmann::json& body) {
    std::string got;
    const client::BodySink sink = [&got](std::string_view chunk) {
      got.append(chunk);
      return true;
    };
    Result<client::HttpResponse> response = http.Send(
        {method, path, body.is_null() ? "" : body.dump()}, sink, client::RequestOptions{});
    EXPECT_TRUE(response.ok()) << response.status().message();
    if (!response.ok()) return {};
    const std::string& text = response->status < 300 ? got : response->error_body;
    return {response->status, nlohmann::json::parse(text, nullptr, false)};
  }
  static nlohmann::json ConfigMap(const std::string& value) {
    return {{"apiVersion", "v1"},
            {"kind", "ConfigMap"},
            {"metadata", {{"name", "cm"}, {"namespace", "kube-system"}}},
            {"data", {{"k", value}}}};
  }

  void TearDown() override {
    http_.reset();  // close the connection before the server stops (no keep-alive wait)
    WriteTest::TearDown();
  }

  std::unique_ptr<client::HttpClient> http_;
};

constexpr const char* kConfigMaps = "/api/v1/namespaces/kube-system/configmaps";
constexpr const char* kConfigMap = "/api/v1/namespaces/kube-system/configmaps/cm";

TEST_F(ServerWriteTest, CreateAndCreateAgain) {
  const Answer created = Send("POST", kConfigMaps, ConfigMap("a"));
  EXPECT_EQ(created.status, 201);
  EXPECT_EQ(created.body["kind"], "ConfigMap");
  EXPECT_EQ(created.body["data"]["k"], "a");
  for (const char* field : {"resourceVersion", "uid", "creationTimestamp"}) {
    EXPECT_TRUE(created.body["metadata"][field].is_string()) << field;
  }
  const Answer again = Send("POST", kConfigMaps, ConfigMap("b"));
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.body["reason"], "AlreadyExists");
  EXPECT_EQ(again.body["message"], "configmaps \"cm\" already exists");
  EXPECT_EQ(again.body["details"], (nlohmann::json{{"name", "cm"}, {"kind", "configmaps"}}));
  EXPECT_EQ(Send("GET", kConfigMap).body["data"]["k"], "a");
}

TEST_F(ServerWriteTest, ReplaceChecksTheResourceVersion) {
  const std::string rv =
      Send("POST", kConfigMaps, ConfigMap("a")).body["metadata"]["resourceVersion"];
  nlohmann::json update = ConfigMap("b");
  update["metadata"]["resourceVersion"] = rv;
  const Answer replaced = Send("PUT", kConfigMap, update);
  ASSERT_EQ(replaced.status, 200);
  EXPECT_NE(replaced.body["metadata"]["resourceVersion"], rv);
  const Answer stale = Send("PUT", kConfigMap, update);  // rv is now old
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.body["reason"], "Conflict");
  EXPECT_EQ(stale.body["message"],
            "Operation cannot be fulfilled on configmaps \"cm\": the object has been modified; "
            "please apply your changes to the latest version and try again");
  const Answer unconditional = Send("PUT", kConfigMap, ConfigMap("c"));  // no rv: allowed
  EXPECT_EQ(unconditional.status, 200);
  const std::string current = unconditional.body["metadata"]["resourceVersion"];
  const Answer same = Send("PUT", kConfigMap, ConfigMap("c"));
  EXPECT_EQ(same.body["metadata"]["resourceVersion"], current);  // nothing changed, no new rv
  EXPECT_EQ(Send("PUT", "/api/v1/namespaces/kube-system/configmaps/other", ConfigMap("c")).status,
            400);  // the body names another object
}

TEST_F(ServerWriteTest, DeleteAndWhatIsNotThere) {
  ASSERT_EQ(Send("POST", kConfigMaps, ConfigMap("a")).status, 201);
  const Answer deleted = Send("DELETE", kConfigMap);
  EXPECT_EQ(deleted.status, 200);
  EXPECT_EQ(deleted.body["status"], "Success");
  const Answer gone = Send("GET", kConfigMap);
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(gone.body["reason"], "NotFound");
  EXPECT_EQ(gone.body["message"], "configmaps \"cm\" not found");
  EXPECT_EQ(Send("PUT", kConfigMap, ConfigMap("a")).status, 404);
  EXPECT_EQ(Send("DELETE", kConfigMap).status, 404);
}

TEST_F(ServerWriteTest, PathsAndScopes) {
  const nlohmann::json crb = {{"apiVersion", "rbac.authorization.k8s.io/v1"},
                              {"kind", "ClusterRoleBinding"},
                              {"metadata", {{"name", "kubeadm:node-proxier"}}}};
  EXPECT_EQ(Send("POST", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", crb).status,
            201);
  const Answer got =
      Send("GET", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/kubeadm:node-proxier");
  EXPECT_EQ(got.status, 200);
  EXPECT_FALSE(got.body["metadata"].contains("namespace"));
  // Not served: a cluster-scoped resource in a namespace, an unknown
  // resource, a resource under the wrong group.
  EXPECT_EQ(Send("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/x/clusterrolebindings", crb)
                .status,
            404);
  EXPECT_EQ(Send("GET", "/apis/apps/v1/namespaces/x/statefulsets").status, 404);
  EXPECT_EQ(Send("GET", "/apis/apps/v1/namespaces/x/configmaps").status, 404);
  // The body's namespace must be the path's; POST goes to a collection.
  EXPECT_EQ(Send("POST", "/api/v1/namespaces/default/configmaps", ConfigMap("a")).status, 400);
  EXPECT_EQ(Send("POST", kConfigMap, ConfigMap("a")).status, 405);
  nlohmann::json unnamed = ConfigMap("a");
  unnamed["metadata"].erase("name");
  EXPECT_EQ(Send("POST", kConfigMaps, unnamed).body["reason"], "Invalid");
}

TEST_F(ServerWriteTest, NamespacedListsHoldOneNamespace) {
  AddServices(20);
  const Answer list = Send("GET", "/api/v1/namespaces/ns-3/services");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body["kind"], "ServiceList");
  ASSERT_EQ(list.body["items"].size(), 2u);  // svc-3, svc-13
  for (const auto& item : list.body["items"]) EXPECT_EQ(item["metadata"]["namespace"], "ns-3");
}

TEST_F(ServerWriteTest, ForbiddenWritesSayWhatWasRefusedWhere) {
  const client::RestConfig config = RestartForForbiddenUser();
  auto http = Http(config);
  const Answer denied = SendWith(*http, "POST", kConfigMaps, ConfigMap("a"));
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.body["message"],
            "configmaps is forbidden: User \"system:forbidden\" cannot create resource "
            "\"configmaps\" in API group \"\" in the namespace \"kube-system\"");
  const Answer update =
      SendWith(*http, "PUT", "/apis/apps/v1/namespaces/kube-system/daemonsets/kube-proxy",
               nlohmann::json::object());
  EXPECT_EQ(update.body["message"],
            "daemonsets.apps \"kube-proxy\" is forbidden: User \"system:forbidden\" cannot update "
            "resource \"daemonsets\" in API group \"apps\" in the namespace \"kube-system\"");
  EXPECT_TRUE(server_->state().Snapshot("configmaps").empty());
}

TEST_F(ServerWriteTest, InjectedWriteFaults) {
  server_->InjectFault(Target::kWrite, Fault::kConcurrentWrite);
  server_->InjectFault(Target::kWrite, Fault::kStatus500);
  // The POST takes the 500 (a concurrent write only fires on a PUT).
  EXPECT_EQ(Send("POST", kConfigMaps, ConfigMap("a")).status, 500);
  const Answer created = Send("POST", kConfigMaps, ConfigMap("a"));
  ASSERT_EQ(created.status, 201);
  nlohmann::json update = ConfigMap("b");
  update["metadata"]["resourceVersion"] = created.body["metadata"]["resourceVersion"];
  EXPECT_EQ(Send("PUT", kConfigMap, update).body["reason"], "Conflict");
  EXPECT_EQ(server_->faults_fired(), 2);
}

TEST_F(ServerWriteTest, WritesToServicesAndEndpointSlicesReachWatches) {
  RecordingSink services;
  RecordingSink slices;
  RunningReflector watch_services(NewReflector(client::ServicesResource(), TokenConfig()),
                                  services);
  RunningReflector watch_slices(NewReflector(client::EndpointSlicesResource(), TokenConfig()),
                                slices);
  ASSERT_TRUE(Converges(services));
  nlohmann::json svc = ServiceObject(1);
  svc["metadata"]["namespace"] = "default";
  ASSERT_EQ(Send("POST", "/api/v1/namespaces/default/services", svc).status, 201);
  ASSERT_TRUE(Converges(services));
  svc["spec"]["ports"][0]["port"] = 8080;
  ASSERT_EQ(Send("PUT", "/api/v1/namespaces/default/services/svc-1", svc).status, 200);
  ASSERT_TRUE(Converges(services));
  const nlohmann::json slice = {
      {"apiVersion", "discovery.k8s.io/v1"},
      {"kind", "EndpointSlice"},
      {"metadata", {{"name", "svc-1-abc"}, {"labels", {{"kubernetes.io/service-name", "svc-1"}}}}},
      {"addressType", "IPv4"},
      {"endpoints", {{{"addresses", {"10.244.1.5"}}}}}};
  ASSERT_EQ(
      Send("POST", "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices", slice).status,
      201);
  ASSERT_TRUE(Converges(slices, "endpointslices"));
  ASSERT_EQ(Send("DELETE", "/api/v1/namespaces/default/services/svc-1").status, 200);
  ASSERT_TRUE(Converges(services));
  EXPECT_EQ(services.count(EventType::kAdded, "default/svc-1"), 1);
  EXPECT_EQ(services.count(EventType::kModified, "default/svc-1"), 1);
  EXPECT_EQ(services.count(EventType::kDeleted, "default/svc-1"), 1);
  EXPECT_EQ(slices.count(EventType::kAdded, "default/svc-1-abc"), 1);
}

// As the VM scenario drives the server: the curl program with a token.
TEST_F(ServerWriteTest, CurlProgramWritesAService) {
  if (RunCommand("curl --version").exit_code != 0) GTEST_SKIP() << "curl is not installed";
  const std::string body = pki_->path("svc-" + std::to_string(server_->port()) + ".json");
  files_.push_back(body);
  std::ofstream(body) << nlohmann::json{{"apiVersion", "v1"},
                                        {"kind", "Service"},
                                        {"metadata", {{"name", "web"}}},
                                        {"spec", {{"clusterIP", "10.96.0.50"}}}}
                             .dump();
  const std::string curl = "curl -sS --cacert " + pki_->path("ca.crt") +
                           " -H 'Authorization: Bearer " + kGoodToken +
                           "' -H 'Content-Type: application/json' -w '%{http_code}' ";
  const CommandResult posted =
      RunCommand(curl + "-o /dev/null -X POST --data-binary @" + body + " " + server_->url() +
                 "/api/v1/namespaces/default/services");
  EXPECT_EQ(posted.output, "201") << posted.output;
  EXPECT_EQ(Stored("services", "default/web")["spec"]["clusterIP"], "10.96.0.50");
  const CommandResult deleted = RunCommand(curl + "-o /dev/null -X DELETE " + server_->url() +
                                           "/api/v1/namespaces/default/services/web");
  EXPECT_EQ(deleted.output, "200") << deleted.output;
  EXPECT_TRUE(Stored("services", "default/web").is_null());
}

}  // namespace
}  // namespace ki::k8s::testapi
