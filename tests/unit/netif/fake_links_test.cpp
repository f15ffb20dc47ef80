#include "pkg/netif/testing/fake_links.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace ki::netif::testing {
namespace {

IpAddress Ip(const char* s) { return *IpAddress::Parse(s); }
std::vector<IpAddress> Ips(std::initializer_list<const char*> l) {
  std::vector<IpAddress> out;
  for (const char* s : l) out.push_back(Ip(s));
  return out;
}

constexpr char kLink[] = "kube-ipvs0";

TEST(FakeLinks, EnsureCreatesADownDummyThenAdoptsIt) {
  FakeLinks f;
  auto first = f.EnsureDummy(kLink);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->created);
  EXPECT_FALSE(first->up);
  auto again = f.EnsureDummy(kLink);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->index, first->index);
  EXPECT_EQ(f.calls().ensure, 2u);
}

TEST(FakeLinks, EnsureAdoptsAnExistingDummyAsItIs) {
  FakeLinks f;
  const int index = f.AddLink(kLink, "dummy", /*up=*/true);
  f.AddAddress(kLink, Ip("10.96.0.1"), 32);
  f.AddAddress(kLink, Ip("fe80::1c2d:3eff:fe4f:5a6b"), 64, kScopeLink);  // up: the kernel's
  auto st = f.EnsureDummy(kLink);
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->index, index);
  EXPECT_TRUE(st->up);
  EXPECT_FALSE(st->created);
  EXPECT_EQ(*f.ListBound(kLink), Ips({"10.96.0.1"}));
}

TEST(FakeLinks, OtherKindsAreRefusedAndLeftAlone) {
  FakeLinks f;
  f.AddLink(kLink, "bridge", true);
  auto st = f.EnsureDummy(kLink);
  EXPECT_EQ(st.status().code(), Code::kInvalidConfig);
  EXPECT_NE(st.status().message().find("is a bridge link"), std::string::npos);
  EXPECT_EQ(f.DeleteDummy(kLink).code(), Code::kInvalidConfig);
  EXPECT_TRUE(f.Exists(kLink));
  EXPECT_EQ(f.EnsureDummy("bad/name").status().code(), Code::kInvalidConfig);
}

TEST(FakeLinks, DeleteIsIdempotent) {
  FakeLinks f;
  ASSERT_TRUE(f.EnsureDummy(kLink).ok());
  EXPECT_TRUE(f.DeleteDummy(kLink).ok());
  EXPECT_FALSE(f.Exists(kLink));
  EXPECT_TRUE(f.DeleteDummy(kLink).ok());
}

TEST(FakeLinks, BindListsSortedAndUniqueAndDuplicatesSucceed) {
  FakeLinks f;
  ASSERT_TRUE(f.EnsureDummy(kLink).ok());
  auto res = f.Bind(kLink, Ips({"10.96.0.10", "fd00::1", "10.96.0.2", "10.96.0.10"}));
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->failed(), 0u);
  EXPECT_EQ(*f.ListBound(kLink), Ips({"10.96.0.2", "10.96.0.10", "fd00::1"}));
  EXPECT_EQ(f.Bind(kLink, Ips({"10.96.0.2"}))->failed(), 0u);
  EXPECT_EQ(f.calls().bind, 2u);
  EXPECT_EQ(f.calls().bind_requests, 5u);
}

TEST(FakeLinks, BindNeedsTheLink) {
  FakeLinks f;
  auto res = f.Bind(kLink, Ips({"10.96.0.1"}));
  EXPECT_EQ(res.status().code(), Code::kNotFound);
  EXPECT_EQ(res.status().message(), "link kube-ipvs0 does not exist (ensure it first)");
  EXPECT_EQ(f.ListBound(kLink).status().code(), Code::kNotFound);
}

TEST(FakeLinks, UnbindOfMissingAddressesOrLinkSucceeds) {
  FakeLinks f;
  auto no_link = f.Unbind(kLink, Ips({"10.96.0.1"}));
  ASSERT_TRUE(no_link.ok());
  EXPECT_EQ(no_link->statuses.size(), 1u);
  EXPECT_EQ(no_link->failed(), 0u);
  ASSERT_TRUE(f.EnsureDummy(kLink).ok());
  ASSERT_TRUE(f.Bind(kLink, Ips({"10.96.0.1", "10.96.0.2"})).ok());
  auto res = f.Unbind(kLink, Ips({"10.96.0.1", "10.96.0.99"}));
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->failed(), 0u);
  EXPECT_EQ(*f.ListBound(kLink), Ips({"10.96.0.2"}));
}

TEST(FakeLinks, UnbindMatchesIpv4AnyPrefixButIpv6OnlySlash128) {
  FakeLinks f;
  ASSERT_TRUE(f.EnsureDummy(kLink).ok());
  f.AddAddress(kLink, Ip("10.96.0.1"), 24);
  f.AddAddress(kLink, Ip("fd00::1"), 64);
  ASSERT_TRUE(f.Unbind(kLink, Ips({"10.96.0.1", "fd00::1"})).ok());
  EXPECT_EQ(*f.ListBound(kLink), Ips({"fd00::1"}));  // as the kernel: /64 is not /128
}

TEST(FakeLinks, InjectedErrorsArePerAddress) {
  FakeLinks f;
  ASSERT_TRUE(f.EnsureDummy(kLink).ok());
  f.InjectError(Ip("fd00::1"), EACCES);
  auto res = f.Bind(kLink, Ips({"10.96.0.1", "fd00::1", "10.96.0.2"}));
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->failed(), 1u);
  EXPECT_FALSE(res->statuses[1].ok());
  EXPECT_NE(res->statuses[1].message().find("IPv6 is disabled"), std::string::npos);
  EXPECT_EQ(res->FirstError().message().rfind("operation 2 of 3 (1 failed): bind fd00::1/128", 0),
            0u)
      << res->FirstError().message();
  EXPECT_EQ(*f.ListBound(kLink), Ips({"10.96.0.1", "10.96.0.2"}));
  f.InjectError(Ip("10.96.0.1"), EPERM);
  auto un = f.Unbind(kLink, Ips({"10.96.0.1"}));
  EXPECT_EQ(un->statuses[0].code(), Code::kPermissionDenied);
  f.InjectError(Ip("10.96.0.1"), 0);
  EXPECT_EQ(f.Unbind(kLink, Ips({"10.96.0.1"}))->failed(), 0u);
}

TEST(FakeLinks, TransportErrorFailsEveryCall) {
  FakeLinks f;
  ASSERT_TRUE(f.EnsureDummy(kLink).ok());
  f.set_transport_error(Status::Internal("netlink: receive: No buffer space available"));
  EXPECT_FALSE(f.Bind(kLink, Ips({"10.96.0.1"})).ok());
  EXPECT_FALSE(f.ListBound(kLink).ok());
  EXPECT_FALSE(f.ListOtherAddresses(kLink).ok());
  f.set_transport_error(Status::Ok());
  EXPECT_TRUE(f.ListBound(kLink).ok());
}

TEST(FakeLinks, OtherAddressesSkipOnlyTheNamedLink) {
  FakeLinks f;
  const int lo = f.AddLink("lo", "", true);
  f.AddAddress("lo", Ip("127.0.0.1"), 8, kScopeHost);
  const int eth = f.AddLink("eth0", "", true);
  f.AddAddress("eth0", Ip("192.168.1.5"), 24);
  ASSERT_TRUE(f.EnsureDummy(kLink).ok());
  // The same address on kube-ipvs0 and eth0: still eth0's.
  ASSERT_TRUE(f.Bind(kLink, Ips({"10.96.0.1", "192.168.1.5"})).ok());
  auto others = f.ListOtherAddresses(kLink);
  ASSERT_TRUE(others.ok());
  std::vector<LocalAddress> want = {{Ip("192.168.1.5"), 24, eth, kScopeUniverse},
                                    {Ip("127.0.0.1"), 8, lo, kScopeHost}};
  EXPECT_EQ(*others, want);
  EXPECT_EQ(NodeAddresses(*others), Ips({"192.168.1.5"}));
  EXPECT_EQ(f.ListOtherAddresses("missing")->size(), 4u);
  EXPECT_EQ(f.calls().list_other, 2u);
}

// --- local routes

LocalRoute Route(const char* addr, uint8_t prefix_len) { return {Ip(addr), prefix_len}; }

TEST(FakeLinks, LocalRoutesListSortedAndAddingTwiceSucceeds) {
  FakeLinks f;
  EXPECT_TRUE(f.ListLocalRoutes()->empty());
  ASSERT_TRUE(f.AddLocalRoute(Route("fd00:10:96::", 112)).ok());
  ASSERT_TRUE(f.AddLocalRoute(Route("10.96.0.0", 12)).ok());
  ASSERT_TRUE(f.AddLocalRoute(Route("10.0.0.0", 16)).ok());
  ASSERT_TRUE(f.AddLocalRoute(Route("10.96.0.0", 12)).ok());
  std::vector<LocalRoute> want = {Route("10.0.0.0", 16), Route("10.96.0.0", 12),
                                  Route("fd00:10:96::", 112)};
  EXPECT_EQ(*f.ListLocalRoutes(), want);
  EXPECT_EQ(f.calls().add_route, 4u);
  EXPECT_EQ(f.calls().list_routes, 2u);
}

TEST(FakeLinks, DeleteLocalRouteIsIdempotent) {
  FakeLinks f;
  ASSERT_TRUE(f.AddLocalRoute(Route("10.96.0.0", 12)).ok());
  EXPECT_TRUE(f.DeleteLocalRoute(Route("10.96.0.0", 12)).ok());
  EXPECT_TRUE(f.ListLocalRoutes()->empty());
  EXPECT_TRUE(f.DeleteLocalRoute(Route("10.96.0.0", 12)).ok());
  EXPECT_TRUE(f.DeleteLocalRoute(Route("fd00::", 64)).ok());
  EXPECT_EQ(f.calls().delete_route, 3u);
}

TEST(FakeLinks, LocalRoutesMustBeNetworks) {
  FakeLinks f;
  EXPECT_EQ(f.AddLocalRoute(Route("10.96.0.1", 12)).code(), Code::kInvalidConfig);
  EXPECT_EQ(f.AddLocalRoute(Route("10.96.0.0", 40)).code(), Code::kInvalidConfig);
  EXPECT_EQ(f.DeleteLocalRoute(Route("fd00::1", 64)).code(), Code::kInvalidConfig);
  EXPECT_TRUE(f.ListLocalRoutes()->empty());
}

TEST(FakeLinks, ForeignRoutesAreNeverListedOrDeleted) {
  FakeLinks f;
  f.AddForeignRoute(Route("10.96.0.0", 12));
  f.AddForeignRoute(Route("fd00:10:96::", 112));
  EXPECT_TRUE(f.ListLocalRoutes()->empty());
  // IPv4 puts ours beside the other route; IPv6 has room for one per device.
  ASSERT_TRUE(f.AddLocalRoute(Route("10.96.0.0", 12)).ok());
  Status v6 = f.AddLocalRoute(Route("fd00:10:96::", 112));
  EXPECT_EQ(v6.code(), Code::kAlreadyExists);
  EXPECT_NE(v6.message().find("not the proxy's"), std::string::npos);
  EXPECT_EQ(*f.ListLocalRoutes(), std::vector<LocalRoute>{Route("10.96.0.0", 12)});
  ASSERT_TRUE(f.DeleteLocalRoute(Route("10.96.0.0", 12)).ok());
  ASSERT_TRUE(f.DeleteLocalRoute(Route("fd00:10:96::", 112)).ok());
  EXPECT_TRUE(f.ListLocalRoutes()->empty());
  EXPECT_TRUE(f.HasForeignRoute(Route("10.96.0.0", 12)));
  EXPECT_TRUE(f.HasForeignRoute(Route("fd00:10:96::", 112)));
}

TEST(FakeLinks, LocalRoutesLiveOnLoNotOnTheDummy) {
  FakeLinks f;
  ASSERT_TRUE(f.EnsureDummy(kLink).ok());
  ASSERT_TRUE(f.AddLocalRoute(Route("10.96.0.0", 12)).ok());
  ASSERT_TRUE(f.DeleteDummy(kLink).ok());
  EXPECT_EQ(*f.ListLocalRoutes(), std::vector<LocalRoute>{Route("10.96.0.0", 12)});
}

TEST(FakeLinks, InjectedRouteErrorsAndTransportErrors) {
  FakeLinks f;
  f.InjectRouteError(Route("10.96.0.0", 12), EPERM);
  Status s = f.AddLocalRoute(Route("10.96.0.0", 12));
  EXPECT_EQ(s.code(), Code::kPermissionDenied);
  EXPECT_NE(s.message().find("CAP_NET_ADMIN"), std::string::npos);
  EXPECT_TRUE(f.ListLocalRoutes()->empty());
  ASSERT_TRUE(f.AddLocalRoute(Route("fd00:10:96::", 112)).ok());  // per route
  f.InjectRouteError(Route("fd00:10:96::", 112), EBUSY);
  EXPECT_EQ(f.DeleteLocalRoute(Route("fd00:10:96::", 112)).sys_errno(), EBUSY);
  f.InjectRouteError(Route("fd00:10:96::", 112), ESRCH);  // the kernel's "absent"
  EXPECT_TRUE(f.DeleteLocalRoute(Route("fd00:10:96::", 112)).ok());
  f.InjectRouteError(Route("10.96.0.0", 12), 0);
  f.InjectRouteError(Route("fd00:10:96::", 112), 0);
  ASSERT_TRUE(f.AddLocalRoute(Route("10.96.0.0", 12)).ok());
  f.set_transport_error(Status::Internal("netlink: receive: No buffer space available"));
  EXPECT_FALSE(f.ListLocalRoutes().ok());
  EXPECT_FALSE(f.AddLocalRoute(Route("10.0.0.0", 8)).ok());
  EXPECT_FALSE(f.DeleteLocalRoute(Route("10.96.0.0", 12)).ok());
  f.set_transport_error(Status::Ok());
  EXPECT_EQ(f.ListLocalRoutes()->size(), 2u);
}

}  // namespace
}  // namespace ki::netif::testing
