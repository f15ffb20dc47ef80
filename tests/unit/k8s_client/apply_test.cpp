// The create-or-update decision over a scripted HTTP client and a fake
// clock: which requests are sent in which order with which bodies, what is
// retried (and how long), and what each failure says.
#include "pkg/k8s/client/apply.h"

#include <gtest/gtest.h>

#include "pkg/k8s/client/testing/fake_clock.h"
#include "pkg/k8s/client/testing/scripted_http_client.h"

namespace ki::k8s::client {
namespace {

using std::chrono::milliseconds;

constexpr const char* kCollection = "/apis/apps/v1/namespaces/kube-system/daemonsets";
constexpr const char* kObject = "/apis/apps/v1/namespaces/kube-system/daemonsets/kube-proxy";

std::string StatusJson(int code, const std::string& reason, const std::string& message) {
  return nlohmann::json{{"kind", "Status"}, {"apiVersion", "v1"}, {"status", "Failure"},
                        {"reason", reason}, {"message", message}, {"code", code}}
      .dump();
}

std::string AlreadyExists() {
  return StatusJson(409, "AlreadyExists", "daemonsets.apps \"kube-proxy\" already exists");
}

std::string Conflict() {
  return StatusJson(409, "Conflict",
                    "Operation cannot be fulfilled on daemonsets.apps \"kube-proxy\": the object "
                    "has been modified; please apply your changes to the latest version and try "
                    "again");
}

std::string Existing(const std::string& rv) {
  return nlohmann::json{{"apiVersion", "apps/v1"},
                        {"kind", "DaemonSet"},
                        {"metadata",
                         {{"name", "kube-proxy"},
                          {"namespace", "kube-system"},
                          {"resourceVersion", rv},
                          {"uid", "u-1"}}},
                        {"spec", {{"old", true}}}}
      .dump();
}

class ApplyTest : public ::testing::Test {
 protected:
  ApplyTest() {
    auto http = std::make_unique<testing::ScriptedHttpClient>();
    http_ = http.get();
    applier_ = std::make_unique<ApiApplier>(std::move(http), "https://10.0.0.10:6443", clock_);
  }

  static nlohmann::json DaemonSet() {
    return {{"apiVersion", "apps/v1"},
            {"kind", "DaemonSet"},
            {"metadata", {{"name", "kube-proxy"}, {"namespace", "kube-system"}}},
            {"spec", {{"new", true}}}};
  }
  std::vector<std::string> Requests() const {
    std::vector<std::string> out;
    for (const HttpRequest& r : http_->requests) out.push_back(r.method + " " + r.path_and_query);
    return out;
  }
  nlohmann::json Body(size_t i) const {
    return nlohmann::json::parse(http_->requests.at(i).json_body);
  }

  testing::FakeClock clock_;
  testing::ScriptedHttpClient* http_ = nullptr;
  std::unique_ptr<ApiApplier> applier_;
};

TEST_F(ApplyTest, AbsentObjectIsCreatedWithOnePost) {
  http_->Push(201, Existing("7"));
  Result<ApplyAction> action = applier_->CreateOrUpdate(DaemonSet());
  ASSERT_TRUE(action.ok()) << action.status().message();
  EXPECT_EQ(*action, ApplyAction::kCreated);
  EXPECT_EQ(Requests(), std::vector<std::string>{std::string("POST ") + kCollection});
  EXPECT_EQ(Body(0), DaemonSet());
  EXPECT_TRUE(clock_.sleeps().empty());
}

TEST_F(ApplyTest, ExistingObjectIsReplacedWithItsResourceVersion) {
  http_->Push(409, AlreadyExists());
  http_->Push(200, Existing("42"));
  http_->Push(200, Existing("43"));
  Result<ApplyAction> action = applier_->CreateOrUpdate(DaemonSet());
  ASSERT_TRUE(action.ok()) << action.status().message();
  EXPECT_EQ(*action, ApplyAction::kUpdated);
  EXPECT_EQ(Requests(), (std::vector<std::string>{std::string("POST ") + kCollection,
                                                  std::string("GET ") + kObject,
                                                  std::string("PUT ") + kObject}));
  nlohmann::json want = DaemonSet();
  want["metadata"]["resourceVersion"] = "42";  // ours, made conditional on what was read
  EXPECT_EQ(Body(2), want);
}

TEST_F(ApplyTest, CreateNeverCarriesAResourceVersion) {
  nlohmann::json object = DaemonSet();
  object["metadata"]["resourceVersion"] = "9";
  http_->Push(201, Existing("10"));
  ASSERT_TRUE(applier_->CreateOrUpdate(object).ok());
  EXPECT_FALSE(Body(0)["metadata"].contains("resourceVersion"));
}

TEST_F(ApplyTest, ConflictRedoesTheReadAndTheWrite) {
  http_->Push(409, AlreadyExists());
  http_->Push(200, Existing("42"));
  http_->Push(409, Conflict());  // someone wrote between our GET and PUT
  http_->Push(409, AlreadyExists());
  http_->Push(200, Existing("44"));
  http_->Push(200, Existing("45"));
  Result<ApplyAction> action = applier_->CreateOrUpdate(DaemonSet());
  ASSERT_TRUE(action.ok()) << action.status().message();
  EXPECT_EQ(*action, ApplyAction::kUpdated);
  EXPECT_EQ(http_->requests.size(), 6u);
  EXPECT_EQ(Body(5)["metadata"]["resourceVersion"], "44");
  EXPECT_EQ(clock_.sleeps(), std::vector<Duration>{milliseconds(500)});
}

TEST_F(ApplyTest, PersistentConflictGivesUpAfterTheTimeoutAndSaysSo) {
  for (int i = 0; i < 200; ++i) {
    http_->Push(409, AlreadyExists());
    http_->Push(200, Existing(std::to_string(i)));
    http_->Push(409, Conflict());
  }
  Result<ApplyAction> action = applier_->CreateOrUpdate(DaemonSet());
  ASSERT_FALSE(action.ok());
  // 1 minute at 500ms intervals: the first attempt and 120 more.
  EXPECT_EQ(clock_.sleeps().size(), 120u);
  EXPECT_EQ(action.status().message(),
            "gave up after 121 attempts: update DaemonSet kube-system/kube-proxy: 409 Conflict: "
            "Operation cannot be fulfilled on daemonsets.apps \"kube-proxy\": the object has "
            "been modified; please apply your changes to the latest version and try again");
}

TEST_F(ApplyTest, TransientFailuresAreRetriedLikeKubeadm) {
  http_->Push(0, "");  // no connection
  http_->Push(503, StatusJson(503, "ServiceUnavailable", "etcd is down"));
  http_->Push(429, StatusJson(429, "TooManyRequests", "slow down"));
  http_->Push(201, Existing("1"));
  Result<ApplyAction> action = applier_->CreateOrUpdate(DaemonSet());
  ASSERT_TRUE(action.ok()) << action.status().message();
  EXPECT_EQ(*action, ApplyAction::kCreated);
  EXPECT_EQ(clock_.sleeps().size(), 3u);
}

TEST_F(ApplyTest, ForbiddenFailsAtOnceNamingVerbObjectAndCredentials) {
  http_->Push(403, StatusJson(403, "Forbidden",
                              "daemonsets.apps is forbidden: User \"bob\" cannot create resource "
                              "\"daemonsets\" in API group \"apps\" in the namespace "
                              "\"kube-system\""));
  Result<ApplyAction> action = applier_->CreateOrUpdate(DaemonSet());
  ASSERT_FALSE(action.ok());
  EXPECT_EQ(action.status().code(), Code::kPermissionDenied);
  EXPECT_EQ(action.status().message().rfind(
                "create DaemonSet kube-system/kube-proxy: 403 Forbidden: daemonsets.apps is "
                "forbidden: User \"bob\" cannot create resource \"daemonsets\" in API group "
                "\"apps\" in the namespace \"kube-system\" (tried client certificate (scripted))",
                0),
            0u)
      << action.status().message();
  EXPECT_EQ(http_->requests.size(), 1u);
  EXPECT_TRUE(clock_.sleeps().empty());
}

TEST_F(ApplyTest, ForbiddenUpdateNamesTheUpdate) {
  http_->Push(409, AlreadyExists());
  http_->Push(200, Existing("42"));
  http_->Push(403, StatusJson(403, "Forbidden", "cannot update"));
  Result<ApplyAction> action = applier_->CreateOrUpdate(DaemonSet());
  ASSERT_FALSE(action.ok());
  EXPECT_NE(
      action.status().message().find("update DaemonSet kube-system/kube-proxy: 403 Forbidden"),
      std::string::npos)
      << action.status().message();
}

TEST_F(ApplyTest, ObjectDeletedBetweenCreateAndReadIsCreatedAgain) {
  http_->Push(409, AlreadyExists());
  http_->Push(404, StatusJson(404, "NotFound", "daemonsets.apps \"kube-proxy\" not found"));
  http_->Push(201, Existing("3"));
  Result<ApplyAction> action = applier_->CreateOrUpdate(DaemonSet());
  ASSERT_TRUE(action.ok()) << action.status().message();
  EXPECT_EQ(*action, ApplyAction::kCreated);
}

TEST_F(ApplyTest, InvalidObjectIsRefusedByTheServerWithoutRetry) {
  http_->Push(422, StatusJson(422, "Invalid", "DaemonSet.apps \"kube-proxy\" is invalid: spec"));
  Result<ApplyAction> action = applier_->CreateOrUpdate(DaemonSet());
  ASSERT_FALSE(action.ok());
  EXPECT_EQ(action.status().message(),
            "create DaemonSet kube-system/kube-proxy: 422 Unprocessable Entity: DaemonSet.apps "
            "\"kube-proxy\" is invalid: spec");
}

TEST_F(ApplyTest, AnObjectThatCannotBePlacedSendsNothing) {
  nlohmann::json object = DaemonSet();
  object["kind"] = "StatefulSet";
  EXPECT_EQ(applier_->CreateOrUpdate(object).status().code(), Code::kInvalidConfig);
  EXPECT_TRUE(http_->requests.empty());
}

TEST_F(ApplyTest, ZeroTimeoutMakesOneAttempt) {
  auto http = std::make_unique<testing::ScriptedHttpClient>();
  testing::ScriptedHttpClient* raw = http.get();
  ApplyOptions once;
  once.timeout = milliseconds(0);
  ApiApplier applier(std::move(http), "https://x", clock_, once);
  raw->Push(503, StatusJson(503, "ServiceUnavailable", "down"));
  Result<ApplyAction> action = applier.CreateOrUpdate(DaemonSet());
  EXPECT_EQ(action.status().message(),
            "create DaemonSet kube-system/kube-proxy: 503 Service Unavailable: down");
  EXPECT_EQ(applier.Server(), "https://x");
}

}  // namespace
}  // namespace ki::k8s::client
