#include "pkg/ipvs/messages.h"

#include <gtest/gtest.h>

#include "pkg/netlink/wire.h"
#include "tests/unit/ipvs/hex.h"

namespace ki::ipvs {
namespace {

namespace wire = netlink::wire;

using testhex::Bytes;
using testhex::Hex;

IpAddress Ip(const char* s) { return *IpAddress::Parse(s); }

// NEW_SERVICE TCP 10.0.0.1:80 rr, framed for family 0x1a, seq 7.
constexpr char kAddTcpService[] =
    "68 00 00 00  1a 00 05 00  07 00 00 00  00 00 00 00"  // nlmsghdr: len 104, REQUEST|ACK
    "01 01 00 00"                                         // genl: NEW_SERVICE, version 1
    "54 00 01 00"                                         // CMD_ATTR_SERVICE, 84 bytes
    "06 00 01 00  02 00 00 00"                            // AF = AF_INET
    "06 00 02 00  06 00 00 00"                            // PROTOCOL = TCP
    "14 00 03 00  0a 00 00 01  00 00 00 00  00 00 00 00  00 00 00 00"  // ADDR
    "06 00 04 00  00 50 00 00"                                         // PORT 80, big endian
    "07 00 06 00  72 72 00 00"                                         // SCHED_NAME "rr\0"
    "0c 00 07 00  00 00 00 00  ff ff ff ff"                            // FLAGS {0, ~0}
    "08 00 08 00  00 00 00 00"                                         // TIMEOUT 0
    "08 00 09 00  ff ff ff ff";                                        // NETMASK /32

TEST(Messages, AddTcpServiceMatchesFixture) {
  Service s;
  s.key = ServiceKey::Tcp(Ip("10.0.0.1"), 80);
  s.scheduler = "rr";
  std::vector<uint8_t> out;
  msg::Append(out, 0x1a, 7, msg::AddService(s));
  EXPECT_EQ(Hex(out), Hex(Bytes(kAddTcpService)));
}

TEST(Messages, HashedFlagIsNeverSent) {
  Service s;
  s.key = ServiceKey::Tcp(Ip("10.0.0.1"), 80);
  s.scheduler = "rr";
  s.flags = kFlagHashed;
  std::vector<uint8_t> out;
  msg::Append(out, 0x1a, 7, msg::AddService(s));
  EXPECT_EQ(Hex(out), Hex(Bytes(kAddTcpService)));
}

TEST(Messages, PersistentIpv6FwmarkServiceWithPeAndFlags) {
  Service s;
  s.key = ServiceKey::Fwmark(0x42, kAfInet6);
  s.scheduler = "sh";
  s.flags = kFlagPersistent | kFlagSched1 | kFlagSched2;
  s.timeout = 10800;
  s.netmask = 64;
  s.pe_name = "sip";
  const auto attrs = msg::UpdateService(s);
  EXPECT_EQ(attrs.cmd, 2);
  EXPECT_FALSE(attrs.dump);
  EXPECT_EQ(Hex(attrs.attrs), Hex(Bytes("40 00 01 00"               // SERVICE, 64 bytes
                                        "06 00 01 00  0a 00 00 00"  // AF_INET6
                                        "08 00 05 00  42 00 00 00"  // FWMARK 0x42
                                        "07 00 06 00  73 68 00 00"  // "sh"
                                        "08 00 0b 00  73 69 70 00"  // PE_NAME "sip"
                                        "0c 00 07 00  19 00 00 00  ff ff ff ff"  // flags
                                        "08 00 08 00  30 2a 00 00"               // TIMEOUT 10800
                                        "08 00 09 00  40 00 00 00")));           // NETMASK /64
}

TEST(Messages, DeleteServiceSendsOnlyTheKey) {
  const auto r = msg::DeleteService(ServiceKey::Udp(Ip("10.0.0.2"), 53));
  EXPECT_EQ(r.cmd, 3);
  EXPECT_EQ(Hex(r.attrs),
            Hex(Bytes("30 00 01 00"
                      "06 00 01 00  02 00 00 00"
                      "06 00 02 00  11 00 00 00"
                      "14 00 03 00  0a 00 00 02  00 00 00 00  00 00 00 00  00 00 00 00"
                      "06 00 04 00  00 35 00 00")));
}

constexpr char kSctpKey[] =
    "30 00 01 00"
    "06 00 01 00  02 00 00 00"
    "06 00 02 00  84 00 00 00"
    "14 00 03 00  0a 00 00 03  00 00 00 00  00 00 00 00  00 00 00 00"
    "06 00 04 00  0b b8 00 00";

TEST(Messages, AddMasqDestination) {
  Destination d;
  d.addr = Ip("192.168.1.10");
  d.port = 8080;
  d.weight = 5;
  d.u_threshold = 100;
  d.l_threshold = 10;
  const auto r = msg::AddDest(ServiceKey::Sctp(Ip("10.0.0.3"), 3000), d);
  EXPECT_EQ(r.cmd, 5);
  EXPECT_EQ(Hex(r.attrs),
            Hex(Bytes(std::string(kSctpKey) +
                      "48 00 02 00"  // CMD_ATTR_DEST, 72 bytes
                      "14 00 01 00  c0 a8 01 0a  00 00 00 00  00 00 00 00  00 00 00 00"
                      "06 00 0b 00  02 00 00 00"      // ADDR_FAMILY
                      "06 00 02 00  1f 90 00 00"      // PORT 8080
                      "08 00 03 00  00 00 00 00"      // FWD masq
                      "08 00 04 00  05 00 00 00"      // WEIGHT
                      "08 00 05 00  64 00 00 00"      // U_THRESH
                      "08 00 06 00  0a 00 00 00")));  // L_THRESH
}

TEST(Messages, TunnelDestinationCarriesTunnelAttributes) {
  Destination d;
  d.addr = Ip("fd00::5");
  d.port = 443;
  d.fwd = FwdMethod::kTunnel;
  d.tun_type = TunType::kGue;
  d.tun_port = 6080;
  d.tun_flags = kTunFlagCsum;
  const auto r = msg::UpdateDest(ServiceKey::Tcp(Ip("10.0.0.9"), 443), d);
  EXPECT_EQ(r.cmd, 6);
  const std::vector<uint8_t> a = r.attrs;
  // Skip the 48-byte service key; check the destination.
  std::vector<uint8_t> dest(a.begin() + 48, a.end());
  EXPECT_EQ(Hex(dest), Hex(Bytes("60 00 02 00"
                                 "14 00 01 00  fd 00 00 00  00 00 00 00  00 00 00 00  00 00 00 05"
                                 "06 00 0b 00  0a 00 00 00"
                                 "06 00 02 00  01 bb 00 00"
                                 "08 00 03 00  02 00 00 00"
                                 "08 00 04 00  01 00 00 00"
                                 "08 00 05 00  00 00 00 00"
                                 "08 00 06 00  00 00 00 00"
                                 "05 00 0d 00  01 00 00 00"      // TUN_TYPE gue (u8)
                                 "06 00 0e 00  17 c0 00 00"      // TUN_PORT 6080, big endian
                                 "06 00 0f 00  01 00 00 00")));  // TUN_FLAGS csum
}

TEST(Messages, DeleteDestSendsAddressAndPortOnly) {
  Destination d;
  d.addr = Ip("192.168.1.10");
  d.port = 8080;
  d.weight = 7;
  const auto r = msg::DeleteDest(ServiceKey::Sctp(Ip("10.0.0.3"), 3000), d);
  EXPECT_EQ(r.cmd, 7);
  EXPECT_EQ(Hex(r.attrs),
            Hex(Bytes(std::string(kSctpKey) +
                      "28 00 02 00"
                      "14 00 01 00  c0 a8 01 0a  00 00 00 00  00 00 00 00  00 00 00 00"
                      "06 00 0b 00  02 00 00 00"
                      "06 00 02 00  1f 90 00 00")));
}

TEST(Messages, AppendOpWritesTheSameBytesAsTheBuilders) {
  Service s;
  s.key = ServiceKey::Tcp(Ip("10.0.0.1"), 80);
  s.scheduler = "rr";
  Destination d;
  d.addr = Ip("fd00::5");
  d.fwd = FwdMethod::kTunnel;
  d.tun_type = TunType::kGue;
  for (const Op& op : {Op::AddService(s), Op::UpdateService(s), Op::DeleteService(s.key),
                       Op::AddDest(s.key, d), Op::UpdateDest(s.key, d), Op::DeleteDest(s.key, d)}) {
    std::vector<uint8_t> a = {1, 2, 3, 4}, b = {1, 2, 3, 4};  // appends after existing bytes
    msg::Append(a, 0x1a, 42, msg::ForOp(op));
    msg::AppendOp(b, 0x1a, 42, op);
    EXPECT_EQ(Hex(a), Hex(b)) << op.Describe();
  }
}

TEST(Messages, DumpsAreFramedWithNlmFDump) {
  std::vector<uint8_t> out;
  msg::Append(out, 0x1a, 9, msg::DumpServices());
  EXPECT_EQ(Hex(out), Hex(Bytes("14 00 00 00  1a 00 01 03  09 00 00 00  00 00 00 00"
                                "04 01 00 00")));
  const auto d = msg::DumpDests(ServiceKey::Fwmark(1));
  EXPECT_TRUE(d.dump);
  EXPECT_EQ(d.cmd, 8);
  EXPECT_EQ(Hex(d.attrs),
            Hex(Bytes("14 00 01 00  06 00 01 00  02 00 00 00  08 00 05 00  01 00 00 00")));
}

TEST(Messages, SetConfigAndTableWideCommands) {
  EXPECT_EQ(
      Hex(msg::SetConfig({900, 120, 300}).attrs),
      Hex(Bytes("08 00 04 00  84 03 00 00  08 00 05 00  78 00 00 00  08 00 06 00  2c 01 00 00")));
  EXPECT_EQ(msg::SetConfig({}).cmd, 12);
  EXPECT_EQ(msg::GetConfig().cmd, 13);
  EXPECT_EQ(msg::GetInfo().cmd, 15);
  EXPECT_EQ(msg::Flush().cmd, 17);
  EXPECT_TRUE(msg::Flush().attrs.empty());
}

// A GET_SERVICE dump reply as a 6.1 kernel writes it (after the genlmsghdr):
// TCP [2001:db8::1]:443 wrr, persistent 300 /64, HASHED, STATS and STATS64.
constexpr char kServiceReply[] =
    "c8 00 01 00"
    "06 00 01 00  0a 00 00 00"
    "06 00 02 00  06 00 00 00"
    "14 00 03 00  20 01 0d b8  00 00 00 00  00 00 00 00  00 00 00 01"
    "06 00 04 00  01 bb 00 00"
    "08 00 06 00  77 72 72 00"               // "wrr\0"
    "0c 00 07 00  03 00 00 00  ff ff ff ff"  // PERSISTENT|HASHED
    "08 00 08 00  2c 01 00 00"               // TIMEOUT 300
    "08 00 09 00  40 00 00 00"               // NETMASK 64
    "34 00 0a 00"                            // STATS (32-bit set)
    "08 00 01 00  01 00 00 00"
    "08 00 02 00  02 00 00 00"
    "08 00 03 00  03 00 00 00"
    "0c 00 04 00  04 00 00 00  00 00 00 00"
    "0c 00 05 00  05 00 00 00  00 00 00 00"
    "40 00 0c 00"  // STATS64
    "0c 00 01 00  07 00 00 00  00 00 00 00"
    "0c 00 02 00  00 00 00 00  01 00 00 00"  // 2^32 packets: only STATS64 has it
    "0c 00 05 00  09 00 00 00  00 00 00 00"
    "0c 00 06 00  0a 00 00 00  00 00 00 00"
    "0c 00 0a 00  0b 00 00 00  00 00 00 00";

TEST(Messages, ParsesServiceReplyPreferringStats64) {
  auto s = msg::ParseService(Bytes(kServiceReply));
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->key.af, kAfInet6);
  EXPECT_EQ(s->key.protocol, kProtoTcp);
  EXPECT_EQ(s->key.addr.ToString(), "2001:db8::1");
  EXPECT_EQ(s->key.port, 443);
  EXPECT_EQ(s->scheduler, "wrr");
  EXPECT_EQ(s->flags, kFlagPersistent | kFlagHashed);
  EXPECT_EQ(s->timeout, 300u);
  EXPECT_EQ(s->netmask, 64u);
  EXPECT_EQ(s->stats->conns, 7u);
  EXPECT_EQ(s->stats->inpkts, 1ull << 32);
  EXPECT_EQ(s->stats->outbytes, 9u);
  EXPECT_EQ(s->stats->cps, 10u);
  EXPECT_EQ(s->stats->outbps, 11u);
}

TEST(Messages, ParsesFwmarkServiceReply) {
  auto s =
      msg::ParseService(Bytes("1c 00 01 00  06 00 01 00  02 00 00 00  08 00 05 00  05 00 00 00"
                              "07 00 06 00  72 72 00 00"));
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->key, ServiceKey::Fwmark(5));
  EXPECT_EQ(s->scheduler, "rr");
}

TEST(Messages, ServiceReplyWithoutServiceAttributeFails) {
  EXPECT_FALSE(msg::ParseService(Bytes("08 00 04 00  00 00 00 00")).ok());
  EXPECT_FALSE(msg::ParseService(Bytes("08 00 01 00  ff ff")).ok());  // truncated attribute
}

TEST(Messages, ParsesDestReply) {
  auto d = msg::ParseDest(Bytes("78 00 02 00"
                                "14 00 01 00  0a 01 02 03  00 00 00 00  00 00 00 00  00 00 00 00"
                                "06 00 02 00  00 50 00 00"
                                "08 00 03 00  03 00 00 00"  // droute
                                "08 00 04 00  02 00 00 00"  // weight 2
                                "05 00 0d 00  00 00 00 00"  // tun type
                                "06 00 0e 00  00 00 00 00"
                                "06 00 0f 00  00 00 00 00"
                                "08 00 05 00  0a 00 00 00"
                                "08 00 06 00  05 00 00 00"
                                "08 00 07 00  04 00 00 00"  // active
                                "08 00 08 00  06 00 00 00"  // inactive
                                "08 00 09 00  01 00 00 00"  // persist
                                "06 00 0b 00  02 00 00 00"),
                          kAfInet6);
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->addr.ToString(), "10.1.2.3");
  EXPECT_EQ(d->port, 80);
  EXPECT_EQ(d->fwd, FwdMethod::kRoute);
  EXPECT_EQ(d->weight, 2u);
  EXPECT_EQ(d->u_threshold, 10u);
  EXPECT_EQ(d->l_threshold, 5u);
  EXPECT_EQ(d->active_conns, 4u);
  EXPECT_EQ(d->inactive_conns, 6u);
  EXPECT_EQ(d->persist_conns, 1u);
}

TEST(Messages, DestFamilyDefaultsToTheService) {
  auto d = msg::ParseDest(Bytes("18 00 02 00  14 00 01 00  fd 00 00 00  00 00 00 00  00 00 00 00"
                                "00 00 00 07"),
                          kAfInet6);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->addr.ToString(), "fd00::7");
}

TEST(Messages, ParsesInfoAndTimeouts) {
  auto info = msg::ParseInfo(Bytes("08 00 01 00  01 02 01 00  08 00 02 00  00 10 00 00"));
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->version, 0x010201u);
  EXPECT_EQ(info->conn_table_size, 4096u);
  EXPECT_FALSE(msg::ParseInfo(Bytes("08 00 01 00  01 02 01 00")).ok());
  auto t = msg::ParseTimeouts(
      Bytes("08 00 04 00  84 03 00 00  08 00 05 00  78 00 00 00  08 00 06 00  2c 01 00 00"));
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t, (Timeouts{900, 120, 300}));
}

TEST(Wire, SplitsDatagramAndReadsAcks) {
  // An ACK (error 0) for seq 3 and an EEXIST error for seq 4, CAP_ACK style.
  // The messages point into the datagram, so it must outlive them.
  const std::vector<uint8_t> datagram = Bytes(
      "24 00 00 00  02 00 00 01  03 00 00 00  00 00 00 00"
      "00 00 00 00  68 00 00 00  1a 00 05 00  03 00 00 00"
      "00 00 00 00"
      "24 00 00 00  02 00 00 01  04 00 00 00  00 00 00 00"
      "ef ff ff ff  68 00 00 00  1a 00 05 00  04 00 00 00"
      "00 00 00 00");
  auto msgs = wire::SplitMessages(datagram);
  ASSERT_TRUE(msgs.ok());
  ASSERT_EQ(msgs->size(), 2u);
  EXPECT_TRUE((*msgs)[0].is_error());
  EXPECT_EQ((*msgs)[0].ack_errno(), 0);
  EXPECT_EQ((*msgs)[1].seq, 4u);
  EXPECT_EQ((*msgs)[1].ack_errno(), 17);  // EEXIST
  EXPECT_FALSE(
      wire::SplitMessages(Bytes("30 00 00 00  02 00 00 00  00 00 00 00  00 00 00 00")).ok());
}

}  // namespace
}  // namespace ki::ipvs
