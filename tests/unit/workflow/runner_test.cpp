#include <gtest/gtest.h>

#include "pkg/workflow/phase.h"

namespace ki::workflow {
namespace {

struct Data {
  std::vector<std::string> ran;
  bool enable_optional = false;
};

Phase<Data> Leaf(const std::string& name, Status result = Status::Ok()) {
  return {name,
          name + " help",
          {},
          [name, result](Data& d) {
            d.ran.push_back(name);
            return result;
          },
          {}};
}

Runner<Data> Tree() {
  Phase<Data> addon{"addon", "addons", {Leaf("coredns"), Leaf("kube-proxy")}, {}, {}};
  Phase<Data> optional = Leaf("optional");
  optional.run_if = [](const Data& d) { return d.enable_optional; };
  Phase<Data> certs = Leaf("certs");
  certs.children = {Leaf("ca"), Leaf("apiserver")};
  return Runner<Data>({Leaf("preflight"), certs, optional, addon});
}

TEST(Runner, RunsPhasesInOrderDepthFirst) {
  Data d;
  ASSERT_TRUE(Tree().Run(d).ok());
  EXPECT_EQ(d.ran, (std::vector<std::string>{"preflight", "certs", "ca", "apiserver", "coredns",
                                             "kube-proxy"}));
}

TEST(Runner, NamesAreParentSlashChild) {
  std::vector<std::string> names;
  for (const PhaseName& n : Tree().Names()) names.push_back(n.full_name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"preflight", "certs", "certs/ca", "certs/apiserver",
                                      "optional", "addon", "addon/coredns", "addon/kube-proxy"}));
}

TEST(Runner, SkippingAParentSkipsItsChildren) {
  Runner<Data> r = Tree();
  ASSERT_TRUE(r.SetSkipped({"certs", "addon/coredns"}).ok());
  Data d;
  ASSERT_TRUE(r.Run(d).ok());
  EXPECT_EQ(d.ran, (std::vector<std::string>{"preflight", "kube-proxy"}));
}

TEST(Runner, SkipNamesAreCaseInsensitive) {
  Runner<Data> r = Tree();
  ASSERT_TRUE(r.SetSkipped({" Addon/Kube-Proxy "}).ok());
  Data d;
  ASSERT_TRUE(r.Run(d).ok());
  EXPECT_EQ(d.ran.back(), "coredns");
}

TEST(Runner, UnknownSkipNameNamesTheValidOnes) {
  Status st = Tree().SetSkipped({"addons"});
  EXPECT_EQ(st.code(), Code::kInvalidConfig);
  EXPECT_EQ(st.message(),
            "invalid phase name: addons (valid phases: preflight, certs, certs/ca, "
            "certs/apiserver, optional, addon, addon/coredns, addon/kube-proxy)");
}

TEST(Runner, FilterRunsOnePhaseAndItsChildren) {
  Data d;
  ASSERT_TRUE(Tree().Run(d, "certs").ok());
  EXPECT_EQ(d.ran, (std::vector<std::string>{"certs", "ca", "apiserver"}));
  Data d2;
  ASSERT_TRUE(Tree().Run(d2, "addon/kube-proxy").ok());
  EXPECT_EQ(d2.ran, std::vector<std::string>{"kube-proxy"});
  Data d3;
  EXPECT_EQ(Tree().Run(d3, "nope").message().rfind("invalid phase name: nope", 0), 0u);
}

TEST(Runner, RunIfGatesAPhase) {
  Data off;
  ASSERT_TRUE(Tree().Run(off).ok());
  EXPECT_EQ(std::count(off.ran.begin(), off.ran.end(), "optional"), 0);
  Data on{.enable_optional = true};
  ASSERT_TRUE(Tree().Run(on).ok());
  EXPECT_EQ(std::count(on.ran.begin(), on.ran.end(), "optional"), 1);
}

TEST(Runner, ErrorsStopTheRunAndAreWrappedWithThePhaseName) {
  Phase<Data> addon{"addon", "", {Leaf("kube-proxy", Status::Preflight("boom"))}, {}, {}};
  Runner<Data> r({Leaf("preflight"), addon, Leaf("after")});
  Data d;
  Status st = r.Run(d);
  EXPECT_EQ(st.message(), "error execution phase addon/kube-proxy: boom");
  EXPECT_EQ(st.code(), Code::kPreflight);  // the cause's exit code survives the wrapping
  EXPECT_EQ(d.ran, (std::vector<std::string>{"preflight", "kube-proxy"}));
}

}  // namespace
}  // namespace ki::workflow
