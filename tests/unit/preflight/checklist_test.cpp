#include "pkg/preflight/checklist.h"

#include <gtest/gtest.h>

#include "pkg/preflight/checks.h"
#include "pkg/preflight/testing/fake_system.h"

namespace ki::preflight {
namespace {

TEST(Checklist, GuideOrderStatesAndRendering) {
  testing::FakeSystem sys;
  sys.uid = 1000;
  std::vector<std::unique_ptr<Check>> checks;
  checks.push_back(NewProxyModeCheck({"ipvs", "the default", "", "", ""}));
  checks.push_back(NewIpForwardCheck(sys));
  Checklist list = RunChecklist(checks, "6.1.0-test");
  ASSERT_EQ(list.steps.size(), 2u);
  EXPECT_EQ(list.steps[0].state, CheckState::kOk);
  EXPECT_EQ(list.steps[1].state, CheckState::kFailing);
  EXPECT_FALSE(list.CanStart());
  EXPECT_EQ(RenderText(list),
            "Why can't IPVS proxy mode start? Checklist for kernel 6.1.0-test\n"
            "\n[1] Proxy mode is ipvs ......................... ok\n"
            "    mode: ipvs\n"
            "      evidence: the default\n"
            "\n[2] IPv4 forwarding ............................ failing\n"
            "    read /proc/sys/net/ipv4/ip_forward: No such file or directory\n"
            "      evidence: /proc/sys/net/ipv4/ip_forward\n"
            "      fix: sysctl -w net.ipv4.ip_forward=1 (and keep it in /etc/sysctl.d/k8s.conf)\n"
            "\nIPVS mode cannot start on this node: 1 failing step(s), 0 warning(s).\n");
  std::string json = RenderJson(list);
  EXPECT_NE(json.find("\"kernelRelease\": \"6.1.0-test\""), std::string::npos);
  EXPECT_NE(json.find("\"canStart\": false"), std::string::npos);
  EXPECT_NE(json.find("\"state\": \"failing\""), std::string::npos);
}

}  // namespace
}  // namespace ki::preflight
