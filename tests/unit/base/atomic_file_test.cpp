// CheckWritable predicts what WriteFilesAtomic would fail on, without writing.
#include "pkg/base/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
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

TEST_F(CheckWritableTest, AReadOnlyDirectoryFails) {
  if (::geteuid() == 0) GTEST_SKIP() << "root may write anywhere";
  ASSERT_EQ(::chmod(dir_.c_str(), 0555), 0);
  Status st = CheckWritable({{dir_ + "/kube-proxy.yaml", "x"}});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(),
            "create a temporary file beside " + dir_ + "/kube-proxy.yaml: Permission denied");
}

}  // namespace
}  // namespace ki
