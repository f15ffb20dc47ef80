// Graceful termination: the per-real-server state machine as a table, and the
// plans it yields across syncs as connection counts are observed.
// Suite names start with "proxy" so `ctest -R 'proxy'` selects them.
#include "pkg/proxy/graceful.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pkg/proxy/plan.h"
#include "tests/unit/proxy/builders.h"

namespace ki::proxy {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace): test builders
using Strings = std::vector<std::string>;

struct StepCase {
  const char* name;
  bool wanted;
  bool in_kernel;
  uint32_t kernel_weight;
  uint32_t active, inactive;
  uint16_t protocol;
  RsStep want;
  bool counted = true;  // counts observed (false: added since the last dump)
};

class proxyRealServerSteps : public ::testing::TestWithParam<StepCase> {};

TEST_P(proxyRealServerSteps, Transition) {
  const StepCase& c = GetParam();
  const RealServer rs{Ip("10.244.1.2"), 8080, 1};
  KernelDest kd;
  kd.addr = rs.addr;
  kd.port = rs.port;
  kd.weight = c.kernel_weight;
  kd.active_conns = c.active;
  kd.inactive_conns = c.inactive;
  kd.counted = c.counted;
  const RsStep got = NextStep(c.wanted ? &rs : nullptr, c.in_kernel ? &kd : nullptr, c.protocol);
  EXPECT_EQ(RsStepName(got), RsStepName(c.want));
}

constexpr uint16_t kTcp = ipvs::kProtoTcp, kUdp = ipvs::kProtoUdp, kSctp = ipvs::kProtoSctp;

INSTANTIATE_TEST_SUITE_P(
    Table, proxyRealServerSteps,
    ::testing::Values(
        StepCase{"NewIsAdded", true, false, 0, 0, 0, kTcp, RsStep::kAdd},
        StepCase{"ServingStays", true, true, 1, 5, 0, kTcp, RsStep::kNone},
        StepCase{"WrongWeightIsUpdated", true, true, 3, 0, 0, kTcp, RsStep::kUpdate},
        StepCase{"DrainingReturnsToService", true, true, 0, 4, 2, kTcp, RsStep::kUpdate},
        StepCase{"IdleTcpGoesAtOnce", false, true, 1, 0, 0, kTcp, RsStep::kDelete},
        StepCase{"BusyTcpDrains", false, true, 1, 3, 0, kTcp, RsStep::kDrain},
        StepCase{"InactiveConnsCountToo", false, true, 1, 0, 1, kTcp, RsStep::kDrain},
        StepCase{"DrainingWaits", false, true, 0, 1, 1, kTcp, RsStep::kWait},
        StepCase{"DrainedIsDeleted", false, true, 0, 0, 0, kTcp, RsStep::kDelete},
        StepCase{"BusyUdpGoesAtOnce", false, true, 1, 9, 9, kUdp, RsStep::kDelete},
        StepCase{"BusySctpGoesAtOnce", false, true, 1, 9, 0, kSctp, RsStep::kDelete},
        StepCase{"AbsentAndUnwanted", false, false, 0, 0, 0, kTcp, RsStep::kNone},
        StepCase{"UncountedTcpDrains", false, true, 1, 0, 0, kTcp, RsStep::kDrain, false},
        StepCase{"UncountedDrainingWaits", false, true, 0, 0, 0, kTcp, RsStep::kWait, false},
        StepCase{"UncountedUdpGoesAtOnce", false, true, 1, 0, 0, kUdp, RsStep::kDelete, false}),
    [](const auto& info) { return std::string(info.param.name); });

// A TCP and a UDP virtual server, wanted with `reals`, against a kernel whose
// real servers have the given weights and connection counts.
class proxyDrainAcrossSyncs : public ::testing::Test {
 protected:
  void Want(const std::vector<RealServer>& reals) {
    ServiceState st;
    for (auto key : {tcp_, udp_}) {
      VirtualServer vs;
      vs.service.key = key;
      vs.service.scheduler = "rr";
      vs.reals = reals;
      st.servers.push_back(vs);
    }
    ChangeSet ignored;
    desired_.Set({"ns", "web"}, std::move(st), ignored);
  }
  void Have(uint32_t weight, uint32_t active) {
    for (auto key : {tcp_, udp_}) {
      ipvs::Service s;
      s.key = key;
      s.scheduler = "rr";
      ipvs::Destination keep, old;
      keep.addr = Ip("10.244.1.1");
      keep.port = 8080;
      old.addr = Ip("10.244.1.2");
      old.port = 8080;
      old.weight = weight;
      old.active_conns = active;
      table_.Put(s, std::vector<ipvs::Destination>{keep, old});
    }
  }
  Strings PlanText(std::vector<ipvs::ServiceKey>* draining = nullptr) {
    Plan p = PlanFull(desired_, table_, Ownership::Everything());
    if (draining) *draining = p.draining;
    return Text(p);
  }

  ipvs::ServiceKey tcp_ = ipvs::ServiceKey::Tcp(Ip("10.96.0.10"), 80);
  ipvs::ServiceKey udp_ = ipvs::ServiceKey::Udp(Ip("10.96.0.10"), 80);
  RealServer keep_{Ip("10.244.1.1"), 8080, 1};
  RealServer old_{Ip("10.244.1.2"), 8080, 1};
  DesiredState desired_;
  KernelTable table_;
};

TEST_F(proxyDrainAcrossSyncs, TcpDrainsThenGoesUdpGoesAtOnce) {
  Want({keep_});
  Have(1, 3);
  std::vector<ipvs::ServiceKey> draining;
  EXPECT_EQ(PlanText(&draining),
            (Strings{"update destination 10.244.1.2:8080 of TCP 10.96.0.10:80 weight 0",
                     "delete destination 10.244.1.2:8080 of UDP 10.96.0.10:80"}));
  EXPECT_EQ(draining, std::vector<ipvs::ServiceKey>{tcp_});
  Have(0, 2);  // still connections: nothing to do, still draining
  EXPECT_EQ(PlanText(&draining),
            (Strings{"delete destination 10.244.1.2:8080 of UDP 10.96.0.10:80"}));
  EXPECT_EQ(draining, std::vector<ipvs::ServiceKey>{tcp_});
  Have(0, 0);  // drained
  EXPECT_EQ(PlanText(&draining),
            (Strings{"delete destination 10.244.1.2:8080 of TCP 10.96.0.10:80",
                     "delete destination 10.244.1.2:8080 of UDP 10.96.0.10:80"}));
  EXPECT_TRUE(draining.empty());
}

TEST_F(proxyDrainAcrossSyncs, ReturningEndpointGetsItsWeightBackWithoutReAdd) {
  Want({keep_, old_});
  Have(0, 2);
  EXPECT_EQ(PlanText(),
            (Strings{"update destination 10.244.1.2:8080 of TCP 10.96.0.10:80 weight 1",
                     "update destination 10.244.1.2:8080 of UDP 10.96.0.10:80 weight 1"}));
}

}  // namespace
}  // namespace ki::proxy
