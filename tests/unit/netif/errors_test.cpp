#include "pkg/netif/errors.h"

#include <gtest/gtest.h>

#include <cerrno>

#include "pkg/netif/links.h"

namespace ki::netif {
namespace {

IpAddress Ip(const char* s) { return *IpAddress::Parse(s); }

TEST(NetifErrors, AlreadyBoundIsSuccess) {
  EXPECT_TRUE(BindOutcome(0, Ip("10.96.0.1"), "kube-ipvs0").ok());
  EXPECT_TRUE(BindOutcome(EEXIST, Ip("10.96.0.1"), "kube-ipvs0").ok());
}

TEST(NetifErrors, NotBoundIsSuccessForUnbind) {
  for (int err : {0, EADDRNOTAVAIL, ENOENT, ESRCH, ENODEV}) {
    EXPECT_TRUE(UnbindOutcome(err, Ip("fd00::1"), "kube-ipvs0").ok()) << err;
  }
}

TEST(NetifErrors, PermissionSaysWhichCapability) {
  Status s = BindOutcome(EPERM, Ip("10.96.0.1"), "kube-ipvs0");
  EXPECT_EQ(s.code(), Code::kPermissionDenied);
  EXPECT_EQ(s.sys_errno(), EPERM);
  EXPECT_EQ(s.message(),
            "bind 10.96.0.1/32 on kube-ipvs0 (needs CAP_NET_ADMIN in the node's network "
            "namespace): Operation not permitted");
  EXPECT_NE(UnbindOutcome(EPERM, Ip("fd00::1"), "kube-ipvs0").message().find("CAP_NET_ADMIN"),
            std::string::npos);
  EXPECT_NE(LinkError(EPERM, "create dummy link kube-ipvs0").message().find("CAP_NET_ADMIN"),
            std::string::npos);
}

TEST(NetifErrors, Ipv6DisabledIsNamed) {
  Status s = BindOutcome(EACCES, Ip("fd00::1"), "kube-ipvs0");
  EXPECT_EQ(s.message().rfind("bind fd00::1/128 on kube-ipvs0 (IPv6 is disabled on the link", 0),
            0u)
      << s.message();
  EXPECT_EQ(s.sys_errno(), EACCES);
}

TEST(NetifErrors, OtherErrorsKeepTheirErrno) {
  Status s = UnbindOutcome(EBUSY, Ip("10.0.0.1"), "kube-ipvs0");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.sys_errno(), EBUSY);
  EXPECT_EQ(s.message().rfind("unbind 10.0.0.1/32 from kube-ipvs0: ", 0), 0u) << s.message();
  EXPECT_EQ(BindOutcome(EINVAL, Ip("10.0.0.1"), "x").code(), Code::kInvalidConfig);
  EXPECT_EQ(BindOutcome(ENODEV, Ip("10.0.0.1"), "x").code(), Code::kNotFound);
  EXPECT_EQ(LinkError(EOPNOTSUPP, "create dummy link x").code(), Code::kUnavailable);
}

TEST(NetifErrors, LinkNames) {
  EXPECT_TRUE(CheckLinkName("kube-ipvs0").ok());
  EXPECT_TRUE(CheckLinkName("abcdefghijklmno").ok());  // 15 bytes
  for (const char* bad : {"", "abcdefghijklmnop", ".", "..", "a/b", "a:b", "a b"}) {
    EXPECT_EQ(CheckLinkName(bad).code(), Code::kInvalidConfig) << bad;
  }
}

TEST(NetifErrors, NotADummySaysWhatItIs) {
  EXPECT_EQ(NotADummy("kube-ipvs0", "bridge").message(),
            "link kube-ipvs0 exists but is a bridge link, not a dummy link; it is not the "
            "proxy's to use: delete or rename it");
  EXPECT_NE(NotADummy("eth0", "").message().find("a device without a kind"), std::string::npos);
}

TEST(NetifLinks, NodeAddressesDropLoopbackAndLinkLocal) {
  std::vector<LocalAddress> in = {
      {Ip("127.0.0.1"), 8, 1, kScopeHost},
      {Ip("::1"), 128, 1, kScopeHost},
      {Ip("192.168.1.5"), 24, 2, 0},
      {Ip("fe80::1"), 64, 2, kScopeLink},
      {Ip("fd00::5"), 64, 2, 0},
      {Ip("10.0.0.7"), 32, 3, 0},
      {Ip("192.168.1.5"), 24, 4, 0},  // the same address on a second link
      {Ip("127.0.0.53"), 8, 1, kScopeHost},
  };
  std::vector<IpAddress> want = {Ip("10.0.0.7"), Ip("192.168.1.5"), Ip("fd00::5")};
  EXPECT_EQ(NodeAddresses(in), want);
}

LocalRoute Route(const char* addr, uint8_t prefix_len) { return {Ip(addr), prefix_len}; }

TEST(NetifErrors, LocalRoutesAreNetworks) {
  EXPECT_TRUE(CheckLocalRoute(Route("10.96.0.0", 12)).ok());
  EXPECT_TRUE(CheckLocalRoute(Route("10.96.0.1", 32)).ok());
  EXPECT_TRUE(CheckLocalRoute(Route("fd00:10:96::", 112)).ok());
  EXPECT_TRUE(CheckLocalRoute(Route("fd00:10:96::", 48)).ok());
  EXPECT_TRUE(CheckLocalRoute(Route("fd00:10:96::1:0", 112)).ok());
  EXPECT_TRUE(CheckLocalRoute(Route("0.0.0.0", 0)).ok());
  Status host_bits = CheckLocalRoute(Route("10.96.0.1", 12));
  EXPECT_EQ(host_bits.code(), Code::kInvalidConfig);
  EXPECT_EQ(host_bits.message(),
            "local route 10.96.0.1/12 has host bits set (the network is 10.96.0.0/12)");
  EXPECT_NE(CheckLocalRoute(Route("10.111.0.0", 12)).message().find("10.96.0.0/12"),
            std::string::npos);
  EXPECT_EQ(CheckLocalRoute(Route("fd00:10:96::1", 112)).code(), Code::kInvalidConfig);
  EXPECT_EQ(CheckLocalRoute(Route("10.96.0.0", 33)).code(), Code::kInvalidConfig);
  EXPECT_EQ(CheckLocalRoute(Route("fd00::", 129)).code(), Code::kInvalidConfig);
  LocalRoute no_family = Route("10.96.0.0", 12);
  no_family.addr.family = 0;
  EXPECT_EQ(CheckLocalRoute(no_family).code(), Code::kInvalidConfig);
}

TEST(NetifErrors, RouteRequestsSayWhatIpWouldBeTold) {
  EXPECT_EQ(Route("fd00:10:96::", 112).ToString(), "fd00:10:96::/112");
  EXPECT_EQ(DescribeAddRoute(Route("10.96.0.0", 12)),
            "add local route 10.96.0.0/12 dev lo table local proto 212");
  EXPECT_EQ(DescribeDeleteRoute(Route("fd00:10:96::", 112)),
            "delete local route fd00:10:96::/112 dev lo table local proto 212");
}

TEST(NetifErrors, RouteOutcomes) {
  EXPECT_TRUE(AddRouteOutcome(0, Route("10.96.0.0", 12)).ok());
  for (int err : {0, ESRCH, ENOENT}) {
    EXPECT_TRUE(DeleteRouteOutcome(err, Route("10.96.0.0", 12)).ok()) << err;
  }
  Status eperm = AddRouteOutcome(EPERM, Route("10.96.0.0", 12));
  EXPECT_EQ(eperm.code(), Code::kPermissionDenied);
  EXPECT_EQ(eperm.message(),
            "add local route 10.96.0.0/12 dev lo table local proto 212 (needs CAP_NET_ADMIN in "
            "the node's network namespace): Operation not permitted");
  EXPECT_NE(DeleteRouteOutcome(EPERM, Route("10.96.0.0", 12)).message().find("CAP_NET_ADMIN"),
            std::string::npos);
  EXPECT_NE(AddRouteOutcome(EACCES, Route("fd00::", 112))
                .message()
                .find("IPv6 is disabled on lo: sysctl net.ipv6.conf.lo.disable_ipv6"),
            std::string::npos);
  EXPECT_NE(AddRouteOutcome(ENETDOWN, Route("fd00::", 112)).message().find("ip link set lo up"),
            std::string::npos);
  EXPECT_EQ(AddRouteOutcome(EAFNOSUPPORT, Route("fd00::", 112)).code(), Code::kUnavailable);
  EXPECT_EQ(AddRouteOutcome(EINVAL, Route("10.96.0.0", 12)).code(), Code::kInvalidConfig);
  Status busy = DeleteRouteOutcome(EBUSY, Route("10.96.0.0", 12));
  EXPECT_EQ(busy.sys_errno(), EBUSY);
  EXPECT_EQ(busy.message().rfind("delete local route 10.96.0.0/12 ", 0), 0u) << busy.message();
}

TEST(NetifErrors, RouteConflictSaysWhereToLook) {
  Status s = RouteConflict(Route("fd00:10:96::", 112));
  EXPECT_EQ(s.code(), Code::kAlreadyExists);
  EXPECT_EQ(s.message(),
            "add local route fd00:10:96::/112 dev lo table local proto 212: the kernel keeps "
            "another route of that prefix through lo in table local, not the proxy's (see `ip -6 "
            "route show table local fd00:10:96::/112`); it is not the proxy's to replace: "
            "delete it");
}

}  // namespace
}  // namespace ki::netif
