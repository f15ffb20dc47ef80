#include "pkg/kmod/kmod_probe.h"

#include <gtest/gtest.h>

#include "pkg/kmod/kernel_modules.h"
#include "tests/unit/kmod/prepared_tree.h"

namespace ki::kmod {
namespace {

using testing::HostTreeWithIpvs;
using testing::PreparedTree;

class KmodProbeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // scripts/install-deps installs linux-image-cloud-amd64 for the VM node;
    // its modules are the real files these trees are made of.
    ASSERT_FALSE(HostTreeWithIpvs().empty())
        << "no /lib/modules/*/kernel/net/netfilter/ipvs/ip_vs.ko: run scripts/install-deps";
  }

  std::unique_ptr<ModuleProbe> Probe(const PreparedTree& tree) {
    Result<std::unique_ptr<ModuleProbe>> p = NewKmodProbe(tree.Options());
    EXPECT_TRUE(p.ok()) << p.status().message();
    return p.ok() ? std::move(p).value() : nullptr;
  }
};

TEST_F(KmodProbeTest, LoadableModuleWithPathAndDependencies) {
  PreparedTree tree("6.1.0-test");
  tree.AddModule("ip_vs");
  tree.Depmod();
  ModuleStatus st = Probe(tree)->Probe("ip_vs");
  EXPECT_EQ(st.state, ModuleState::kLoadable);
  EXPECT_EQ(st.path, (tree.Dir() / "kernel/net/netfilter/ipvs/ip_vs.ko").string());
  EXPECT_EQ(st.evidence, (tree.Dir() / "modules.dep").string());
  EXPECT_NE(std::find(st.dependencies.begin(), st.dependencies.end(), "nf_conntrack"),
            st.dependencies.end());
}

TEST_F(KmodProbeTest, BuiltinFromModulesBuiltin) {
  PreparedTree tree("6.1.0-test");
  tree.AddBuiltin("kernel/net/netfilter/ipvs/ip_vs_rr.ko");
  tree.Depmod();
  ModuleStatus st = Probe(tree)->Probe("ip_vs_rr");
  EXPECT_EQ(st.state, ModuleState::kBuiltin);
  EXPECT_EQ(st.evidence, (tree.Dir() / "modules.builtin").string());
}

TEST_F(KmodProbeTest, LoadedFromProcModules) {
  PreparedTree tree("6.1.0-test");
  tree.AddModule("ip_vs");
  tree.SetLoaded("ip_vs", "Live");
  tree.Depmod();
  ModuleStatus st = Probe(tree)->Probe("ip_vs");
  EXPECT_EQ(st.state, ModuleState::kLoaded);
  EXPECT_EQ(st.load_state, "Live");
  EXPECT_EQ(st.evidence, tree.Options().proc_modules);
}

TEST_F(KmodProbeTest, MissingSaysWhyFromTheKernelConfig) {
  PreparedTree tree("6.1.0-test");
  tree.SetConfig("CONFIG_IP_VS=y\nCONFIG_IP_VS_MH=m\n# CONFIG_IP_VS_FO is not set\n");
  tree.Depmod();
  std::unique_ptr<ModuleProbe> probe = Probe(tree);
  ModuleStatus mh = probe->Probe("ip_vs_mh");
  EXPECT_EQ(mh.state, ModuleState::kMissing);
  EXPECT_NE(mh.reason.find("builds it as a module (CONFIG_IP_VS_MH=m"), std::string::npos)
      << mh.reason;
  ModuleStatus fo = probe->Probe("ip_vs_fo");
  EXPECT_EQ(fo.state, ModuleState::kMissing);
  EXPECT_EQ(fo.reason, "CONFIG_IP_VS_FO is not set in this kernel's configuration (" +
                           tree.Options().kernel_configs[0] +
                           "): kernel 6.1.0-test has no ip_vs_fo");
  // Built in per the configuration, though not listed in modules.builtin.
  EXPECT_EQ(probe->Probe("ip_vs").state, ModuleState::kBuiltin);
}

TEST_F(KmodProbeTest, NoModuleTreeAtAll) {
  PreparedTree tree("6.18.0-nomods");
  tree.RemoveTree();
  tree.RemoveProcModules();
  tree.SetConfig("CONFIG_NF_CONNTRACK=y\n");
  std::unique_ptr<ModuleProbe> probe = Probe(tree);
  EXPECT_EQ(probe->Probe("nf_conntrack").state, ModuleState::kBuiltin);
  ModuleStatus ipvs = probe->Probe("ip_vs");
  EXPECT_EQ(ipvs.state, ModuleState::kMissing);
  EXPECT_EQ(ipvs.reason.rfind("CONFIG_IP_VS is not set in this kernel's configuration", 0), 0u);
  Status load = probe->Load("ip_vs");
  EXPECT_EQ(load.code(), Code::kUnavailable);
  EXPECT_EQ(load.message().rfind("load module ip_vs: CONFIG_IP_VS is not set", 0), 0u);
}

TEST_F(KmodProbeTest, ModuleFileButNoModuleSupport) {
  PreparedTree tree("6.1.0-test");
  tree.AddModule("ip_vs");
  tree.RemoveProcModules();
  tree.Depmod();
  ModuleStatus st = Probe(tree)->Probe("ip_vs");
  EXPECT_EQ(st.state, ModuleState::kMissing);
  EXPECT_NE(st.reason.find("no loadable module support"), std::string::npos);
}

TEST_F(KmodProbeTest, LoadOfBuiltinOrLoadedIsANoOp) {
  PreparedTree tree("6.1.0-test");
  tree.AddBuiltin("kernel/net/netfilter/ipvs/ip_vs_rr.ko");
  tree.AddModule("ip_vs");
  tree.SetLoaded("ip_vs", "Live");
  tree.Depmod();
  std::unique_ptr<ModuleProbe> probe = Probe(tree);
  EXPECT_TRUE(probe->Load("ip_vs_rr").ok());
  EXPECT_TRUE(probe->Load("ip_vs").ok());
}

TEST(KernelModules, RequiredSetByKernelVersionAndScheduler) {
  using V = std::vector<std::string>;
  EXPECT_EQ(RequiredIpvsModules({4, 14, 0}, ""),
            (V{"ip_vs", "ip_vs_rr", "ip_vs_wrr", "ip_vs_sh", "nf_conntrack_ipv4"}));
  EXPECT_EQ(RequiredIpvsModules({4, 19, 0}, "rr"),
            (V{"ip_vs", "ip_vs_rr", "ip_vs_wrr", "ip_vs_sh", "nf_conntrack"}));
  EXPECT_EQ(RequiredIpvsModules({6, 1, 0}, "mh"),
            (V{"ip_vs", "ip_vs_rr", "ip_vs_wrr", "ip_vs_sh", "nf_conntrack", "ip_vs_mh"}));
}

TEST(KernelModules, ParsesReleasesConfigsAndProcModules) {
  Result<KernelVersion> v = ParseKernelRelease("6.1.0-56-cloud-amd64");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, (KernelVersion{6, 1, 0}));
  EXPECT_EQ(*ParseKernelRelease("4.18"), (KernelVersion{4, 18, 0}));
  EXPECT_FALSE(ParseKernelRelease("linux").ok());
  EXPECT_EQ(ConfigSymbolFor("nf_conntrack_ipv4"), "CONFIG_NF_CONNTRACK_IPV4");
  auto config = ParseKernelConfig("CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C=m\n");
  EXPECT_EQ(config.size(), 2u);
  EXPECT_EQ(config["CONFIG_C"], "m");
  auto mods = ParseProcModules(
      "ip_vs_rr 16384 3 - Live 0xffffffffc0a3a000\n"
      "ip_vs 188416 5 ip_vs_rr, Loading 0xffffffffc0a00000\n");
  EXPECT_EQ(mods["ip_vs_rr"], "Live");
  EXPECT_EQ(mods["ip_vs"], "Loading");
}

}  // namespace
}  // namespace ki::kmod
