#include "pkg/ipvs/testing/fake_ipvs.h"

#include <gtest/gtest.h>

namespace ki::ipvs::testing {
namespace {

IpAddress Ip(const char* s) { return *IpAddress::Parse(s); }

Service Svc(const char* addr, uint16_t port, const char* sched = "rr") {
  Service s;
  s.key = ServiceKey::Tcp(Ip(addr), port);
  s.scheduler = sched;
  s.netmask = Service::DefaultNetmask(s.key.af);
  return s;
}

Destination Dest(const char* addr, uint16_t port, uint32_t weight = 1) {
  Destination d;
  d.addr = Ip(addr);
  d.port = port;
  d.weight = weight;
  return d;
}

TEST(FakeIpvs, AddedServiceReadsBackWithHashedSet) {
  FakeIpvs ipvs;
  ASSERT_TRUE(ipvs.AddService(Svc("10.0.0.1", 80)).ok());
  auto got = ipvs.GetService(ServiceKey::Tcp(Ip("10.0.0.1"), 80));
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->flags & kFlagHashed, kFlagHashed);
  EXPECT_TRUE(got->SameConfig(Svc("10.0.0.1", 80)));  // HASHED ignored when comparing
}

TEST(FakeIpvs, DuplicateAddFailsLikeTheKernel) {
  FakeIpvs ipvs;
  ASSERT_TRUE(ipvs.AddService(Svc("10.0.0.1", 80)).ok());
  Status s = ipvs.AddService(Svc("10.0.0.1", 80));
  EXPECT_EQ(s.code(), Code::kAlreadyExists);
  EXPECT_EQ(s.message(), "add service TCP 10.0.0.1:80: service already exists");
  ASSERT_TRUE(ipvs.AddDestination(Svc("10.0.0.1", 80).key, Dest("10.1.0.1", 8080)).ok());
  Status d = ipvs.AddDestination(Svc("10.0.0.1", 80).key, Dest("10.1.0.1", 8080));
  EXPECT_EQ(d.code(), Code::kAlreadyExists);
  EXPECT_NE(d.message().find("destination already exists"), std::string::npos);
}

TEST(FakeIpvs, DeletesAndUpdatesOfMissingObjectsFail) {
  FakeIpvs ipvs;
  const ServiceKey k = Svc("10.0.0.1", 80).key;
  EXPECT_EQ(ipvs.DeleteService(k).code(), Code::kNotFound);
  EXPECT_EQ(ipvs.UpdateService(Svc("10.0.0.1", 80)).code(), Code::kNotFound);
  EXPECT_EQ(ipvs.AddDestination(k, Dest("10.1.0.1", 80)).message(),
            "add destination 10.1.0.1:80 to TCP 10.0.0.1:80: no such service");
  ASSERT_TRUE(ipvs.AddService(Svc("10.0.0.1", 80)).ok());
  EXPECT_EQ(ipvs.DeleteDestination(k, Dest("10.1.0.1", 80)).message(),
            "delete destination 10.1.0.1:80 of TCP 10.0.0.1:80: no such destination");
  EXPECT_EQ(ipvs.UpdateDestination(k, Dest("10.1.0.1", 80)).code(), Code::kNotFound);
}

TEST(FakeIpvs, UnknownSchedulerIsRefused) {
  FakeIpvs ipvs;
  Status s = ipvs.AddService(Svc("10.0.0.1", 80, "nosuch"));
  EXPECT_EQ(s.code(), Code::kInvalidConfig);
  EXPECT_NE(s.message().find("scheduler"), std::string::npos);
  EXPECT_TRUE(ipvs.ListServices()->empty());
}

TEST(FakeIpvs, UpdateKeepsCountersAndDeleteRemovesDestinations) {
  FakeIpvs ipvs;
  const ServiceKey k = Svc("10.0.0.1", 80).key;
  ASSERT_TRUE(ipvs.AddService(Svc("10.0.0.1", 80)).ok());
  ASSERT_TRUE(ipvs.AddDestination(k, Dest("10.1.0.1", 80)).ok());
  ASSERT_TRUE(ipvs.AddDestination(k, Dest("10.1.0.2", 80)).ok());
  ASSERT_TRUE(ipvs.UpdateDestination(k, Dest("10.1.0.2", 80, 0)).ok());
  auto dests = ipvs.ListDestinations(k);
  ASSERT_EQ(dests->size(), 2u);
  EXPECT_EQ((*dests)[1].weight, 0u);
  ASSERT_TRUE(ipvs.DeleteService(k).ok());
  EXPECT_TRUE(ipvs.ListDestinations(k)->empty());  // like the kernel's dump of a missing service
}

TEST(FakeIpvs, MixedFamilyOnlyForTunnels) {
  FakeIpvs ipvs;
  const ServiceKey k = Svc("10.0.0.1", 80).key;
  ASSERT_TRUE(ipvs.AddService(Svc("10.0.0.1", 80)).ok());
  EXPECT_EQ(ipvs.AddDestination(k, Dest("fd00::1", 80)).code(), Code::kInvalidConfig);
  Destination t = Dest("fd00::1", 80);
  t.fwd = FwdMethod::kTunnel;
  EXPECT_TRUE(ipvs.AddDestination(k, t).ok());
}

TEST(FakeIpvs, BatchReportsEachOperation) {
  FakeIpvs ipvs;
  const ServiceKey k = Svc("10.0.0.1", 80).key;
  std::vector<Op> ops = {Op::AddService(Svc("10.0.0.1", 80)), Op::AddDest(k, Dest("10.1.0.1", 80)),
                         Op::AddService(Svc("10.0.0.1", 80)),
                         Op::DeleteDest(k, Dest("10.9.9.9", 1)),
                         Op::AddDest(k, Dest("10.1.0.2", 80))};
  auto r = ipvs.Apply(ops);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->statuses.size(), 5u);
  EXPECT_TRUE(r->statuses[0].ok());
  EXPECT_TRUE(r->statuses[1].ok());
  EXPECT_EQ(r->statuses[2].code(), Code::kAlreadyExists);
  EXPECT_EQ(r->statuses[3].code(), Code::kNotFound);
  EXPECT_TRUE(r->statuses[4].ok());
  EXPECT_EQ(r->failed(), 2u);
  EXPECT_EQ(r->FirstError().message(),
            "operation 3 of 5 (2 failed): add service TCP 10.0.0.1:80: service already exists");
  EXPECT_EQ(ipvs.ListDestinations(k)->size(), 2u);
}

TEST(FakeIpvs, FlushTimeoutsAndUnavailable) {
  FakeIpvs ipvs;
  ASSERT_TRUE(ipvs.AddService(Svc("10.0.0.1", 80)).ok());
  ASSERT_TRUE(ipvs.Flush().ok());
  EXPECT_TRUE(ipvs.ListServices()->empty());
  ASSERT_TRUE(ipvs.SetTimeouts({0, 30, 0}).ok());
  EXPECT_EQ(*ipvs.GetTimeouts(), (Timeouts{900, 30, 300}));
  ipvs.set_unavailable(true);
  EXPECT_EQ(ipvs.ListServices().status().code(), Code::kUnavailable);
  EXPECT_NE(ipvs.AddService(Svc("10.0.0.1", 80))
                .message()
                .find("ip_vs module is neither built in nor loaded"),
            std::string::npos);
}

}  // namespace
}  // namespace ki::ipvs::testing
