// The LIST dump parser against the kernel's own replies (Linux 6.18, as ipset
// 7.17 received them for `ipset save` under an LD_PRELOAD hook of recvmsg;
// seq set to 7 and pid to 0): what it reads must equal the parse of the text
// ipset printed from the same bytes.
#include <gtest/gtest.h>

#include "pkg/netfilter/ipset_messages.h"
#include "pkg/netfilter/ipset_script.h"
#include "tests/unit/ipvs/hex.h"

namespace ki::netfilter::ipsetmsg {
namespace {

namespace wire = netlink::wire;
using ki::ipvs::testhex::Bytes;

// One message per set; each header has TYPENAME, FAMILY, REVISION, INDEX and
// DATA (hashsize, maxelem, bucketsize, initval, references, memsize,
// elements), then ADT with one DATA per member.
constexpr const char* kDump[] = {
    // K6 hash:ip,port inet6: fd00::10,tcp:80
    "bc000000 07060200 07000000 00000000 02000000 05000100 07000000 07000200 4b360000 11000300 "
    "68617368 3a69702c 706f7274 00000000 05000500 0a000000 05000400 07000000 06000b40 00000000 "
    "3c000780 08001240 00000400 08001340 00010000 05001500 0c000000 08001140 3d1e116e 08001940 "
    "00000000 08001a40 00000130 08001840 00000001 30000880 2c000780 18000180 14000200 fd000000 "
    "00000000 00000000 00000010 06000440 00500000 05000700 06000000",
    // LB hash:ip,port,ip inet: 10.244.1.2,tcp:8080,10.244.1.2
    "bc000000 07060200 07000000 00000000 02000000 05000100 07000000 07000200 4c420000 14000300 "
    "68617368 3a69702c 706f7274 2c697000 05000500 02000000 05000400 06000000 06000b40 00010000 "
    "3c000780 08001240 00000400 08001340 00010000 05001500 0c000000 08001140 a7d2134a 08001940 "
    "00000000 08001a40 00000108 08001840 00000001 30000880 2c000780 0c000180 08000100 0af40102 "
    "0c001480 08000100 0af40102 06000440 1f900000 05000700 06000000",
    // SC hash:ip,port,net inet: 1.2.3.4,tcp:80,10.9.0.0/16
    "c8000000 07060200 07000000 00000000 02000000 05000100 07000000 07000200 53430000 15000300 "
    "68617368 3a69702c 706f7274 2c6e6574 00000000 05000500 02000000 05000400 08000000 06000b40 "
    "00020000 3c000780 08001240 00000400 08001340 00010000 05001500 0c000000 08001140 042842a4 "
    "08001940 00000000 08001a40 00000208 08001840 00000001 38000880 34000780 0c000180 08000100 "
    "01020304 0c001480 08000100 0a090000 06000440 00500000 05001500 10000000 05000700 06000000",
    // SC6 hash:ip,port,net inet6: fd00::1,sctp:80,fd01::/64
    "e0000000 07060200 07000000 00000000 02000000 05000100 07000000 08000200 53433600 15000300 "
    "68617368 3a69702c 706f7274 2c6e6574 00000000 05000500 0a000000 05000400 08000000 06000b40 "
    "00030000 3c000780 08001240 00000400 08001340 00010000 05001500 0c000000 08001140 4fa6d4fb "
    "08001940 00000000 08001a40 00000550 08001840 00000001 50000880 4c000780 18000180 14000200 "
    "fd000000 00000000 00000000 00000001 18001480 14000200 fd010000 00000000 00000000 00000000 "
    "06000440 00500000 05001500 40000000 05000700 84000000",
    // NP bitmap:port (family NFPROTO_UNSPEC): 30080
    "88000000 07060200 07000000 00000000 02000000 05000100 07000000 07000200 4e500000 10000300 "
    "6269746d 61703a70 6f727400 05000500 00000000 05000400 03000000 06000b40 00040000 2c000780 "
    "06000440 00000000 06000540 ffff0000 08001940 00000000 08001a40 00002048 08001840 00000001 "
    "10000880 0c000780 06000440 75800000",
    // OTHER hash:ip inet, empty: an ADT without DATA
    "8c000000 07060200 07000000 00000000 02000000 05000100 07000000 0a000200 4f544845 52000000 "
    "0c000300 68617368 3a697000 05000500 02000000 05000400 06000000 06000b40 00050000 3c000780 "
    "08001240 00000400 08001340 00010000 05001500 0c000000 08001140 5fe0efbd 08001940 00000000 "
    "08001a40 000000d8 08001840 00000000 04000880",
    // a hash:ip,port inet: 10.0.0.2,tcp:80 and 10.0.0.1,udp:53
    "d0000000 07060200 07000000 00000000 02000000 05000100 07000000 06000200 61000000 11000300 "
    "68617368 3a69702c 706f7274 00000000 05000500 02000000 05000400 07000000 06000b40 00060000 "
    "3c000780 08001240 00000400 08001340 00010000 05001500 0c000000 08001140 c8b44912 08001940 "
    "00000000 08001a40 00000138 08001840 00000002 44000880 20000780 0c000180 08000100 0a000002 "
    "06000440 00500000 05000700 06000000 20000780 0c000180 08000100 0a000001 06000440 00350000 "
    "05000700 11000000",
};

// What `ipset save` printed from those messages.
constexpr char kSaved[] =
    "create K6 hash:ip,port family inet6 hashsize 1024 maxelem 65536 bucketsize 12 initval "
    "0x3d1e116e\n"
    "add K6 fd00::10,tcp:80\n"
    "create LB hash:ip,port,ip family inet hashsize 1024 maxelem 65536 bucketsize 12 initval "
    "0xa7d2134a\n"
    "add LB 10.244.1.2,tcp:8080,10.244.1.2\n"
    "create SC hash:ip,port,net family inet hashsize 1024 maxelem 65536 bucketsize 12 initval "
    "0x042842a4\n"
    "add SC 1.2.3.4,tcp:80,10.9.0.0/16\n"
    "create SC6 hash:ip,port,net family inet6 hashsize 1024 maxelem 65536 bucketsize 12 initval "
    "0x4fa6d4fb\n"
    "add SC6 fd00::1,sctp:80,fd01::/64\n"
    "create NP bitmap:port range 0-65535\n"
    "add NP 30080\n"
    "create OTHER hash:ip family inet hashsize 1024 maxelem 65536 bucketsize 12 initval "
    "0x5fe0efbd\n"
    "create a hash:ip,port family inet hashsize 1024 maxelem 65536 bucketsize 12 initval "
    "0xc8b44912\n"
    "add a 10.0.0.2,tcp:80\n"
    "add a 10.0.0.1,udp:53\n";

Status Feed(DumpReader& r, std::string_view hex) {
  const std::vector<uint8_t> bytes = Bytes(hex);
  Result<std::vector<wire::Message>> msgs = wire::SplitMessages(bytes);
  if (!msgs.ok()) return msgs.status();
  for (const wire::Message& m : *msgs) KI_RETURN_IF_ERROR(r.Add(m));
  return Status::Ok();
}

TEST(IpsetDump, EqualsTheParseOfWhatIpsetPrinted) {
  DumpReader r;
  for (const char* m : kDump) ASSERT_TRUE(Feed(r, m).ok()) << m;
  Result<std::map<std::string, SavedSet>> saved = ParseIpsetSave(kSaved);
  ASSERT_TRUE(saved.ok());
  EXPECT_EQ(r.sets(), *saved);
  EXPECT_EQ(r.sets().at("NP"), (SavedSet{"bitmap:port", "", {"30080"}}));
  EXPECT_EQ(r.sets().at("SC6").members, std::set<std::string>{"fd00::1,sctp:80,fd01::/64"});
}

// A big set comes in several messages; the later ones carry only PROTOCOL,
// SETNAME and ADT (ip_set_dump_start: the header only while the set's
// listing has not started). Here set `a` split after its first member.
TEST(IpsetDump, MembersOfOneSetOverSeveralMessages) {
  DumpReader r;
  ASSERT_TRUE(Feed(r,
                   "b0000000 07060200 07000000 00000000 02000000 05000100 07000000 06000200 "
                   "61000000 11000300 68617368 3a69702c 706f7274 00000000 05000500 02000000 "
                   "05000400 07000000 06000b40 00060000 3c000780 08001240 00000400 08001340 "
                   "00010000 05001500 0c000000 08001140 c8b44912 08001940 00000000 08001a40 "
                   "00000138 08001840 00000002 24000880 20000780 0c000180 08000100 0a000002 "
                   "06000440 00500000 05000700 06000000")
                  .ok());
  Status s = Feed(r,
                  "48000000 07060200 07000000 00000000 02000000 05000100 07000000 06000200 "
                  "61000000 24000880 20000780 0c000180 08000100 0a000001 06000440 00350000 "
                  "05000700 11000000");
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(r.sets().at("a"),
            (SavedSet{"hash:ip,port", "inet", {"10.0.0.1,udp:53", "10.0.0.2,tcp:80"}}));
}

TEST(IpsetDump, ContinuationWithoutHeaderIsAnError) {
  DumpReader r;
  Status s = Feed(r,
                  "48000000 07060200 07000000 00000000 02000000 05000100 07000000 06000200 "
                  "61000000 24000880 20000780 0c000180 08000100 0a000001 06000440 00350000 "
                  "05000700 11000000");
  EXPECT_EQ(s.message(), "ipset: broken kernel message: members of set a before its header");
}

// Attributes a newer kernel may add, at the command level (type 12) and in a
// member (type 31), are skipped.
TEST(IpsetDump, UnknownAttributesAreSkipped) {
  DumpReader r;
  Status s = Feed(r,
                  "98000000 07060200 07000000 00000000 02000000 05000100 07000000 07000200 "
                  "4e500000 10000300 6269746d 61703a70 6f727400 05000500 00000000 05000400 "
                  "03000000 06000b40 00040000 2c000780 06000440 00000000 06000540 ffff0000 "
                  "08001940 00000000 08001a40 00002048 08001840 00000001 "
                  "08000c00 deadbeef "
                  "18000880 14000780 06000440 75800000 08001f00 01020304");
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(r.sets().at("NP").members, std::set<std::string>{"30080"});
}

TEST(IpsetDump, TruncatedDataIsAnError) {
  DumpReader r;
  // NP's ADT claims 32 bytes where 16 remain.
  EXPECT_FALSE(Feed(r,
                    "88000000 07060200 07000000 00000000 02000000 05000100 07000000 07000200 "
                    "4e500000 10000300 6269746d 61703a70 6f727400 05000500 00000000 05000400 "
                    "03000000 06000b40 00040000 2c000780 06000440 00000000 06000540 ffff0000 "
                    "08001940 00000000 08001a40 00002048 08001840 00000001 "
                    "20000880 0c000780 06000440 75800000")
                   .ok());
  // A member whose DATA claims more than its ADT holds.
  Status s = Feed(r,
                  "88000000 07060200 07000000 00000000 02000000 05000100 07000000 07000200 "
                  "4e500000 10000300 6269746d 61703a70 6f727400 05000500 00000000 05000400 "
                  "03000000 06000b40 00040000 2c000780 06000440 00000000 06000540 ffff0000 "
                  "08001940 00000000 08001a40 00002048 08001840 00000001 "
                  "10000880 1c000780 06000440 75800000");
  EXPECT_EQ(s.message(), "set NP: ipset: truncated attribute in a kernel message");
  // A member without its port (here: the port attribute cut to one byte).
  s = Feed(r,
           "88000000 07060200 07000000 00000000 02000000 05000100 07000000 07000200 "
           "4e500000 10000300 6269746d 61703a70 6f727400 05000500 00000000 05000400 "
           "03000000 06000b40 00040000 2c000780 06000440 00000000 06000540 ffff0000 "
           "08001940 00000000 08001a40 00002048 08001840 00000001 "
           "10000880 0c000780 05000440 75000000");
  EXPECT_EQ(s.message(), "set NP: ipset: broken kernel message: member without a port");
}

// hash:ip,port,net members as ipset prints them: a host net without /32, a
// nomatch entry with its flag (CADT_FLAGS, IPSET_FLAG_NOMATCH).
TEST(IpsetDump, HostNetsAndNomatch) {
  DumpReader r;
  Status s = Feed(
      r,
      "38010000 07060200 07000000 00000000 02000000 05000100 07000000 07000200 53430000 15000300 "
      "68617368 3a69702c 706f7274 2c6e6574 00000000 05000500 02000000 05000400 08000000 06000b40 "
      "00020000 3c000780 08001240 00000400 08001340 00010000 05001500 0c000000 08001140 1ff0460b "
      "08001940 00000000 08001a40 00000278 08001840 00000003 a8000880 3c000780 0c000180 08000100 "
      "01020304 0c001480 08000100 0a010205 06000440 00500000 05001500 20000000 05000700 06000000 "
      "08000840 00000004 34000780 0c000180 08000100 01020304 0c001480 08000100 0a090000 06000440 "
      "00500000 05001500 10000000 05000700 06000000 34000780 0c000180 08000100 01020304 0c001480 "
      "08000100 0a010203 06000440 00500000 05001500 20000000 05000700 06000000");
  ASSERT_TRUE(s.ok()) << s.message();
  Result<std::map<std::string, SavedSet>> saved = ParseIpsetSave(
      "create SC hash:ip,port,net family inet hashsize 1024 maxelem 65536 bucketsize 12 initval "
      "0x1ff0460b\n"
      "add SC 1.2.3.4,tcp:80,10.1.2.5 nomatch\n"
      "add SC 1.2.3.4,tcp:80,10.9.0.0/16\n"
      "add SC 1.2.3.4,tcp:80,10.1.2.3\n");
  EXPECT_EQ(r.sets(), *saved);
}

// A type the proxy does not use keeps its name, type and family; its
// members are not decoded.
TEST(IpsetDump, OtherTypesAreNamedNotDecoded) {
  std::vector<uint8_t> buf;
  const size_t start = wire::BeginMessage(buf, 0x0607, 0x2, 7);
  buf.insert(buf.end(), {2, 0, 0, 0});
  wire::AttrWriter w(buf);
  w.U8(1, 7);
  w.String(2, "NETS");
  w.String(3, "hash:net");
  w.U8(5, 2);
  const size_t adt = w.BeginNested(8 | wire::kNlaFlagNested);
  const size_t data = w.BeginNested(7 | wire::kNlaFlagNested);
  w.U8(3, 24);  // CIDR, and no IP: not a member this parser would accept
  w.EndNested(data);
  w.EndNested(adt);
  wire::FinishMessage(buf, start);
  DumpReader r;
  Result<std::vector<wire::Message>> msgs = wire::SplitMessages(buf);
  ASSERT_TRUE(msgs.ok());
  ASSERT_TRUE(r.Add(msgs->front()).ok());
  EXPECT_EQ(r.sets().at("NETS"), (SavedSet{"hash:net", "inet", {}}));
}

}  // namespace
}  // namespace ki::netfilter::ipsetmsg
