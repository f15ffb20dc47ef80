// The ipset requests against the bytes ipset 7.17 itself sent for the same
// commands (`ipset restore -exist` and `ipset save` under an LD_PRELOAD hook
// of sendto, on Linux 6.18), with the sequence number set to 7 and the
// padding zeroed (ipset leaves stack garbage there). Where this code means to
// differ from ipset, the test says so next to the fixture.
#include "pkg/netfilter/ipset_messages.h"

#include <gtest/gtest.h>

#include "tests/unit/ipvs/hex.h"

namespace ki::netfilter::ipsetmsg {
namespace {

namespace wire = netlink::wire;
using ki::ipvs::testhex::Bytes;
using ki::ipvs::testhex::Hex;

const Frame kFrame{7, kProtocol};

// Framing every request shares: nlmsghdr (seq 7, pid 0), nfgenmsg (AF_INET,
// version 0, res_id 0), IPSET_ATTR_PROTOCOL 7.
constexpr char kProtocolOnly[] = "02000000 05000100 07000000";

std::string Built(const std::function<void(std::vector<uint8_t>&)>& f) {
  std::vector<uint8_t> out;
  f(out);
  return Hex(out);
}

std::string Want(std::string_view hex) { return Hex(Bytes(hex)); }

// ipset sends PROTOCOL, TYPE and HEADER with NLM_F_REQUEST only (0x0001) and
// reads the one reply; these add NLM_F_ACK (0x0005) so that the reply ends
// with an acknowledgement like every other request of the socket.
TEST(IpsetMessages, ProtocolAsIpsetPlusAck) {
  EXPECT_EQ(Built([](auto& o) { AppendProtocol(o, kFrame); }),
            Want(std::string("1c000000 01060500 07000000 00000000") + kProtocolOnly));
}

TEST(IpsetMessages, TypeAsIpsetPlusAck) {
  EXPECT_EQ(Built([](auto& o) { AppendType(o, kFrame, SetType::kHashIpPort, false); }),
            Want(std::string("38000000 0d060500 07000000 00000000") + kProtocolOnly +
                 "11000300 68617368 3a69702c 706f7274 00000000"  // TYPENAME "hash:ip,port"
                 "05000500 02000000"));                          // FAMILY NFPROTO_IPV4
  // bitmap:port has no family: NFPROTO_UNSPEC, as ipset sends it.
  EXPECT_EQ(Built([](auto& o) { AppendType(o, kFrame, SetType::kBitmapPort, true); }),
            Want(std::string("34000000 0d060500 07000000 00000000") + kProtocolOnly +
                 "10000300 6269746d 61703a70 6f727400 05000500 00000000"));
}

TEST(IpsetMessages, HeaderAsIpsetPlusAck) {
  EXPECT_EQ(Built([](auto& o) { AppendHeader(o, kFrame, "SC"); }),
            Want(std::string("24000000 0c060500 07000000 00000000") + kProtocolOnly +
                 "07000200 53430000"));
}

// create K6 hash:ip,port family inet6 hashsize 1024 maxelem 65536 (-exist:
// NLM_F_REQUEST|NLM_F_ACK|NLM_F_CREATE, no NLM_F_EXCL), revision 7.
TEST(IpsetMessages, CreateHashIpPortInet6) {
  EXPECT_EQ(Built([](auto& o) {
              AppendCreate(o, kFrame, {"K6", SetType::kHashIpPort, true, "ignored"}, 7);
            }),
            Want(std::string("5c000000 02060504 07000000 00000000") + kProtocolOnly +
                 "07000200 4b360000"                             // SETNAME "K6"
                 "11000300 68617368 3a69702c 706f7274 00000000"  // TYPENAME
                 "05000400 07000000"                             // REVISION 7
                 "05000500 0a000000"                             // FAMILY NFPROTO_IPV6
                 "14000780"                                      // DATA, nested
                 "08001240 00000400"                             // HASHSIZE 1024, net order
                 "08001340 00010000"));                          // MAXELEM 65536, net order
}

TEST(IpsetMessages, CreateEachProxyType) {
  const std::string data_hash = "14000780 08001240 00000400 08001340 00010000";
  EXPECT_EQ(Built([](auto& o) {
              AppendCreate(o, kFrame, {"LB", SetType::kHashIpPortIp, false, ""}, 6);
            }),
            Want(std::string("5c000000 02060504 07000000 00000000") + kProtocolOnly +
                 "07000200 4c420000 14000300 68617368 3a69702c 706f7274 2c697000"
                 "05000400 06000000 05000500 02000000" +
                 data_hash));
  EXPECT_EQ(Built([](auto& o) {
              AppendCreate(o, kFrame, {"SC6", SetType::kHashIpPortNet, true, ""}, 8);
            }),
            Want(std::string("60000000 02060504 07000000 00000000") + kProtocolOnly +
                 "08000200 53433600 15000300 68617368 3a69702c 706f7274 2c6e6574 00000000"
                 "05000400 08000000 05000500 0a000000" +
                 data_hash));
  EXPECT_EQ(Built([](auto& o) {
              AppendCreate(o, kFrame, {"IPS", SetType::kHashIp, false, ""}, 6);
            }),
            Want(std::string("54000000 02060504 07000000 00000000") + kProtocolOnly +
                 "08000200 49505300 0c000300 68617368 3a697000"
                 "05000400 06000000 05000500 02000000" +
                 data_hash));
  // create NP bitmap:port range 0-65535: PORT 0 and PORT_TO 65535, net order.
  EXPECT_EQ(Built([](auto& o) {
              AppendCreate(o, kFrame, {"NP", SetType::kBitmapPort, false, ""}, 3);
            }),
            Want(std::string("58000000 02060504 07000000 00000000") + kProtocolOnly +
                 "07000200 4e500000 10000300 6269746d 61703a70 6f727400"
                 "05000400 03000000 05000500 00000000"
                 "14000780 06000440 00000000 06000540 ffff0000"));
}

EntryValue Entry(SetType type, bool ipv6, std::string_view text) {
  Result<EntryValue> v = ParseEntry(type, ipv6, text);
  EXPECT_TRUE(v.ok()) << text;
  return v.ok() ? *v : EntryValue{};
}

// restore lines 2 and 3: add a 10.0.0.1,udp:53 / add a 10.0.0.2,tcp:80, sent
// by ipset as one ADD: command-level LINENO, then ADT nesting one DATA each
// (IP nested with its address in net order, PORT, PROTO, LINENO).
TEST(IpsetMessages, AddTwoEntriesInOneMessage) {
  const std::vector<EntryValue> e = {Entry(SetType::kHashIpPort, false, "10.0.0.1,udp:53"),
                                     Entry(SetType::kHashIpPort, false, "10.0.0.2,tcp:80")};
  EXPECT_EQ(Built([&](auto& o) {
              AppendEntries(o, kFrame, {Adt::kAdd, "a", SetType::kHashIpPort, false, e, 2});
            }),
            Want(std::string("80000000 09060500 07000000 00000000") + kProtocolOnly +
                 "06000200 61000000"  // SETNAME "a"
                 "08000940 00000002"  // LINENO 2
                 "54000880"           // ADT
                 "28000780 0c000180 08000140 0a000001 06000440 00350000 05000700 11000000"
                 "08000940 00000002"
                 "28000780 0c000180 08000140 0a000002 06000440 00500000 05000700 06000000"
                 "08000940 00000003"));
}

TEST(IpsetMessages, DelOneEntry) {
  const std::vector<EntryValue> e = {Entry(SetType::kHashIpPort, false, "10.0.0.3,tcp:81")};
  EXPECT_EQ(Built([&](auto& o) {
              AppendEntries(o, kFrame, {Adt::kDel, "a", SetType::kHashIpPort, false, e, 4});
            }),
            Want(std::string("58000000 0a060500 07000000 00000000") + kProtocolOnly +
                 "06000200 61000000 08000940 00000004 2c000880"
                 "28000780 0c000180 08000140 0a000003 06000440 00510000 05000700 06000000"
                 "08000940 00000004"));
}

struct AddCase {
  const char* name;
  SetType type;
  bool ipv6;
  const char* entry;
  uint32_t line;
  const char* hex;  // what ipset sent for `add NAME ENTRY` on that line
};

const AddCase kAdds[] = {
    {"K6", SetType::kHashIpPort, true, "fd00::10,tcp:80", 7,
     "64000000 09060500 07000000 00000000 02000000 05000100 07000000 07000200 4b360000 "
     "08000940 00000007 38000880 34000780 18000180 14000240 fd000000 00000000 00000000 "
     "00000010 06000440 00500000 05000700 06000000 08000940 00000007"},
    {"LB", SetType::kHashIpPortIp, false, "10.244.1.2,tcp:8080,10.244.1.2", 8,
     "64000000 09060500 07000000 00000000 02000000 05000100 07000000 07000200 4c420000 "
     "08000940 00000008 38000880 34000780 0c000180 08000140 0af40102 06000440 1f900000 "
     "05000700 06000000 0c001480 08000140 0af40102 08000940 00000008"},
    {"SC", SetType::kHashIpPortNet, false, "1.2.3.4,tcp:80,10.9.0.0/16", 9,
     "6c000000 09060500 07000000 00000000 02000000 05000100 07000000 07000200 53430000 "
     "08000940 00000009 40000880 3c000780 0c000180 08000140 01020304 06000440 00500000 "
     "05000700 06000000 0c001480 08000140 0a090000 05001500 10000000 08000940 00000009"},
    {"SC6", SetType::kHashIpPortNet, true, "fd00::1,sctp:80,fd01::/64", 10,
     "84000000 09060500 07000000 00000000 02000000 05000100 07000000 08000200 53433600 "
     "08000940 0000000a 58000880 54000780 18000180 14000240 fd000000 00000000 00000000 "
     "00000001 06000440 00500000 05000700 84000000 18001480 14000240 fd010000 00000000 "
     "00000000 00000000 05001500 40000000 08000940 0000000a"},
    {"IPS", SetType::kHashIp, false, "10.96.0.10", 11,
     "48000000 09060500 07000000 00000000 02000000 05000100 07000000 08000200 49505300 "
     "08000940 0000000b 1c000880 18000780 0c000180 08000140 0a60000a 08000940 0000000b"},
    // bitmap:port: the port alone, no protocol.
    {"NP", SetType::kBitmapPort, false, "30080", 12,
     "44000000 09060500 07000000 00000000 02000000 05000100 07000000 07000200 4e500000 "
     "08000940 0000000c 18000880 14000780 06000440 75800000 08000940 0000000c"},
};

TEST(IpsetMessages, AddOneEntryOfEachType) {
  for (const AddCase& c : kAdds) {
    const std::vector<EntryValue> e = {Entry(c.type, c.ipv6, c.entry)};
    EXPECT_EQ(Built([&](auto& o) {
                AppendEntries(o, kFrame, {Adt::kAdd, c.name, c.type, c.ipv6, e, c.line});
              }),
              Want(c.hex))
        << c.name;
  }
}

// Every type and family: one more entry grows the message by EntryBytes.
TEST(IpsetMessages, EntryBytesIsWhatAnEntryAdds) {
  for (const AddCase& c : kAdds) {
    const std::vector<EntryValue> one = {Entry(c.type, c.ipv6, c.entry)};
    const std::vector<EntryValue> three(3, one[0]);
    std::vector<uint8_t> a, b;
    AppendEntries(a, kFrame, {Adt::kAdd, c.name, c.type, c.ipv6, one, 1});
    AppendEntries(b, kFrame, {Adt::kAdd, c.name, c.type, c.ipv6, three, 1});
    EXPECT_EQ(b.size() - a.size(), 2 * EntryBytes(c.type, c.ipv6)) << c.name;
  }
}

// ipset sends destroy without NLM_F_EXCL (-exist: a missing set is fine on
// kernels that know it); this one adds it (0x0205) so that a missing set is
// an error on every kernel, as Ipset::Destroy promises.
TEST(IpsetMessages, DestroyMustExist) {
  EXPECT_EQ(Built([](auto& o) { AppendDestroy(o, kFrame, "IPS"); }),
            Want(std::string("24000000 03060502 07000000 00000000") + kProtocolOnly +
                 "08000200 49505300"));
}

// ipset save sends IPSET_CMD_SAVE with NLM_F_REQUEST|NLM_F_ACK|NLM_F_DUMP;
// this sends IPSET_CMD_LIST (the kernel handles both in ip_set_dump and
// answers LIST either way) without NLM_F_ACK: the dump ends with NLMSG_DONE.
TEST(IpsetMessages, ListOneOrAll) {
  EXPECT_EQ(Built([](auto& o) { AppendList(o, kFrame, ""); }),
            Want(std::string("1c000000 07060103 07000000 00000000") + kProtocolOnly));
  EXPECT_EQ(Built([](auto& o) { AppendList(o, kFrame, "NP"); }),
            Want(std::string("24000000 07060103 07000000 00000000") + kProtocolOnly +
                 "07000200 4e500000"));
}

wire::Message Reply(std::string_view hex, std::vector<uint8_t>& storage) {
  storage = Bytes(hex);
  Result<std::vector<wire::Message>> m = wire::SplitMessages(storage);
  EXPECT_TRUE(m.ok() && m->size() == 1);
  return m->front();
}

// The kernel's replies as ipset received them.
TEST(IpsetMessages, ParsesProtocolTypeAndHeaderReplies) {
  std::vector<uint8_t> buf;
  Result<Range> p = ParseProtocol(Reply(
      "24000000 01060000 07000000 00000000 02000000 05000100 07000000 05000a00 06000000", buf));
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->min, 6);
  EXPECT_EQ(p->max, 7);
  Result<Range> t = ParseType(
      Reply("48000000 0d060000 07000000 00000000 02000000 05000100 07000000 11000300 68617368 "
            "3a69702c 706f7274 00000000 05000500 02000000 05000400 07000000 05000a00 00000000",
            buf));
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->min, 0);
  EXPECT_EQ(t->max, 7);
  Result<SetHeader> h = ParseHeader(
      Reply("4c000000 0c060000 07000000 00000000 02000000 05000100 07000000 07000200 53430000 "
            "15000300 68617368 3a69702c 706f7274 2c6e6574 00000000 05000500 02000000 05000400 "
            "08000000",
            buf));
  ASSERT_TRUE(h.ok()) << h.status().message();
  EXPECT_EQ(h->name, "SC");
  EXPECT_EQ(h->type, "hash:ip,port,net");
  EXPECT_EQ(h->family, "inet");
  // A reply of another command is not taken for this one.
  EXPECT_FALSE(ParseType(Reply("24000000 01060000 07000000 00000000 02000000 05000100 07000000 "
                               "05000a00 06000000",
                               buf))
                   .ok());
}

TEST(IpsetMessages, RevisionIsTheHighestBothSidesKnow) {
  EXPECT_EQ(*ChooseRevision(SetType::kHashIpPort, {0, 7}), 7);
  EXPECT_EQ(*ChooseRevision(SetType::kHashIpPort, {0, 9}), 7);  // newer kernel
  EXPECT_EQ(*ChooseRevision(SetType::kHashIp, {0, 5}), 5);      // older kernel
  EXPECT_EQ(*ChooseRevision(SetType::kHashIpPortNet, {1, 12}), 8);
  EXPECT_EQ(*ChooseRevision(SetType::kBitmapPort, {0, 3}), 3);
  Result<uint8_t> none = ChooseRevision(SetType::kHashIpPortIp, {7, 9});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().message(),
            "the kernel creates hash:ip,port,ip sets of revision 7 and later; the ipset tool "
            "knows revisions up to 6");
}

}  // namespace
}  // namespace ki::netfilter::ipsetmsg
