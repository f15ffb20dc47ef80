// `kubeadm-ipvs init --kubeconfig` end to end: the built binary applies the
// kube-proxy addon to a running test API server (and still writes the file),
// a second run updates, a forbidden user fails with the object named and
// nothing written, an unwritable output directory stops it before the
// cluster changes, and --dry-run applies nothing. Preflight errors are
// ignored: build machines run kernels without IPVS.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/k8s_api/write_fixture.h"

namespace ki::k8s::testapi {
namespace {

namespace fs = std::filesystem;

class InitApplyTest : public WriteTest {
 protected:
  void SetUp() override {
    WriteTest::SetUp();
    std::string templ = (fs::temp_directory_path() / "ki-init-XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    work_ = templ;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(work_, ec);
    WriteTest::TearDown();
  }
  CommandResult Init(const std::string& kubeconfig, const std::string& out,
                     const std::string& extra = "") {
    return RunCommand(std::string(KI_BINARY) + " init --config configs/master-v1.10.yaml" +
                      " --kubeconfig " + kubeconfig + " --output-dir " + work_ + "/" + out +
                      " --ignore-preflight-errors=all " + extra);
  }
  int ObjectCount() {
    int n = 0;
    for (const char* r : {"configmaps", "daemonsets", "serviceaccounts", "clusterrolebindings",
                          "roles", "rolebindings"}) {
      n += static_cast<int>(server_->state().Snapshot(r).size());
    }
    return n;
  }

  std::string work_;
};

TEST_F(InitApplyTest, AppliesTheAddonAndWritesTheFile) {
  const CommandResult run = Init(WriteKubeconfig(), "first");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("[addons] Applied essential addon: kube-proxy\n"), std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("applied to " + server_->url() + " (6 created, 0 updated)"),
            std::string::npos)
      << run.output;
  const nlohmann::json ds = Stored("daemonsets", "kube-system/kube-proxy");
  ASSERT_FALSE(ds.is_null());
  const std::string image = ds["spec"]["template"]["spec"]["containers"][0]["image"];
  EXPECT_EQ(image.rfind("registry.k8s.io/kubeadm-ipvs:v", 0), 0u) << image;
  EXPECT_EQ(ObjectCount(), 6);
  EXPECT_TRUE(fs::exists(work_ + "/first/addons/kube-proxy.yaml"));
}

TEST_F(InitApplyTest, SecondRunUpdatesAndLeavesOneOfEach) {
  const std::string kubeconfig = WriteKubeconfig();
  ASSERT_EQ(Init(kubeconfig, "first").exit_code, 0);
  const CommandResult again = Init(kubeconfig, "second", "--image registry.example/ki:v2");
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("(0 created, 6 updated)"), std::string::npos) << again.output;
  EXPECT_EQ(ObjectCount(), 6);
  EXPECT_EQ(Stored("daemonsets",
                   "kube-system/kube-proxy")["spec"]["template"]["spec"]["containers"][0]["image"],
            "registry.example/ki:v2");
}

TEST_F(InitApplyTest, ForbiddenUserFailsNamingTheObjectAndWritesNothing) {
  RestartForForbiddenUser();
  const CommandResult run = Init(WriteKubeconfig("", /*client_cert=*/true), "denied");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("error: error execution phase addon/kube-proxy: create ConfigMap "
                            "kube-system/kube-proxy: 403 Forbidden: configmaps is forbidden: User "
                            "\"system:forbidden\" cannot create resource \"configmaps\""),
            std::string::npos)
      << run.output;
  EXPECT_EQ(run.output.find("Applied essential addon"), std::string::npos);
  EXPECT_FALSE(fs::exists(work_ + "/denied"));
  EXPECT_EQ(ObjectCount(), 0);
}

TEST_F(InitApplyTest, AnUnwritableOutputDirFailsBeforeTheClusterChanges) {
  ASSERT_TRUE(static_cast<bool>(std::ofstream(work_ + "/a-file") << "x"));
  const CommandResult run = Init(WriteKubeconfig(), "a-file/out");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("error execution phase addon/kube-proxy: before applying to " +
                            server_->url() + ": mkdir " + work_ + "/a-file/out: Not a directory"),
            std::string::npos)
      << run.output;
  EXPECT_EQ(server_->write_requests(), 0);
  EXPECT_EQ(ObjectCount(), 0);
}

TEST_F(InitApplyTest, DryRunReadsTheKubeconfigAndAppliesNothing) {
  const CommandResult run = Init(WriteKubeconfig(), "dry", "--dry-run");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("[dryrun] Would perform action CREATE on resource \"daemonsets\""),
            std::string::npos);
  EXPECT_EQ(server_->write_requests(), 0);
  EXPECT_EQ(ObjectCount(), 0);
  const CommandResult bad = Init(work_ + "/missing.conf", "dry", "--dry-run");
  EXPECT_EQ(bad.exit_code, 3) << bad.output;
}

TEST_F(InitApplyTest, WrongTokenIs401AndNothingIsWritten) {
  const CommandResult run = Init(WriteKubeconfig("not-the-token"), "unauthorized");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("create ConfigMap kube-system/kube-proxy: 401 Unauthorized"),
            std::string::npos)
      << run.output;
  EXPECT_EQ(run.output.find("not-the-token"), std::string::npos) << "secret in the output";
  EXPECT_FALSE(fs::exists(work_ + "/unauthorized"));
}

}  // namespace
}  // namespace ki::k8s::testapi
