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

}  // namespace
}  // namespace ki::netif
