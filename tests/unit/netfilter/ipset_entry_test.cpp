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

}  // namespace
}  // namespace ki::netfilter
