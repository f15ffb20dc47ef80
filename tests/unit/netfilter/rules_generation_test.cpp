// The legacy tables' digest: built over entries laid out as the kernel hands
// them to iptables-save (struct ipt_entry / ip6t_entry + a standard target).
#include "pkg/netfilter/rules_generation.h"

#include <gtest/gtest.h>
// glibc's before the kernel's, as in the implementation.
#include <netinet/in.h>

#include <linux/netfilter_ipv4/ip_tables.h>
#include <linux/netfilter_ipv6/ip6_tables.h>

#include <cstring>
#include <vector>

namespace ki::netfilter {
namespace {

// One entry with a standard target of `verdict`, and its counters.
template <typename Entry>
void AppendEntry(std::vector<uint8_t>& blob, int verdict, uint64_t packets, uint32_t comefrom) {
  const size_t size = sizeof(Entry) + XT_ALIGN(sizeof(xt_standard_target));
  const size_t at = blob.size();
  blob.resize(at + size, 0);
  Entry e{};
  e.target_offset = sizeof(Entry);
  e.next_offset = static_cast<uint16_t>(size);
  e.comefrom = comefrom;
  e.counters.pcnt = packets;
  e.counters.bcnt = packets * 60;
  std::memcpy(&blob[at], &e, sizeof(e));
  xt_standard_target t{};
  t.target.u.target_size = XT_ALIGN(sizeof(xt_standard_target));
  t.verdict = verdict;
  std::memcpy(&blob[at + sizeof(Entry)], &t, sizeof(t));
}

template <typename Entry>
std::vector<uint8_t> Table(int second_verdict, uint64_t packets, uint32_t comefrom = 0) {
  std::vector<uint8_t> blob;
  AppendEntry<Entry>(blob, -NF_ACCEPT - 1, packets, comefrom);
  AppendEntry<Entry>(blob, second_verdict, packets * 3, comefrom);
  return blob;
}

TEST(LegacyDigest, CountersAndComefromDoNotMoveIt) {
  auto quiet = DigestLegacyEntries(Table<ipt_entry>(-NF_DROP - 1, 0), false);
  auto busy = DigestLegacyEntries(Table<ipt_entry>(-NF_DROP - 1, 123456, 0x5), false);
  ASSERT_TRUE(quiet.ok()) << quiet.status().message();
  ASSERT_TRUE(busy.ok()) << busy.status().message();
  EXPECT_EQ(*quiet, *busy);
}

TEST(LegacyDigest, ARuleChangeMovesIt) {
  auto drop = DigestLegacyEntries(Table<ipt_entry>(-NF_DROP - 1, 0), false);
  auto accept = DigestLegacyEntries(Table<ipt_entry>(-NF_ACCEPT - 1, 0), false);
  ASSERT_TRUE(drop.ok() && accept.ok());
  EXPECT_NE(*drop, *accept);
}

TEST(LegacyDigest, Ipv6EntriesUseTheirOwnLayout) {
  auto quiet = DigestLegacyEntries(Table<ip6t_entry>(-NF_DROP - 1, 0), true);
  auto busy = DigestLegacyEntries(Table<ip6t_entry>(-NF_DROP - 1, 99, 0x3), true);
  auto other = DigestLegacyEntries(Table<ip6t_entry>(-NF_ACCEPT - 1, 0), true);
  ASSERT_TRUE(quiet.ok() && busy.ok() && other.ok());
  EXPECT_EQ(*quiet, *busy);
  EXPECT_NE(*quiet, *other);
}

TEST(LegacyDigest, AnEntryLeavingTheBlobIsAnError) {
  std::vector<uint8_t> blob = Table<ipt_entry>(-NF_DROP - 1, 0);
  blob.resize(blob.size() - 4);  // the second entry's next_offset now points past the end
  auto d = DigestLegacyEntries(blob, false);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("bad entry size"), std::string::npos);
}

TEST(LegacyDigest, AZeroSizedEntryIsAnErrorNotALoop) {
  std::vector<uint8_t> blob = Table<ipt_entry>(-NF_DROP - 1, 0);
  const uint16_t zero = 0;
  std::memcpy(&blob[offsetof(ipt_entry, next_offset)], &zero, sizeof(zero));
  EXPECT_FALSE(DigestLegacyEntries(blob, false).ok());
}

TEST(LegacyDigest, AnEmptyTableHasADigest) { EXPECT_TRUE(DigestLegacyEntries({}, false).ok()); }

}  // namespace
}  // namespace ki::netfilter
