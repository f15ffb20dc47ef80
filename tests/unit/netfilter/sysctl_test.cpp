#include "pkg/netfilter/sysctl.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace ki::netfilter {
namespace {

std::vector<std::string> Paths(const std::vector<SysctlSetting>& s) {
  std::vector<std::string> p;
  p.reserve(s.size());
  for (const SysctlSetting& x : s) p.push_back(x.path + "=" + x.value);
  return p;
}

TEST(RequiredSysctls, UpstreamListOnACurrentKernel) {
  EXPECT_EQ(Paths(RequiredSysctls({6, 1, 0}, false)),
            (std::vector<std::string>{"net/ipv4/vs/conntrack=1", "net/ipv4/vs/expire_nodest_conn=1",
                                      "net/ipv4/vs/expire_quiescent_template=1",
                                      "net/ipv4/ip_forward=1"}));
}

TEST(RequiredSysctls, ConnReuseModeOnlyFrom41ToBefore59) {
  auto has_reuse = [](kmod::KernelVersion k) {
    for (const SysctlSetting& s : RequiredSysctls(k, false)) {
      if (s.path == "net/ipv4/vs/conn_reuse_mode") return s.value == "0";
    }
    return false;
  };
  EXPECT_FALSE(has_reuse({4, 0, 9}));
  EXPECT_TRUE(has_reuse({4, 1, 0}));
  EXPECT_TRUE(has_reuse({4, 19, 0}));
  EXPECT_TRUE(has_reuse({5, 8, 18}));
  EXPECT_FALSE(has_reuse({5, 9, 0}));
  EXPECT_FALSE(has_reuse({6, 12, 0}));
  // In upstream's order: right after conntrack.
  EXPECT_EQ(RequiredSysctls({5, 4, 0}, false)[1].path, "net/ipv4/vs/conn_reuse_mode");
}

TEST(RequiredSysctls, StrictArpAddsArpSettings) {
  std::vector<SysctlSetting> s = RequiredSysctls({6, 1, 0}, true);
  ASSERT_EQ(s.size(), 6u);
  EXPECT_EQ(s[4], (SysctlSetting{"net/ipv4/conf/all/arp_ignore", "1"}));
  EXPECT_EQ(s[5], (SysctlSetting{"net/ipv4/conf/all/arp_announce", "2"}));
}

TEST(SysctlName, Dotted) {
  EXPECT_EQ(SysctlName("net/ipv4/conf/all/arp_ignore"), "net.ipv4.conf.all.arp_ignore");
}

class ApplySysctlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/ki-sysctl-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    root_ = dir;
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  void Put(const std::string& path, const std::string& value) {
    std::filesystem::create_directories(std::filesystem::path(root_ + "/" + path).parent_path());
    std::ofstream(root_ + "/" + path) << value;
  }
  std::string Get(const std::string& path) {
    std::ifstream in(root_ + "/" + path);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::string root_;
};

TEST_F(ApplySysctlsTest, WritesOnlyWhatDiffers) {
  Put("net/ipv4/vs/conntrack", "0\n");
  Put("net/ipv4/vs/expire_nodest_conn", "1\n");
  Put("net/ipv4/vs/expire_quiescent_template", "0\n");
  Put("net/ipv4/ip_forward", "1\n");
  Result<std::vector<std::string>> changed = ApplySysctls(RequiredSysctls({6, 1, 0}, false), root_);
  ASSERT_TRUE(changed.ok()) << changed.status().message();
  EXPECT_EQ(*changed, (std::vector<std::string>{"net/ipv4/vs/conntrack",
                                                "net/ipv4/vs/expire_quiescent_template"}));
  EXPECT_EQ(Get("net/ipv4/vs/conntrack"), "1");
  EXPECT_EQ(Get("net/ipv4/ip_forward"), "1\n");  // untouched
  Result<std::vector<std::string>> again = ApplySysctls(RequiredSysctls({6, 1, 0}, false), root_);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
}

TEST_F(ApplySysctlsTest, MissingIpvsPointsAtPreflightNotAtModprobe) {
  Put("net/ipv4/ip_forward", "1\n");
  Result<std::vector<std::string>> r = ApplySysctls(RequiredSysctls({6, 1, 0}, false), root_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kNotFound);
  EXPECT_EQ(r.status().sys_errno(), ENOENT);
  EXPECT_EQ(r.status().message(), "sysctl net.ipv4.vs.conntrack=1: read " + root_ +
                                      "/net/ipv4/vs/conntrack (it exists only while ip_vs is "
                                      "loaded; `kubeadm-ipvs preflight` says why it is not): No "
                                      "such file or directory");
}

TEST_F(ApplySysctlsTest, WriteFailureNamesSysctlValueAndErrno) {
  Put("net/ipv4/vs/conntrack", "1\n");
  // A directory where the value should be: reading fails with EISDIR.
  std::filesystem::create_directories(root_ + "/net/ipv4/vs/expire_nodest_conn");
  Result<std::vector<std::string>> r = ApplySysctls(RequiredSysctls({6, 1, 0}, false), root_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().sys_errno(), EISDIR);
  EXPECT_EQ(r.status().message(), "sysctl net.ipv4.vs.expire_nodest_conn=1: read " + root_ +
                                      "/net/ipv4/vs/expire_nodest_conn: Is a directory");
}

}  // namespace
}  // namespace ki::netfilter
