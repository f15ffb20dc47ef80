// The create-or-update client (libcurl) applying the rendered kube-proxy
// addon to the test API server: a first run creates every object, a second
// replaces each with its resourceVersion and leaves one of each, a forbidden
// user and a persistent conflict fail with messages naming the object, and
// the installed kubectl reads back what was applied.
#include <gtest/gtest.h>

#include "pkg/k8s/client/testing/fake_clock.h"
#include "tests/k8s_api/write_fixture.h"

namespace ki::k8s::testapi {
namespace {

using client::ApplyAction;

// Each addon object: the resource it is stored under and its key there.
const std::vector<std::pair<std::string, std::string>> kStored = {
    {"configmaps", "kube-system/kube-proxy"},      {"daemonsets", "kube-system/kube-proxy"},
    {"serviceaccounts", "kube-system/kube-proxy"}, {"clusterrolebindings", "kubeadm:node-proxier"},
    {"roles", "kube-system/kube-proxy"},           {"rolebindings", "kube-system/kube-proxy"}};

class ApplyE2eTest : public WriteTest {
 protected:
  std::vector<ApplyAction> ApplyAll(client::ObjectApplier& applier,
                                    const std::vector<nlohmann::json>& objects) {
    std::vector<ApplyAction> out;
    for (const nlohmann::json& o : objects) {
      Result<ApplyAction> action = applier.CreateOrUpdate(o);
      EXPECT_TRUE(action.ok()) << action.status().message();
      if (action.ok()) out.push_back(*action);
    }
    return out;
  }
  std::string ResourceVersion(const std::string& resource, const std::string& key) {
    return Stored(resource, key)["metadata"].value("resourceVersion", "");
  }
};

TEST_F(ApplyE2eTest, FirstRunCreatesEveryObject) {
  auto applier = Applier(TokenConfig());
  const std::vector<nlohmann::json> objects = AddonObjects();
  EXPECT_EQ(ApplyAll(*applier, objects), std::vector<ApplyAction>(6, ApplyAction::kCreated));
  for (size_t i = 0; i < kStored.size(); ++i) {
    const nlohmann::json stored = Stored(kStored[i].first, kStored[i].second);
    ASSERT_FALSE(stored.is_null()) << kStored[i].first;
    EXPECT_EQ(stored["kind"], objects[i]["kind"]);
    EXPECT_EQ(stored.value("data", nlohmann::json()), objects[i].value("data", nlohmann::json()));
    EXPECT_EQ(stored.value("spec", nlohmann::json()), objects[i].value("spec", nlohmann::json()));
  }
  EXPECT_EQ(server_->write_requests(), 6);  // one POST each
}

TEST_F(ApplyE2eTest, SecondRunReplacesEachObjectAndLeavesOneOfEach) {
  auto applier = Applier(CertConfig());  // the other credential kind, for coverage
  ApplyAll(*applier, AddonObjects());
  const nlohmann::json first = Stored("daemonsets", "kube-system/kube-proxy");
  const std::string role_version = ResourceVersion("roles", "kube-system/kube-proxy");
  const std::vector<nlohmann::json> changed = AddonObjects("registry.example/kubeadm-ipvs:v2");
  EXPECT_EQ(ApplyAll(*applier, changed), std::vector<ApplyAction>(6, ApplyAction::kUpdated));
  for (const auto& [resource, key] : kStored) {
    EXPECT_EQ(server_->state().Snapshot(resource).size(), 1u) << resource;
  }
  const nlohmann::json second = Stored("daemonsets", "kube-system/kube-proxy");
  EXPECT_EQ(second["spec"]["template"]["spec"]["containers"][0]["image"],
            "registry.example/kubeadm-ipvs:v2");
  EXPECT_EQ(second["metadata"]["uid"], first["metadata"]["uid"]);  // replaced, not recreated
  EXPECT_NE(second["metadata"]["resourceVersion"], first["metadata"]["resourceVersion"]);
  // A POST (409 AlreadyExists) and a PUT per object; the server keeps an
  // unchanged object's version, as the real one does.
  EXPECT_EQ(server_->write_requests(), 6 + 12);
  EXPECT_EQ(ResourceVersion("roles", "kube-system/kube-proxy"), role_version);
}

TEST_F(ApplyE2eTest, ForbiddenUserGetsAClear403NamingTheObject) {
  const client::RestConfig config = RestartForForbiddenUser();
  auto applier = Applier(config);
  Result<ApplyAction> action = applier->CreateOrUpdate(AddonObjects()[1]);
  ASSERT_FALSE(action.ok());
  EXPECT_EQ(action.status().code(), Code::kPermissionDenied);
  const std::string& message = action.status().message();
  EXPECT_EQ(message.rfind("create DaemonSet kube-system/kube-proxy: 403 Forbidden: daemonsets.apps "
                          "is forbidden: User \"system:forbidden\" cannot create resource "
                          "\"daemonsets\" in API group \"apps\" in the namespace \"kube-system\" "
                          "(tried client certificate",
                          0),
            0u)
      << message;
  EXPECT_EQ(server_->write_requests(), 0);  // refused before reaching the handler
  EXPECT_TRUE(server_->state().Snapshot("daemonsets").empty());
}

TEST_F(ApplyE2eTest, OneConcurrentWriteIsOvercome) {
  client::testing::FakeClock clock;
  auto applier = Applier(TokenConfig(), &clock);
  ApplyAll(*applier, AddonObjects());
  server_->InjectFault(Target::kWrite, Fault::kConcurrentWrite);
  const std::vector<nlohmann::json> changed = AddonObjects("registry.example/kubeadm-ipvs:v2");
  Result<ApplyAction> action = applier->CreateOrUpdate(changed[1]);
  ASSERT_TRUE(action.ok()) << action.status().message();
  EXPECT_EQ(server_->faults_fired(), 1);
  EXPECT_EQ(clock.sleeps().size(), 1u);  // one 409 Conflict, then the GET+PUT again
  EXPECT_EQ(Stored("daemonsets",
                   "kube-system/kube-proxy")["spec"]["template"]["spec"]["containers"][0]["image"],
            "registry.example/kubeadm-ipvs:v2");
}

TEST_F(ApplyE2eTest, StaleResourceVersionConflictIsReported) {
  client::testing::FakeClock clock;
  auto applier = Applier(TokenConfig(), &clock);
  ApplyAll(*applier, AddonObjects());
  server_->InjectFault(Target::kWrite, Fault::kConcurrentWrite, 1000);  // a writer that never stops
  Result<ApplyAction> action = applier->CreateOrUpdate(AddonObjects()[0]);
  ASSERT_FALSE(action.ok());
  EXPECT_EQ(action.status().message(),
            "gave up after 121 attempts: update ConfigMap kube-system/kube-proxy: 409 Conflict: "
            "Operation cannot be fulfilled on configmaps \"kube-proxy\": the object has been "
            "modified; please apply your changes to the latest version and try again");
}

TEST_F(ApplyE2eTest, KubectlReadsWhatWasApplied) {
  if (RunCommand("kubectl version --client").exit_code != 0) GTEST_SKIP() << "no kubectl";
  auto applier = Applier(TokenConfig());
  const std::vector<nlohmann::json> objects = AddonObjects();
  ApplyAll(*applier, objects);
  const std::string kubectl = "kubectl --kubeconfig " + WriteKubeconfig() + " get --raw ";
  const CommandResult ds =
      RunCommand(kubectl + "/apis/apps/v1/namespaces/kube-system/daemonsets/kube-proxy");
  ASSERT_EQ(ds.exit_code, 0) << ds.output;
  const nlohmann::json got = nlohmann::json::parse(ds.output);
  EXPECT_EQ(got["spec"], objects[1]["spec"]);
  EXPECT_EQ(got["metadata"]["resourceVersion"],
            ResourceVersion("daemonsets", "kube-system/kube-proxy"));
  const CommandResult crb = RunCommand(
      kubectl + "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/kubeadm:node-proxier");
  ASSERT_EQ(crb.exit_code, 0) << crb.output;
  EXPECT_EQ(nlohmann::json::parse(crb.output)["roleRef"]["name"], "system:node-proxier");
  const CommandResult missing =
      RunCommand(kubectl + "/api/v1/namespaces/kube-system/configmaps/no-such");
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.output.find("configmaps \"no-such\" not found"), std::string::npos)
      << missing.output;
}

}  // namespace
}  // namespace ki::k8s::testapi
