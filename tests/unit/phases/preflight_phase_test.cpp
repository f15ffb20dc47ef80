// The init workflow's preflight phase over a fake host: output, exit codes,
// --ignore-preflight-errors, and --dry-run loading nothing.
#include <gtest/gtest.h>

#include <sstream>

#include "pkg/kmod/testing/fake_module_probe.h"
#include "pkg/phases/init_phases.h"
#include "pkg/preflight/testing/fake_system.h"

namespace ki::phases {
namespace {

using kmod::ModuleState;

class PreflightPhaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* m : {"ip_vs", "ip_vs_rr", "ip_vs_wrr", "ip_vs_sh"}) {
      probe_.Set({m, ModuleState::kLoadable, "", std::string("/m/") + m + ".ko", {}, "", ""});
    }
    probe_.Set({"nf_conntrack", ModuleState::kBuiltin, "", "", {}, "", ""});
    sys_.executables = {
        {"ipset", "/sbin/ipset"}, {"iptables", "/sbin/iptables"}, {"conntrack", "/sbin/conntrack"}};
    sys_.commands["/sbin/ipset --version"] = {0, "ipset v7.17, protocol version: 7"};
    sys_.commands["/sbin/iptables --version"] = {0, "iptables v1.8.9 (nf_tables)"};
    sys_.files["/proc/sys/net/ipv4/ip_forward"] = "1";
    for (const char* n : {"conntrack", "expire_nodest_conn", "expire_quiescent_template"}) {
      sys_.files[std::string("/proc/sys/net/ipv4/vs/") + n] = "1";
    }
    data_.loaded = config::LoadConfig({});
    data_.system = &sys_;
    data_.modules = &probe_;
    data_.out = &out_;
  }

  Status Run(const std::string& only = "preflight") {
    workflow::Runner<InitData> runner(InitPhases());
    return runner.Run(data_, only);
  }

  kmod::testing::FakeModuleProbe probe_{"6.1.0"};
  preflight::testing::FakeSystem sys_;
  std::ostringstream out_;
  InitData data_;
};

TEST_F(PreflightPhaseTest, PassesAndLoadsModulesAsKubeProxyWould) {
  Status st = Run();
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(out_.str(), "[preflight] Running pre-flight checks\n");
  EXPECT_EQ(probe_.loads(),
            (std::vector<std::string>{"ip_vs", "ip_vs_rr", "ip_vs_wrr", "ip_vs_sh"}));
  EXPECT_EQ(data_.done,
            std::vector<std::string>{"pre-flight checks passed; IPVS kernel modules are loaded"});
}

TEST_F(PreflightPhaseTest, DryRunLoadsNothingAndWarns) {
  data_.dry_run = true;
  ASSERT_TRUE(Run().ok());
  EXPECT_TRUE(probe_.loads().empty());
  EXPECT_NE(out_.str().find("\t[WARNING IPVSProxierCheck]: ip_vs: loadable (/m/ip_vs.ko), not "
                            "loaded; the proxy loads it when it starts"),
            std::string::npos)
      << out_.str();
  EXPECT_EQ(data_.done, std::vector<std::string>{
                            "pre-flight checks passed; IPVS kernel modules ip_vs, ip_vs_rr, "
                            "ip_vs_wrr, ip_vs_sh are loadable (not loaded: dry run)"});
}

// --ignore-preflight-errors=all lets init go on; the summary must not then
// say the modules are loaded: it names the ignored checks and what is missing.
TEST_F(PreflightPhaseTest, IgnoredErrorsAndMissingModulesAreInTheSummary) {
  probe_.Set({"ip_vs", ModuleState::kMissing, "", "", {}, "", "CONFIG_IP_VS is not set"});
  probe_.Set({"ip_vs_sh", ModuleState::kMissing, "", "", {}, "", "CONFIG_IP_VS_SH is not set"});
  sys_.files["/proc/sys/net/ipv4/ip_forward"] = "0";
  data_.ignore_preflight_errors = *preflight::ParseIgnorePreflightErrors({"all"});
  Status st = Run();
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(data_.done,
            std::vector<std::string>{
                "pre-flight checks passed only by ignoring the errors of IPVSProxierCheck, "
                "FileContent--proc-sys-net-ipv4-ip_forward (--ignore-preflight-errors); IPVS "
                "kernel modules are NOT loaded: ip_vs, ip_vs_sh missing from kernel 6.1.0; IPVS "
                "mode can't start on this node until they are"});
  data_.dry_run = true;
  data_.done.clear();
  ASSERT_TRUE(Run().ok());
  data_.output_dir = "/nonexistent";
  ASSERT_TRUE(Finish(data_).ok());
  EXPECT_NE(out_.str().find("kubeadm-ipvs init would have done:\n  - pre-flight checks passed only "
                            "by ignoring the errors of IPVSProxierCheck, "
                            "FileContent--proc-sys-net-ipv4-ip_forward"),
            std::string::npos)
      << out_.str();
}

TEST_F(PreflightPhaseTest, AModuleThatFailsToLoadIsNotCalledLoaded) {
  probe_.FailLoad("ip_vs_wrr", Status::Unavailable("Operation not permitted"));
  data_.ignore_preflight_errors = *preflight::ParseIgnorePreflightErrors({"IPVSProxierCheck"});
  ASSERT_TRUE(Run().ok());
  EXPECT_EQ(data_.done, std::vector<std::string>{
                            "pre-flight checks passed only by ignoring the errors of "
                            "IPVSProxierCheck (--ignore-preflight-errors); IPVS kernel modules "
                            "are NOT loaded: ip_vs_wrr loadable, loading failed; IPVS mode can't "
                            "start on this node until they are"});
}

TEST_F(PreflightPhaseTest, AMissingModuleFailsWithExitCode2) {
  probe_.Set({"ip_vs_sh", ModuleState::kMissing, "", "", {}, "", "gone for the test"});
  Status st = Run();
  EXPECT_EQ(ExitCodeFor(st), 2);
  EXPECT_EQ(st.message().rfind("error execution phase preflight: [preflight] Some fatal errors "
                               "occurred:\n\t[ERROR IPVSProxierCheck]: ip_vs_sh: missing: gone "
                               "for the test",
                               0),
            0u)
      << st.message();
}

TEST_F(PreflightPhaseTest, IgnoredCheckLetsItPass) {
  sys_.uid = 1000;
  EXPECT_EQ(ExitCodeFor(Run()), 2);
  data_.ignore_preflight_errors = *preflight::ParseIgnorePreflightErrors({"IsPrivilegedUser"});
  out_.str("");
  ASSERT_TRUE(Run().ok());
  EXPECT_NE(out_.str().find("\t[WARNING IsPrivilegedUser]: user is not running as root"),
            std::string::npos);
}

TEST_F(PreflightPhaseTest, ExistingOutputFilesFailAsKubeadmsFileAvailable) {
  data_.output_dir = "/out";
  sys_.files["/out/addons/kube-proxy.yaml"] = "old";
  Status st = Run();
  EXPECT_EQ(ExitCodeFor(st), 2);
  EXPECT_NE(st.message().find("[ERROR FileAvailable--out-addons-kube-proxy.yaml]: "
                              "/out/addons/kube-proxy.yaml already exists"),
            std::string::npos)
      << st.message();
}

TEST_F(PreflightPhaseTest, AddonAndConfigPhasesStageFilesWithModes) {
  data_.output_dir = "/out";
  data_.loaded.config.advertise_address = "10.0.0.1";
  data_.addon.version = "v0.1.0";
  ASSERT_TRUE(Run("").ok());
  ASSERT_EQ(data_.files.size(), 2u);
  EXPECT_EQ(data_.files[0].path, "/out/kubeadm-config.yaml");
  EXPECT_EQ(data_.files[0].mode, 0600u);
  EXPECT_EQ(data_.files[1].path, "/out/addons/kube-proxy.yaml");
  EXPECT_EQ(data_.files[1].mode, 0644u);
  EXPECT_NE(data_.files[1].content.find("kind: DaemonSet"), std::string::npos);
}

TEST_F(PreflightPhaseTest, DryRunPrintsApiActionsAndWritesNothing) {
  data_.dry_run = true;
  data_.output_dir = "/nonexistent/out";
  data_.loaded.config.advertise_address = "10.0.0.1";
  ASSERT_TRUE(Run("addon").ok());
  ASSERT_TRUE(Finish(data_).ok());
  EXPECT_NE(out_.str().find("[dryrun] Would perform action CREATE on resource \"configmaps\" in "
                            "API group \"core/v1\"\n[dryrun] Attached object:\n\tapiVersion: v1\n"),
            std::string::npos)
      << out_.str();
  EXPECT_NE(
      out_.str().find("[dryrun] Would write file \"/nonexistent/out/addons/kube-proxy.yaml\""),
      std::string::npos);
}

TEST_F(PreflightPhaseTest, AddonUsesTheDefaultRouteAddressAsKubeadmDoes) {
  data_.loaded.config.advertise_address.clear();
  data_.loaded.config.control_plane_endpoint.clear();
  Status none = Run("addon/kube-proxy");
  EXPECT_EQ(ExitCodeFor(none), 1);
  EXPECT_EQ(none.message(),
            "error execution phase addon/kube-proxy: no API server address given and none found "
            "(no default route); set --apiserver-advertise-address or "
            "localAPIEndpoint.advertiseAddress");
  sys_.default_route_address = "192.168.7.7";
  ASSERT_TRUE(Run("addon/kube-proxy").ok());
  EXPECT_NE(out_.str().find("[init] Using the default route's address 192.168.7.7 as the API "
                            "server address (localAPIEndpoint.advertiseAddress)"),
            std::string::npos)
      << out_.str();
  EXPECT_NE(data_.files.back().content.find("server: https://192.168.7.7:6443"), std::string::npos);
}

// The written kubeadm-config.yaml names the address the addon was given, so
// `kubeadm init --config` with it sets up the API server the proxy talks to.
TEST_F(PreflightPhaseTest, WrittenConfigHasTheDefaultRouteAddressTheAddonUses) {
  data_.loaded.config.advertise_address.clear();
  data_.loaded.config.control_plane_endpoint.clear();
  sys_.default_route_address = "192.168.7.7";
  ASSERT_TRUE(Run("write-config").ok());
  ASSERT_TRUE(Run("addon/kube-proxy").ok());
  ASSERT_EQ(data_.files.size(), 2u);
  EXPECT_NE(data_.files[0].content.find("localAPIEndpoint:\n  advertiseAddress: 192.168.7.7\n"),
            std::string::npos)
      << data_.files[0].content;
  EXPECT_NE(data_.files[1].content.find("server: https://192.168.7.7:6443"), std::string::npos);
  // Said once, by the first phase that needed it.
  std::string out = out_.str();
  EXPECT_EQ(out.find("Using the default route's address"),
            out.rfind("Using the default route's address"));
}

TEST_F(PreflightPhaseTest, ProxyDisabledRendersNoAddon) {
  data_.loaded.config.proxy_disabled = true;
  ASSERT_TRUE(Run("addon/kube-proxy").ok());
  EXPECT_TRUE(data_.files.empty());
}

}  // namespace
}  // namespace ki::phases
