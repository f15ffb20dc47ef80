// The addon/kube-proxy phase with an in-memory cluster: with one, every
// rendered object is applied in kubeadm's order and kubeadm's line is
// printed; a failure stops the phase (so Finish writes nothing); --dry-run
// applies nothing; without a cluster the file alone is produced.
#include <gtest/gtest.h>

#include <sstream>

#include "pkg/k8s/client/testing/fake_applier.h"
#include "pkg/phases/init_phases.h"
#include "pkg/preflight/testing/fake_system.h"

namespace ki::phases {
namespace {

class AddonPhaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_.loaded = config::LoadConfig({.config_path = "configs/master-v1.10.yaml"});
    ASSERT_TRUE(data_.loaded.ok());
    data_.output_dir = "/out";
    data_.addon = {"", true, "v0.1.0"};
    data_.system = &sys_;
    data_.out = &out_;
  }

  Status Run() {
    workflow::Runner<InitData> runner(InitPhases());
    return runner.Run(data_, "addon/kube-proxy");
  }

  preflight::testing::FakeSystem sys_;
  k8s::client::testing::FakeApplier cluster_;
  std::ostringstream out_;
  InitData data_;
};

const std::vector<std::string> kAddonObjects = {
    "ConfigMap kube-system/kube-proxy",      "DaemonSet kube-system/kube-proxy",
    "ServiceAccount kube-system/kube-proxy", "ClusterRoleBinding kubeadm:node-proxier",
    "Role kube-system/kube-proxy",           "RoleBinding kube-system/kube-proxy"};

TEST_F(AddonPhaseTest, AppliesEveryObjectInKubeadmsOrderAndSaysSo) {
  data_.cluster = &cluster_;
  Status st = Run();
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(cluster_.applied, kAddonObjects);
  EXPECT_NE(out_.str().find("[addons] Applied essential addon: kube-proxy\n"), std::string::npos)
      << out_.str();
  ASSERT_EQ(data_.files.size(), 1u);  // still written to --output-dir
  EXPECT_EQ(data_.files[0].path, "/out/addons/kube-proxy.yaml");
  EXPECT_EQ(data_.done,
            std::vector<std::string>{
                "kube-proxy addon (ipvs mode, image registry.k8s.io/kubeadm-ipvs:v0.1.0) "
                "applied to https://fake-apiserver:6443 (6 created, 0 updated) and "
                "written to /out/addons/kube-proxy.yaml"});
}

TEST_F(AddonPhaseTest, AppliedObjectsAreTheRenderedOnesAsJson) {
  data_.cluster = &cluster_;
  ASSERT_TRUE(Run().ok());
  const nlohmann::json& ds = cluster_.objects.at("DaemonSet kube-system/kube-proxy");
  EXPECT_EQ(ds["spec"]["template"]["spec"]["hostNetwork"], true);
  EXPECT_EQ(ds["spec"]["template"]["spec"]["containers"][0]["image"],
            "registry.k8s.io/kubeadm-ipvs:v0.1.0");
  const nlohmann::json& cm = cluster_.objects.at("ConfigMap kube-system/kube-proxy");
  EXPECT_NE(cm["data"]["config.conf"].get<std::string>().find("mode: ipvs"), std::string::npos);
  const nlohmann::json& role = cluster_.objects.at("Role kube-system/kube-proxy");
  EXPECT_EQ(role["rules"][0]["apiGroups"], nlohmann::json::array({""}));
}

TEST_F(AddonPhaseTest, ASecondRunUpdates) {
  data_.cluster = &cluster_;
  ASSERT_TRUE(Run().ok());
  data_.done.clear();
  ASSERT_TRUE(Run().ok());
  EXPECT_NE(data_.done[0].find("(0 created, 6 updated)"), std::string::npos) << data_.done[0];
  EXPECT_EQ(cluster_.objects.size(), 6u);
}

TEST_F(AddonPhaseTest, AFailureStopsAtThatObjectAndFailsThePhase) {
  data_.cluster = &cluster_;
  cluster_.FailOn("ServiceAccount kube-system/kube-proxy",
                  Status::FromErrno(EACCES,
                                    "create ServiceAccount kube-system/kube-proxy: 403 "
                                    "Forbidden"));
  Status st = Run();
  EXPECT_EQ(st.code(), Code::kPermissionDenied);
  EXPECT_EQ(st.message(),
            "error execution phase addon/kube-proxy: create ServiceAccount "
            "kube-system/kube-proxy: 403 Forbidden: Permission denied");
  EXPECT_EQ(cluster_.applied, (std::vector<std::string>{kAddonObjects[0], kAddonObjects[1]}));
  EXPECT_EQ(out_.str().find("Applied essential addon"), std::string::npos);
}

TEST_F(AddonPhaseTest, DryRunPrintsActionsAndAppliesNothing) {
  data_.cluster = &cluster_;
  data_.dry_run = true;
  ASSERT_TRUE(Run().ok());
  EXPECT_TRUE(cluster_.applied.empty());
  EXPECT_NE(out_.str().find("[dryrun] Would perform action CREATE on resource \"daemonsets\" in "
                            "API group \"apps/v1\""),
            std::string::npos);
  EXPECT_EQ(out_.str().find("Applied essential addon"), std::string::npos);
}

TEST_F(AddonPhaseTest, WithoutAClusterOnlyTheFileIsProduced) {
  ASSERT_TRUE(Run().ok());
  EXPECT_EQ(out_.str().find("Applied essential addon"), std::string::npos);
  EXPECT_EQ(data_.files.size(), 1u);
  EXPECT_NE(data_.done[0].find("apply it with `kubectl apply -f /out/addons/kube-proxy.yaml`"),
            std::string::npos);
}

}  // namespace
}  // namespace ki::phases
