#include "pkg/kmod/ipvs_diagnosis.h"

#include <gtest/gtest.h>

#include "pkg/kmod/testing/fake_module_probe.h"

namespace ki::kmod {
namespace {

TEST(DiagnoseIpvsAbsence, AKernelWithoutConfigIpVsIsToldToBootAnotherNotToModprobe) {
  testing::FakeModuleProbe probe("6.18.0-custom");
  ModuleStatus st;
  st.name = "ip_vs";
  st.state = ModuleState::kMissing;
  st.reason = "CONFIG_IP_VS is not set in this kernel's configuration (/proc/config.gz)";
  st.evidence = "/proc/config.gz";
  probe.Set(st);
  IpvsAbsence a = DiagnoseIpvsAbsence(probe);
  EXPECT_EQ(a.state, ModuleState::kMissing);
  EXPECT_FALSE(a.loadable());
  EXPECT_EQ(a.evidence, "/proc/config.gz");
  EXPECT_NE(a.fix.find("boot a kernel built with CONFIG_IP_VS=m or =y"), std::string::npos);
  EXPECT_EQ(a.Explain().find("modprobe"), std::string::npos) << a.Explain();
  EXPECT_EQ(a.Explain().rfind("ip_vs: missing: CONFIG_IP_VS is not set", 0), 0u) << a.Explain();
}

TEST(DiagnoseIpvsAbsence, MissingModuleFilesNameTheRelease) {
  testing::FakeModuleProbe probe("6.1.0-9-amd64");
  IpvsAbsence a = DiagnoseIpvsAbsence(probe);  // the fake's tree has no ip_vs
  EXPECT_NE(a.fix.find("install the modules of kernel 6.1.0-9-amd64"), std::string::npos);
}

TEST(DiagnoseIpvsAbsence, ALoadableModuleIsToldHowToLoadIt) {
  testing::FakeModuleProbe probe;
  ModuleStatus st;
  st.name = "ip_vs";
  st.state = ModuleState::kLoadable;
  st.path = "/lib/modules/6.1.0-test/kernel/net/netfilter/ipvs/ip_vs.ko";
  probe.Set(st);
  IpvsAbsence a = DiagnoseIpvsAbsence(probe);
  EXPECT_TRUE(a.loadable());
  EXPECT_NE(a.reason.find(st.path), std::string::npos);
  EXPECT_NE(a.fix.find("preflight --load-modules"), std::string::npos);
}

TEST(DiagnoseIpvsAbsence, LoadedWithoutAFamilyPointsAtTheKernelLog) {
  testing::FakeModuleProbe probe;
  ModuleStatus st;
  st.name = "ip_vs";
  st.state = ModuleState::kLoaded;
  probe.Set(st);
  IpvsAbsence a = DiagnoseIpvsAbsence(probe);
  EXPECT_NE(a.reason.find("no \"IPVS\" generic netlink family"), std::string::npos);
  EXPECT_NE(a.fix.find("dmesg"), std::string::npos);
}

}  // namespace
}  // namespace ki::kmod
