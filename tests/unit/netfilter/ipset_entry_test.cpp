#include "pkg/netfilter/ipset_entry.h"

#include <gtest/gtest.h>

namespace ki::netfilter {
namespace {

struct Case {
  SetType type;
  bool ipv6;
  const char* written;  // what was restored in the VM
  const char* printed;  // what `ipset save` printed back (ipset 7.17, Linux 6.1)
};

// Every pair below was restored and saved on the VM's kernel
// (tests/vm/scenarios/netfilter_tools.sh checks them again on each run).
const Case kPrinted[] = {
    {SetType::kHashIpPort, false, "10.96.0.10,tcp:80", "10.96.0.10,tcp:80"},
    {SetType::kHashIpPort, false, "10.96.0.10,udp:53", "10.96.0.10,udp:53"},
    {SetType::kHashIpPort, false, "10.96.0.11,sctp:36412", "10.96.0.11,sctp:36412"},
    {SetType::kHashIpPort, false, "10.96.0.12,6:81", "10.96.0.12,tcp:81"},
    {SetType::kHashIpPort, false, "10.0.0.1,17:99", "10.0.0.1,udp:99"},
    {SetType::kHashIpPort, false, "10.0.0.1,132:9", "10.0.0.1,sctp:9"},
    {SetType::kHashIpPort, false, "10.0.0.1,TCP:7", "10.0.0.1,tcp:7"},
    {SetType::kHashIpPort, false, "10.0.0.1,80", "10.0.0.1,tcp:80"},
    {SetType::kHashIpPort, false, "10.96.0.14,tcp:0", "10.96.0.14,tcp:0"},
    {SetType::kHashIpPort, false, "10.0.0.1,tcp:65535", "10.0.0.1,tcp:65535"},
    {SetType::kHashIpPort, true, "fd00::10,tcp:80", "fd00::10,tcp:80"},
    {SetType::kHashIpPort, true, "FD00:0:0::0:11,tcp:80", "fd00::11,tcp:80"},
    {SetType::kHashIpPort, true, "[fd00::12],tcp:80", "fd00::12,tcp:80"},
    {SetType::kHashIpPortIp, false, "10.244.1.2,tcp:8080,10.244.1.2",
     "10.244.1.2,tcp:8080,10.244.1.2"},
    {SetType::kHashIpPortIp, true, "fd00::1,tcp:80,fd00::1", "fd00::1,tcp:80,fd00::1"},
    {SetType::kHashIpPortNet, false, "1.2.3.4,tcp:80,10.0.0.0/8", "1.2.3.4,tcp:80,10.0.0.0/8"},
    {SetType::kHashIpPortNet, false, "1.2.3.4,tcp:80,10.1.2.3/32", "1.2.3.4,tcp:80,10.1.2.3"},
    {SetType::kHashIpPortNet, false, "1.2.3.4,tcp:80,10.1.2.4", "1.2.3.4,tcp:80,10.1.2.4"},
    {SetType::kHashIpPortNet, false, "1.2.3.4,tcp:80,10.9.9.9/16", "1.2.3.4,tcp:80,10.9.0.0/16"},
    {SetType::kHashIpPortNet, true, "fd00::1,tcp:80,fd01::/64", "fd00::1,tcp:80,fd01::/64"},
    {SetType::kHashIpPortNet, true, "fd00::1,tcp:80,fd02::1/128", "fd00::1,tcp:80,fd02::1"},
    {SetType::kBitmapPort, false, "30080", "30080"},
    {SetType::kBitmapPort, false, "0", "0"},
    {SetType::kBitmapPort, false, "65535", "65535"},
    {SetType::kBitmapPort, false, "tcp:200", "200"},
    {SetType::kHashIp, false, "10.96.0.10", "10.96.0.10"},
    {SetType::kHashIp, true, "fd00::10", "fd00::10"},
};

TEST(CanonicalEntry, GivesWhatIpsetPrintsBack) {
  for (const Case& c : kPrinted) {
    Result<std::string> got = CanonicalEntry(c.type, c.ipv6, c.written);
    ASSERT_TRUE(got.ok()) << c.written << ": " << got.status().message();
    EXPECT_EQ(*got, c.printed) << c.written;
  }
}

TEST(CanonicalEntry, PrintedFormIsAFixedPoint) {
  for (const Case& c : kPrinted) {
    EXPECT_EQ(*CanonicalEntry(c.type, c.ipv6, c.printed), c.printed);
  }
}

TEST(CanonicalEntry, RejectsWhatIsNotOneEntryOfTheProxy) {
  struct Bad {
    SetType type;
    bool ipv6;
    const char* entry;
  };
  // Expanded by ipset into many members, or outside tcp/udp/sctp, or malformed.
  const Bad bad[] = {
      {SetType::kHashIp, false, "10.0.0.0/30"},
      {SetType::kBitmapPort, false, "100-103"},
      {SetType::kHashIpPort, false, "10.96.0.13,http"},
      {SetType::kHashIpPort, false, "10.0.0.1,icmp:ping"},
      {SetType::kHashIpPort, false, "10.0.0.1,udplite:5"},
      {SetType::kHashIpPort, false, "10.0.0.1,tcp:65536"},
      {SetType::kHashIpPort, false, "10.0.0.300,tcp:1"},
      {SetType::kHashIpPort, false, "fd00::1,tcp:1"},
      {SetType::kHashIpPort, true, "10.0.0.1,tcp:1"},
      {SetType::kHashIpPort, false, "10.0.0.1"},
      {SetType::kHashIpPortNet, false, "1.2.3.4,tcp:80,10.0.0.0/0"},
      {SetType::kHashIpPortNet, false, "1.2.3.4,tcp:80,10.0.0.0/33"},
      {SetType::kHashIpPortIp, false, "1.2.3.4,tcp:80"},
  };
  for (const Bad& b : bad) {
    Result<std::string> got = CanonicalEntry(b.type, b.ipv6, b.entry);
    EXPECT_FALSE(got.ok()) << b.entry << " -> " << (got.ok() ? *got : "");
    if (!got.ok()) {
      EXPECT_EQ(got.status().code(), Code::kInvalidConfig);
    }
  }
}

TEST(CanonicalEntry, ErrorNamesTheEntry) {
  Result<std::string> got = CanonicalEntry(SetType::kHashIpPort, false, "10.0.0.1,icmp:8");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().message(),
            "ipset entry \"10.0.0.1,icmp:8\": protocol \"icmp\" is not tcp, udp or sctp");
}

// The value behind the text: what the netlink messages carry.
TEST(ParseEntry, GivesTheKernelsValue) {
  Result<EntryValue> v =
      ParseEntry(SetType::kHashIpPortNet, false, "1.2.3.4,SCTP:36412,10.9.9.9/16");
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ((std::array<uint8_t, 4>{v->ip[0], v->ip[1], v->ip[2], v->ip[3]}),
            (std::array<uint8_t, 4>{1, 2, 3, 4}));
  EXPECT_EQ(v->proto, 132);
  EXPECT_EQ(v->port, 36412);
  EXPECT_EQ((std::array<uint8_t, 4>{v->ip2[0], v->ip2[1], v->ip2[2], v->ip2[3]}),
            (std::array<uint8_t, 4>{10, 9, 0, 0}));
  EXPECT_EQ(v->cidr2, 16);
  Result<EntryValue> port = ParseEntry(SetType::kBitmapPort, false, "udp:30080");
  ASSERT_TRUE(port.ok());
  EXPECT_EQ(port->port, 30080);
  EXPECT_EQ(port->proto, 0);  // a bitmap:port member has no protocol
}

TEST(FormatEntry, PrintsWhatTheKernelHoldsAsIpsetDoes) {
  EntryValue v;
  v.ip = {0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  v.ip2 = {0xfd, 1};
  v.proto = 17;
  v.port = 53;
  v.cidr2 = 128;
  EXPECT_EQ(FormatEntry(SetType::kHashIpPortNet, true, v), "fd00::1,udp:53,fd01::");
  v.cidr2 = 64;
  v.nomatch = true;
  EXPECT_EQ(FormatEntry(SetType::kHashIpPortNet, true, v), "fd00::1,udp:53,fd01::/64 nomatch");
  v.proto = 47;  // not one the proxy writes: its number
  EXPECT_EQ(FormatEntry(SetType::kHashIpPort, true, v), "fd00::1,47:53");
  EXPECT_EQ(FormatEntry(SetType::kBitmapPort, false, v), "53");
}

}  // namespace
}  // namespace ki::netfilter
