#include "pkg/netif/messages.h"

#include <gtest/gtest.h>

#include "tests/unit/ipvs/hex.h"

namespace ki::netif {
namespace {

using ipvs::testhex::Bytes;
using ipvs::testhex::Hex;

IpAddress Ip(const char* s) { return *IpAddress::Parse(s); }

TEST(NetifMessages, BindIpv4MatchesFixture) {
  std::vector<uint8_t> out;
  msg::AppendBind(out, 9, 7, Ip("10.96.0.1"));
  EXPECT_EQ(
      Hex(out),
      Hex(Bytes("28 00 00 00  14 00 05 06  09 00 00 00  00 00 00 00"  // NEWADDR,
                                                                      // REQUEST|ACK|EXCL|CREATE
                "02 20 00 00  07 00 00 00"                            // AF_INET /32, ifindex 7
                "08 00 02 00  0a 60 00 01"                            // IFA_LOCAL
                "08 00 01 00  0a 60 00 01")));                        // IFA_ADDRESS
}

TEST(NetifMessages, BindIpv6IsSlash128WithoutDad) {
  std::vector<uint8_t> out;
  msg::AppendBind(out, 9, 7, Ip("fd00:96::1"));
  EXPECT_EQ(Hex(out),
            Hex(Bytes("40 00 00 00  14 00 05 06  09 00 00 00  00 00 00 00"
                      "0a 80 02 00  07 00 00 00"  // AF_INET6 /128, IFA_F_NODAD
                      "14 00 02 00  fd 00 00 96  00 00 00 00  00 00 00 00  00 00 00 01"
                      "14 00 01 00  fd 00 00 96  00 00 00 00  00 00 00 00  00 00 00 01")));
}

TEST(NetifMessages, UnbindMatchesOnLocalOnly) {
  std::vector<uint8_t> out;
  msg::AppendUnbind(out, 10, 7, Ip("10.96.0.1"));
  EXPECT_EQ(Hex(out), Hex(Bytes("20 00 00 00  15 00 05 00  0a 00 00 00  00 00 00 00"  // DELADDR
                                "02 20 00 00  07 00 00 00"
                                "08 00 02 00  0a 60 00 01")));
}

TEST(NetifMessages, DumpOfOneLink) {
  std::vector<uint8_t> out;
  msg::AppendDump(out, 3, msg::kAfUnspec, 7);
  EXPECT_EQ(Hex(out),
            Hex(Bytes("18 00 00 00  16 00 01 03  03 00 00 00  00 00 00 00"  // GETADDR,
                                                                            // REQUEST|DUMP
                      "00 00 00 00  07 00 00 00")));
}

TEST(NetifMessages, BatchIsMessagesBackToBack) {
  std::vector<uint8_t> out;
  msg::AppendBind(out, 1, 7, Ip("10.96.0.1"));
  msg::AppendBind(out, 2, 7, Ip("fd00:96::1"));
  msg::AppendUnbind(out, 3, 7, Ip("10.96.0.2"));
  EXPECT_EQ(out.size(), 40u + 64u + 32u);
  EXPECT_EQ(out[40 + 8], 2);        // second message's seq
  EXPECT_EQ(out[40 + 64 + 4], 21);  // third is a DELADDR
}

// RTM_NEWADDR as the kernel dumps it: 10.96.0.1/32 on ifindex 5, permanent.
constexpr char kDumpedV4[] =
    "02 20 80 00  05 00 00 00"
    "08 00 01 00  0a 60 00 01"                                          // IFA_ADDRESS
    "08 00 02 00  0a 60 00 01"                                          // IFA_LOCAL
    "0f 00 03 00  6b 75 62 65  2d 69 70 76  73 30 00 00"                // IFA_LABEL kube-ipvs0
    "08 00 08 00  80 00 00 00"                                          // IFA_FLAGS
    "14 00 06 00  ff ff ff ff  ff ff ff ff  01 00 00 00  01 00 00 00";  // IFA_CACHEINFO

TEST(NetifMessages, ParsesDumpedIpv4) {
  auto a = msg::ParseAddr(Bytes(kDumpedV4));
  ASSERT_TRUE(a.ok()) << a.status().message();
  ASSERT_TRUE(a->has_value());
  EXPECT_EQ((*a)->addr, Ip("10.96.0.1"));
  EXPECT_EQ((*a)->prefix_len, 32);
  EXPECT_EQ((*a)->link_index, 5);
  EXPECT_EQ((*a)->scope, kScopeUniverse);
  EXPECT_EQ((*a)->ToString(), "10.96.0.1/32");
}

TEST(NetifMessages, ParsesIpv6WithAddressOnly) {
  auto a =
      msg::ParseAddr(Bytes("0a 40 80 fd  02 00 00 00"  // /64, scope link
                           "14 00 01 00  fe 80 00 00  00 00 00 00  00 00 00 00  00 00 00 01"));
  ASSERT_TRUE(a.ok()) << a.status().message();
  ASSERT_TRUE(a->has_value());
  EXPECT_EQ((*a)->ToString(), "fe80::1/64");
  EXPECT_EQ((*a)->scope, kScopeLink);
  EXPECT_EQ((*a)->link_index, 2);
}

TEST(NetifMessages, PointToPointTakesTheLocalAddress) {
  auto a =
      msg::ParseAddr(Bytes("02 20 00 00  03 00 00 00"
                           "08 00 01 00  0a 00 00 02"     // IFA_ADDRESS: the peer
                           "08 00 02 00  0a 00 00 01"));  // IFA_LOCAL: ours
  ASSERT_TRUE(a.ok() && a->has_value());
  EXPECT_EQ((*a)->addr, Ip("10.0.0.1"));
}

TEST(NetifMessages, OtherFamiliesAreSkipped) {
  auto a = msg::ParseAddr(Bytes("11 00 00 00  03 00 00 00"));  // AF_PACKET
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(a->has_value());
}

TEST(NetifMessages, MalformedMessagesAreErrors) {
  EXPECT_FALSE(msg::ParseAddr(Bytes("02 20 00")).ok());                  // short header
  EXPECT_FALSE(msg::ParseAddr(Bytes("02 20 00 00  03 00 00 00")).ok());  // no address
  EXPECT_FALSE(
      msg::ParseAddr(Bytes("02 20 00 00  03 00 00 00"  // 16 bytes for IPv4
                           "14 00 02 00  0a 00 00 01  00 00 00 00  00 00 00 00  00 00 00 00"))
          .ok());
  EXPECT_FALSE(msg::ParseAddr(Bytes("02 20 00 00  03 00 00 00  20 00 02 00  0a 00")).ok());
}

// --- local routes

constexpr int kLo = 1;

LocalRoute Route(const char* addr, uint8_t prefix_len) { return {Ip(addr), prefix_len}; }

// What follows the nlmsghdr of a message built into `out`.
std::span<const uint8_t> Payload(const std::vector<uint8_t>& out) {
  return std::span<const uint8_t>(out).subspan(16);
}

TEST(NetifMessages, AddLocalRouteIpv4MatchesFixture) {
  std::vector<uint8_t> out;
  msg::AppendAddLocalRoute(out, 9, kLo, Route("10.96.0.0", 12));
  // NEWROUTE, REQUEST|ACK|CREATE; /12, table local, proto 212, scope host, type local.
  EXPECT_EQ(Hex(out), Hex(Bytes("34 00 00 00  18 00 05 04  09 00 00 00  00 00 00 00"
                                "02 0c 00 00  ff d4 fe 02  00 00 00 00"
                                "08 00 01 00  0a 60 00 00"      // RTA_DST
                                "08 00 04 00  01 00 00 00"      // RTA_OIF lo
                                "08 00 0f 00  ff 00 00 00")));  // RTA_TABLE local
}

TEST(NetifMessages, AddLocalRouteIpv6HasUniverseScope) {
  std::vector<uint8_t> out;
  msg::AppendAddLocalRoute(out, 9, 3, Route("fd00:10:96::", 112));
  EXPECT_EQ(Hex(out),
            Hex(Bytes("40 00 00 00  18 00 05 04  09 00 00 00  00 00 00 00"
                      "0a 70 00 00  ff d4 00 02  00 00 00 00"  // /112, scope universe
                      "14 00 01 00  fd 00 00 10  00 96 00 00  00 00 00 00  00 00 00 00"
                      "08 00 04 00  03 00 00 00"  // lo is ifindex 3 here
                      "08 00 0f 00  ff 00 00 00")));
}

TEST(NetifMessages, DeleteLocalRouteMatchesOurProtocolAnyScope) {
  std::vector<uint8_t> out;
  msg::AppendDeleteLocalRoute(out, 10, kLo, Route("10.96.0.0", 12));
  // DELROUTE without CREATE.
  EXPECT_EQ(Hex(out), Hex(Bytes("34 00 00 00  19 00 05 00  0a 00 00 00  00 00 00 00"
                                "02 0c 00 00  ff d4 ff 02  00 00 00 00"  // scope nowhere
                                "08 00 01 00  0a 60 00 00"
                                "08 00 04 00  01 00 00 00"
                                "08 00 0f 00  ff 00 00 00")));
}

TEST(NetifMessages, RouteDumpAsksTheKernelToFilter) {
  std::vector<uint8_t> out;
  msg::AppendRouteDump(out, 4, ipvs::kAfInet6, kLo);
  EXPECT_EQ(Hex(out),
            Hex(Bytes("24 00 00 00  1a 00 01 03  04 00 00 00  00 00 00 00"  // GETROUTE, DUMP
                      "0a 00 00 00  ff d4 00 02  00 00 00 00"  // table local, proto 212, local
                      "08 00 04 00  01 00 00 00")));           // RTA_OIF lo
}

TEST(NetifMessages, BuiltRoutesParseBack) {
  for (const LocalRoute& r : {Route("10.96.0.0", 12), Route("fd00:10:96::", 112),
                              Route("10.0.0.1", 32), Route("0.0.0.0", 0)}) {
    std::vector<uint8_t> out;
    msg::AppendAddLocalRoute(out, 1, kLo, r);
    auto parsed = msg::ParseRoute(Payload(out), kLo);
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    EXPECT_EQ(*parsed, std::optional<LocalRoute>(r)) << r.ToString();
  }
}

// RTM_NEWROUTE as the kernel dumps `ip route add local 10.96.0.0/12 dev lo
// table local proto 212 scope host` (fib_dump_info).
constexpr char kDumpedRouteV4[] =
    "02 0c 00 00  ff d4 fe 02  00 00 00 00"
    "08 00 0f 00  ff 00 00 00"   // RTA_TABLE
    "08 00 01 00  0a 60 00 00"   // RTA_DST
    "08 00 04 00  01 00 00 00";  // RTA_OIF

TEST(NetifMessages, ParsesDumpedIpv4Route) {
  auto r = msg::ParseRoute(Bytes(kDumpedRouteV4), kLo);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ((*r)->ToString(), "10.96.0.0/12");
}

TEST(NetifMessages, ParsesDumpedIpv6RouteAndSkipsUnknownAttributes) {
  auto r = msg::ParseRoute(
      Bytes("0a 70 00 00  ff d4 00 02  00 00 00 00"
            "08 00 0f 00  ff 00 00 00"                                         // RTA_TABLE
            "14 00 01 00  fd 00 00 10  00 96 00 00  00 00 00 00  00 00 00 00"  // RTA_DST
            "08 00 06 00  00 04 00 00"                                         // RTA_PRIORITY
            "08 00 04 00  01 00 00 00"                                         // RTA_OIF
            "24 00 0c 00  00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00"  // RTA_CACHEINFO
            "00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00"
            "05 00 14 00  00 00 00 00"),  // RTA_PREF
      kLo);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ((*r)->ToString(), "fd00:10:96::/112");
  EXPECT_EQ((*r)->addr.family, ipvs::kAfInet6);
}

TEST(NetifMessages, OnlyOurRoutesAreReturned) {
  const std::vector<uint8_t> ours = Bytes(kDumpedRouteV4);
  auto with = [&](size_t offset, uint8_t value) {
    std::vector<uint8_t> b = ours;
    b[offset] = value;
    return b;
  };
  const std::vector<std::pair<const char*, std::vector<uint8_t>>> others = {
      {"proto kernel", with(5, 2)},
      {"proto static", with(5, 4)},
      {"type unicast", with(7, 1)},
      {"type broadcast", with(7, 3)},
      {"table main", with(12 + 4, 254)},
      {"table 511 (rtm_table says 255)", with(12 + 5, 1)},
      {"dev kube-ipvs0", with(12 + 16 + 4, 5)},
      {"IPMR family", with(0, 128)},
      {"no RTA_OIF (multipath)", std::vector<uint8_t>(ours.begin(), ours.end() - 8)},
  };
  for (const auto& [what, b] : others) {
    auto r = msg::ParseRoute(b, kLo);
    ASSERT_TRUE(r.ok()) << what << ": " << r.status().message();
    EXPECT_FALSE(r->has_value()) << what;
  }
  // Without RTA_TABLE, rtm_table decides.
  auto no_table = msg::ParseRoute(Bytes("02 0c 00 00  ff d4 fe 02  00 00 00 00"
                                        "08 00 01 00  0a 60 00 00  08 00 04 00  01 00 00 00"),
                                  kLo);
  ASSERT_TRUE(no_table.ok() && no_table->has_value());
}

TEST(NetifMessages, MalformedRoutesAreErrors) {
  // The header of ours, then attributes.
  constexpr char kHeader[] = "02 0c 00 00  ff d4 fe 02  00 00 00 00";
  const std::vector<std::pair<const char*, std::string>> bad = {
      {"short header", "02 0c 00 00  ff d4 fe 02  00 00 00"},
      {"RTA_DST of 16 bytes for IPv4", std::string(kHeader) +
                                           "08 00 04 00  01 00 00 00  14 00 01 00  0a 60 00 00" +
                                           "00 00 00 00  00 00 00 00  00 00 00 00"},
      {"a /33",
       "02 21 00 00  ff d4 fe 02  00 00 00 00  08 00 01 00  0a 60 00 00"
       "08 00 04 00  01 00 00 00"},
      {"no RTA_DST for a /12", std::string(kHeader) + "08 00 04 00  01 00 00 00"},
      {"RTA_OIF of 2 bytes",
       std::string(kHeader) + "08 00 01 00  0a 60 00 00  06 00 04 00  01 00 00 00"},
      {"truncated attribute", std::string(kHeader) + "08 00 01 00  0a 60 00 00  20 00 04 00"},
  };
  for (const auto& [what, hex] : bad) EXPECT_FALSE(msg::ParseRoute(Bytes(hex), kLo).ok()) << what;
}

}  // namespace
}  // namespace ki::netif
