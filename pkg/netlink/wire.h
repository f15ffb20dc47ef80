// Netlink wire format, written and read without libnl: message framing
// (nlmsghdr, and the genlmsghdr of generic netlink) and attributes (nlattr,
// nested). Pure functions over byte buffers, so every family's messages
// (IPVS, rtnetlink addresses, nfnetlink ipset) are built and tested without a
// socket. Values are host-endian like the kernel's, except where a Be16/Be32
// says otherwise. Not thread-safe per object; no shared state.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "pkg/base/status.h"

namespace ki::netlink::wire {

inline constexpr size_t kNlMsgHdrLen = 16;
inline constexpr size_t kGenlHdrLen = 4;
inline constexpr size_t kNlaHdrLen = 4;
inline constexpr uint16_t kNlmsgError = 2;
inline constexpr uint16_t kNlmsgDone = 3;
inline constexpr uint16_t kFlagRequest = 0x1;
inline constexpr uint16_t kFlagMulti = 0x2;
inline constexpr uint16_t kFlagAck = 0x4;
inline constexpr uint16_t kFlagDump = 0x300;
inline constexpr uint16_t kFlagDumpIntr = 0x10;       // NLM_F_DUMP_INTR: the dump raced a change
inline constexpr uint16_t kNlaFlagNested = 0x8000;    // NLA_F_NESTED
inline constexpr uint16_t kNlaFlagNetOrder = 0x4000;  // NLA_F_NET_BYTEORDER

constexpr size_t Align4(size_t n) { return (n + 3) & ~size_t{3}; }

// Appends attributes to a buffer; nested attributes by Begin/End.
class AttrWriter {
 public:
  explicit AttrWriter(std::vector<uint8_t>& out) : out_(out) {}

  void Bytes(uint16_t type, const void* data, size_t len);
  void U8(uint16_t type, uint8_t v) { Bytes(type, &v, 1); }
  void U16(uint16_t type, uint16_t v) { Bytes(type, &v, 2); }
  void U32(uint16_t type, uint32_t v) { Bytes(type, &v, 4); }
  void Be16(uint16_t type, uint16_t host_order);
  void Be32(uint16_t type, uint32_t host_order);
  void String(uint16_t type, std::string_view s);  // with its NUL, as NLA_NUL_STRING wants
  size_t BeginNested(uint16_t type);
  void EndNested(size_t start);

 private:
  std::vector<uint8_t>& out_;
};

// Attributes of one level, indexed by type (1..N-1); absent ones are empty spans.
template <size_t N>
using AttrTable = std::array<std::span<const uint8_t>, N>;

// Fills `table` from a run of attributes; types >= N are skipped (newer
// kernels add attributes). Fails on a truncated or malformed attribute.
Status ParseAttrs(std::span<const uint8_t> data, std::span<std::span<const uint8_t>> table);

bool Has(std::span<const uint8_t> a);
uint8_t GetU8(std::span<const uint8_t> a);
uint16_t GetU16(std::span<const uint8_t> a);
uint16_t GetBe16(std::span<const uint8_t> a);
uint32_t GetBe32(std::span<const uint8_t> a);
uint32_t GetU32(std::span<const uint8_t> a);
uint64_t GetUint(std::span<const uint8_t> a);  // u32 or u64 by length
std::string_view GetString(std::span<const uint8_t> a);

// A received netlink message: header fields and what follows the nlmsghdr.
struct Message {
  uint16_t type = 0;
  uint16_t flags = 0;
  uint32_t seq = 0;
  std::span<const uint8_t> payload;

  bool is_error() const { return type == kNlmsgError; }
  bool is_done() const { return type == kNlmsgDone; }
  // For an NLMSG_ERROR: the positive errno, 0 for an ACK.
  int ack_errno() const;
  // The attributes after the genlmsghdr of a generic netlink message.
  std::span<const uint8_t> genl_attrs() const;
};

// Splits a datagram into its messages; fails if a header is truncated.
Result<std::vector<Message>> SplitMessages(std::span<const uint8_t> data);

// Appends an nlmsghdr (length 0 until FinishMessage; pid 0: the kernel fills
// it) and returns where the message starts.
size_t BeginMessage(std::vector<uint8_t>& out, uint16_t type, uint16_t flags, uint32_t seq);

// Sets the nlmsg_len of the message starting at `start` to reach the buffer's
// end, after its family header and attributes were appended.
void FinishMessage(std::vector<uint8_t>& out, size_t start);

// Appends one request: nlmsghdr (pid 0: the kernel fills it) + genlmsghdr + attrs.
void AppendRequest(std::vector<uint8_t>& out, uint16_t family, uint16_t flags, uint32_t seq,
                   uint8_t cmd, uint8_t version, std::span<const uint8_t> attrs);

}  // namespace ki::netlink::wire
