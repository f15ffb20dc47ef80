#include "pkg/netlink/wire.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

namespace ki::netlink::wire {
namespace {

TEST(Wire, BigEndianAttributesKeepTheirTypeFlagsAndByteOrder) {
  std::vector<uint8_t> out;
  AttrWriter w(out);
  w.Be32(kNlaFlagNetOrder | 19, 65536);
  w.Be16(kNlaFlagNetOrder | 4, 443);
  // len 8, type 19|NET_BYTEORDER, 00 01 00 00; len 6, type 4|NET_BYTEORDER, 01 bb, pad.
  const std::vector<uint8_t> want = {0x08, 0x00, 0x13, 0x40, 0x00, 0x01, 0x00, 0x00,
                                     0x06, 0x00, 0x04, 0x40, 0x01, 0xbb, 0x00, 0x00};
  EXPECT_EQ(out, want);
  std::array<std::span<const uint8_t>, 20> t;
  ASSERT_TRUE(ParseAttrs(out, t).ok());
  EXPECT_EQ(GetBe32(t[19]), 65536u);
  EXPECT_EQ(GetBe16(t[4]), 443);
}

TEST(Wire, NestedFlagIsMaskedWhenParsing) {
  std::vector<uint8_t> out;
  AttrWriter w(out);
  const size_t nest = w.BeginNested(kNlaFlagNested | 7);
  w.U8(1, 6);
  w.EndNested(nest);
  std::array<std::span<const uint8_t>, 8> t;
  ASSERT_TRUE(ParseAttrs(out, t).ok());
  ASSERT_TRUE(Has(t[7]));
  std::array<std::span<const uint8_t>, 2> inner;
  ASSERT_TRUE(ParseAttrs(t[7], inner).ok());
  EXPECT_EQ(GetU8(inner[1]), 6);
}

TEST(Wire, BeginAndFinishMessageFrameAFamilyHeaderAndAttributes) {
  std::vector<uint8_t> out = {0xaa};  // messages append after what is there
  const size_t start = BeginMessage(out, 0x0609, kFlagRequest | kFlagAck, 77);
  out.insert(out.end(), {2, 0, 0, 0});  // a 4-byte family header (nfgenmsg-sized)
  AttrWriter(out).U8(1, 7);
  FinishMessage(out, start);
  auto msgs = SplitMessages(std::span<const uint8_t>(out).subspan(1));
  ASSERT_TRUE(msgs.ok());
  ASSERT_EQ(msgs->size(), 1u);
  const Message& m = msgs->front();
  EXPECT_EQ(m.type, 0x0609);
  EXPECT_EQ(m.flags, kFlagRequest | kFlagAck);
  EXPECT_EQ(m.seq, 77u);
  EXPECT_EQ(m.payload.size(), 4u + 8u);  // header + one padded u8 attribute
}

TEST(Wire, ShortBigEndianValuesReadAsZero) {
  const std::vector<uint8_t> three = {1, 2, 3};
  EXPECT_EQ(GetBe32(three), 0u);
}

}  // namespace
}  // namespace ki::netlink::wire
