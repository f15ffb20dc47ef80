// Which UDP flows lose their backend when a plan is applied: removed UDP real
// servers (by backend) and removed UDP virtual servers (every flow); TCP and
// fwmark services never.
#include "pkg/proxy/stale_flows.h"

#include <gtest/gtest.h>

#include "tests/unit/proxy/builders.h"

namespace ki::proxy {
namespace {

using testing::Ip;

ipvs::Destination Dest(const std::string& ip, uint16_t port) {
  ipvs::Destination d;
  d.addr = Ip(ip);
  d.port = port;
  return d;
}

TEST(StaleFlowsTest, RemovedUdpBackendsAndServices) {
  const auto dns = ipvs::ServiceKey::Udp(Ip("10.96.0.10"), 53);
  const auto gone = ipvs::ServiceKey::Udp(Ip("10.96.0.11"), 5353);
  const auto web = ipvs::ServiceKey::Tcp(Ip("10.96.0.12"), 80);
  Plan plan;
  plan.ops = {ipvs::Op::DeleteDest(dns, Dest("10.244.1.2", 53)),
              ipvs::Op::AddDest(dns, Dest("10.244.2.2", 53)),
              ipvs::Op::DeleteDest(dns, Dest("10.244.1.2", 53)),  // repeated: once
              ipvs::Op::DeleteService(gone),
              ipvs::Op::DeleteDest(web, Dest("10.244.1.2", 8080)),
              ipvs::Op::DeleteService(ipvs::ServiceKey::Fwmark(7))};
  const std::vector<StaleUdpFlow> want = {{Ip("10.96.0.10"), 53, Ip("10.244.1.2")},
                                          {Ip("10.96.0.11"), 5353, std::nullopt}};
  EXPECT_EQ(StaleUdpFlows(plan), want);
  EXPECT_TRUE(StaleUdpFlows(Plan{}).empty());
}

}  // namespace
}  // namespace ki::proxy
