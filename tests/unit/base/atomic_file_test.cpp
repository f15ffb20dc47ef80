// CheckWritable predicts what WriteFilesAtomic would fail on, without writing.
#include "pkg/base/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace ki {
namespace {

namespace fs = std::filesystem;

class CheckWritableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "ki-atomic-XXXXXX").string();
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    dir_ = templ;
  }
  void TearDown() override {
    ::chmod(dir_.c_str(), 0755);
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string dir_;
};

TEST_F(CheckWritableTest, NewDirectoriesUnderAWritableOneAreFineAndNotMade) {
  EXPECT_TRUE(CheckWritable({{dir_ + "/out/addons/kube-proxy.yaml", "x"}}).ok());
  EXPECT_FALSE(fs::exists(dir_ + "/out"));
}

TEST_F(CheckWritableTest, APathUnderAFileFailsAsTheWriteWould) {
  std::ofstream(dir_ + "/a-file") << "x";
  const std::vector<FileToWrite> files = {{dir_ + "/a-file/out/kubeadm-config.yaml", "x"}};
  Status predicted = CheckWritable(files);
  ASSERT_FALSE(predicted.ok());
  EXPECT_EQ(predicted.message(), "mkdir " + dir_ + "/a-file/out: Not a directory");
  Status written = WriteFilesAtomic(files);
  EXPECT_EQ(predicted.message(), written.message());
}

// As root (CI) permissions do not bind: the check runs as nobody in a child.
TEST_F(CheckWritableTest, AReadOnlyDirectoryFails) {
  ASSERT_EQ(::chmod(dir_.c_str(), 0555), 0);
  const std::string path = dir_ + "/kube-proxy.yaml";
  const std::string want = "create a temporary file beside " + path + ": Permission denied";
  const auto check = [&] { return CheckWritable({{path, "x"}}).message() == want; };
  if (::geteuid() != 0) {
    EXPECT_TRUE(check()) << CheckWritable({{path, "x"}}).message();
    return;
  }
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const bool dropped = ::setgid(65534) == 0 && ::setuid(65534) == 0;
    ::_exit(!dropped ? 2 : check() ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: another message, 2: could not become nobody";
}

}  // namespace
}  // namespace ki
