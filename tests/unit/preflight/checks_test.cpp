// Each check against a fake host, and the IPVS module check against prepared
// module trees of an old (< 4.19) and a current kernel.
#include "pkg/preflight/checks.h"

#include <gtest/gtest.h>

#include "pkg/kmod/testing/fake_module_probe.h"
#include "pkg/preflight/testing/fake_system.h"
#include "tests/unit/kmod/prepared_tree.h"

namespace ki::preflight {
namespace {

using kmod::ModuleState;
using kmod::ModuleStatus;
using testing::FakeSystem;

Finding One(std::unique_ptr<Check> c) {
  std::vector<Finding> f = c->Run();
  EXPECT_EQ(f.size(), 1u);
  return f.empty() ? Finding{} : f[0];
}

TEST(Checks, ProxyModeFailsForIptablesWithWhereItWasRead) {
  ProxySettings s{"iptables", "mode: iptables (c.yaml:3:7)", "", "", ""};
  Finding f = One(NewProxyModeCheck(s));
  EXPECT_EQ(f.state, CheckState::kFailing);
  EXPECT_EQ(f.evidence, "mode: iptables (c.yaml:3:7)");
  EXPECT_NE(f.fix.find("set mode: ipvs"), std::string::npos);
  EXPECT_EQ(One(NewProxyModeCheck({"ipvs", "x", "", "", ""})).state, CheckState::kOk);
}

TEST(Checks, FeatureGateExplainsWhereTheModeCameFrom) {
  Finding f =
      One(NewFeatureGateCheck({"ipvs", "--feature-gates=SupportIPVSProxyMode=true", "", "", ""}));
  EXPECT_EQ(f.state, CheckState::kOk);
  EXPECT_EQ(f.evidence, "--feature-gates=SupportIPVSProxyMode=true");
}

TEST(Checks, IpsetVersion) {
  FakeSystem sys;
  // Not installed: the proxy does not run it, so only a warning.
  EXPECT_EQ(One(NewIpsetCheck(sys)).state, CheckState::kWarning);
  sys.executables["ipset"] = "/usr/sbin/ipset";
  sys.commands["/usr/sbin/ipset --version"] = {0, "ipset v7.17, protocol version: 7\n"};
  Finding ok = One(NewIpsetCheck(sys));
  EXPECT_EQ(ok.state, CheckState::kOk);
  EXPECT_EQ(ok.message, "ipset v7.17, protocol version: 7");
  sys.commands["/usr/sbin/ipset --version"] = {0, "ipset v5.4, protocol version: 5\n"};
  Finding old = One(NewIpsetCheck(sys));
  EXPECT_EQ(old.state, CheckState::kWarning);
  EXPECT_EQ(old.message, "ipset v5.4 is older than 6.0");
}

TEST(Checks, IptablesAndConntrackPresence) {
  FakeSystem sys;
  sys.executables["nft"] = "/usr/sbin/nft";
  Finding ipt = One(NewIptablesCheck(sys));
  EXPECT_EQ(ipt.state, CheckState::kFailing);
  EXPECT_NE(ipt.message.find("nft is there"), std::string::npos);
  sys.executables["iptables"] = "/usr/sbin/iptables";
  sys.commands["/usr/sbin/iptables --version"] = {0, "iptables v1.8.9 (nf_tables)\n"};
  EXPECT_EQ(One(NewIptablesCheck(sys)).message, "iptables v1.8.9 (nf_tables)");
  EXPECT_EQ(One(NewConntrackCheck(sys)).state, CheckState::kFailing);
  sys.executables["conntrack"] = "/usr/sbin/conntrack";
  EXPECT_EQ(One(NewConntrackCheck(sys)).state, CheckState::kOk);
}

TEST(Checks, IpForwardAndSysctls) {
  FakeSystem sys;
  EXPECT_EQ(One(NewIpForwardCheck(sys)).state, CheckState::kFailing);
  sys.files["/proc/sys/net/ipv4/ip_forward"] = "0\n";
  EXPECT_EQ(One(NewIpForwardCheck(sys)).message,
            "/proc/sys/net/ipv4/ip_forward contents are not set to 1");
  sys.files["/proc/sys/net/ipv4/ip_forward"] = "1\n";
  EXPECT_EQ(One(NewIpForwardCheck(sys)).state, CheckState::kOk);
  EXPECT_EQ(One(NewIpvsSysctlsCheck(sys)).state, CheckState::kWarning);
  for (const char* n : {"conntrack", "expire_nodest_conn", "expire_quiescent_template"}) {
    sys.files[std::string("/proc/sys/net/ipv4/vs/") + n] = "0\n";
  }
  Finding f = One(NewIpvsSysctlsCheck(sys));
  EXPECT_EQ(f.state, CheckState::kOk);
  EXPECT_NE(f.message.find("net.ipv4.vs.conntrack = 0"), std::string::npos);
}

TEST(Checks, PortsAndRoot) {
  FakeSystem sys;
  sys.busy_ports = {10256};
  Finding busy = One(NewPortCheck(sys, "healthzBindAddress", "0.0.0.0:10256"));
  EXPECT_EQ(busy.check, "Port-10256");
  EXPECT_EQ(busy.state, CheckState::kFailing);
  EXPECT_EQ(busy.message, "Port 10256 is in use (another kube-proxy?)");
  EXPECT_EQ(One(NewPortCheck(sys, "metricsBindAddress", "127.0.0.1:10249")).state, CheckState::kOk);
  EXPECT_EQ(One(NewPortCheck(sys, "x", "[::]:10249")).state, CheckState::kOk);
  EXPECT_EQ(NewPortCheck(sys, "x", "nonsense"), nullptr);
  sys.uid = 1000;
  Finding user = One(NewPrivilegedUserCheck(sys));
  EXPECT_EQ(user.state, CheckState::kFailing);
  EXPECT_EQ(user.message, "user is not running as root");
}

TEST(Checks, ModulesReportOrLoadThroughTheProbe) {
  kmod::testing::FakeModuleProbe probe("6.1.0");
  probe.Set(
      {"ip_vs", ModuleState::kLoadable, "", "/m/ip_vs.ko", {"nf_conntrack"}, "modules.dep", ""});
  probe.Set({"ip_vs_rr", ModuleState::kBuiltin, "", "", {}, "modules.builtin", ""});
  probe.Set({"ip_vs_wrr", ModuleState::kLoaded, "Live", "", {}, "/proc/modules", ""});
  probe.Set({"ip_vs_sh",
             ModuleState::kMissing,
             "",
             "",
             {},
             "/proc/config.gz",
             "CONFIG_IP_VS_SH is not set in this kernel's configuration"});
  probe.Set({"nf_conntrack", ModuleState::kLoadable, "", "/m/nf_conntrack.ko", {}, "", ""});
  auto report = NewIpvsModulesCheck(probe, "", ModuleAction::kReport)->Run();
  ASSERT_EQ(report.size(), 5u);
  EXPECT_EQ(report[0].state, CheckState::kWarning);
  EXPECT_EQ(report[0].message,
            "ip_vs: loadable (/m/ip_vs.ko, with nf_conntrack), not loaded; the proxy loads it "
            "when it starts");
  EXPECT_EQ(report[1].message, "ip_vs_rr: built in");
  EXPECT_EQ(report[2].message, "ip_vs_wrr: loaded (Live)");
  EXPECT_EQ(report[3].state, CheckState::kFailing);
  EXPECT_EQ(report[3].fix,
            "boot a kernel built with CONFIG_IP_VS_SH=m or =y (Debian's linux-image-amd64 and "
            "linux-image-cloud-amd64 have it)");
  EXPECT_TRUE(probe.loads().empty());  // reporting changes nothing

  probe.FailLoad("nf_conntrack", Status::FromErrno(EPERM, "load module nf_conntrack"));
  auto load = NewIpvsModulesCheck(probe, "", ModuleAction::kLoad)->Run();
  EXPECT_EQ(load[0].state, CheckState::kOk);
  EXPECT_EQ(load[0].message, "ip_vs: loaded now through libkmod (/m/ip_vs.ko, with nf_conntrack)");
  EXPECT_EQ(load[4].state, CheckState::kFailing);
  EXPECT_EQ(load[4].message, "nf_conntrack: load module nf_conntrack: Operation not permitted");
}

// The same check over real libkmod and real module files, per kernel age.
class ModuleTrees : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(kmod::testing::HostTreeWithIpvs().empty()); }
  std::vector<Finding> Run(kmod::testing::PreparedTree& tree, const std::string& scheduler) {
    auto probe = kmod::NewKmodProbe(tree.Options());
    EXPECT_TRUE(probe.ok());
    probe_ = std::move(probe).value();
    return NewIpvsModulesCheck(*probe_, scheduler, ModuleAction::kReport)->Run();
  }
  std::unique_ptr<kmod::ModuleProbe> probe_;
};

TEST_F(ModuleTrees, OldKernelNeedsNfConntrackIpv4) {
  kmod::testing::PreparedTree tree("4.14.0-old");
  for (const char* m : {"ip_vs_rr", "ip_vs_wrr", "ip_vs_sh"}) tree.AddModule(m);
  tree.AddBuiltin("kernel/net/ipv4/netfilter/nf_conntrack_ipv4.ko");
  tree.Depmod();
  std::vector<Finding> f = Run(tree, "");
  ASSERT_EQ(f.size(), 5u);
  EXPECT_EQ(f[4].message, "nf_conntrack_ipv4: built in");
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(f[i].state, CheckState::kWarning) << f[i].message;
}

TEST_F(ModuleTrees, CurrentKernelNeedsNfConntrackAndTheScheduler) {
  kmod::testing::PreparedTree tree("6.1.0-new");
  for (const char* m : {"ip_vs_rr", "ip_vs_wrr", "ip_vs_sh", "nf_conntrack"}) tree.AddModule(m);
  tree.SetConfig("CONFIG_IP_VS=m\n# CONFIG_IP_VS_MH is not set\n");
  tree.Depmod();
  std::vector<Finding> f = Run(tree, "mh");
  ASSERT_EQ(f.size(), 6u);
  EXPECT_EQ(f[4].message.rfind("nf_conntrack: loadable", 0), 0u) << f[4].message;
  EXPECT_EQ(f[5].state, CheckState::kFailing);
  EXPECT_EQ(f[5].message.rfind("ip_vs_mh: missing: CONFIG_IP_VS_MH is not set", 0), 0u)
      << f[5].message;
}

}  // namespace
}  // namespace ki::preflight
