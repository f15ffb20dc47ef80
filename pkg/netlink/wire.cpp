#include "pkg/netlink/wire.h"

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <cstring>

namespace ki::netlink::wire {
namespace {

static_assert(sizeof(nlmsghdr) == kNlMsgHdrLen);
static_assert(sizeof(genlmsghdr) == kGenlHdrLen);
static_assert(sizeof(nlattr) == kNlaHdrLen);
static_assert(NLMSG_ERROR == kNlmsgError && NLMSG_DONE == kNlmsgDone);
static_assert(NLM_F_REQUEST == kFlagRequest && NLM_F_MULTI == kFlagMulti);
static_assert(NLM_F_ACK == kFlagAck && NLM_F_DUMP == kFlagDump);
static_assert(NLM_F_DUMP_INTR == kFlagDumpIntr);
static_assert(NLA_F_NESTED == kNlaFlagNested && NLA_F_NET_BYTEORDER == kNlaFlagNetOrder);
static_assert(uint16_t(NLA_TYPE_MASK) == 0x3fff);

constexpr uint16_t kNlaTypeMask = 0x3fff;  // drops NLA_F_NESTED / NLA_F_NET_BYTEORDER

void Put16(std::vector<uint8_t>& out, size_t at, uint16_t v) { std::memcpy(&out[at], &v, 2); }

}  // namespace

void AttrWriter::Bytes(uint16_t type, const void* data, size_t len) {
  const size_t start = out_.size();
  out_.resize(start + Align4(kNlaHdrLen + len), 0);
  Put16(out_, start, static_cast<uint16_t>(kNlaHdrLen + len));
  Put16(out_, start + 2, type);
  if (len > 0) std::memcpy(&out_[start + kNlaHdrLen], data, len);
}

void AttrWriter::Be16(uint16_t type, uint16_t host_order) {
  const uint8_t be[2] = {static_cast<uint8_t>(host_order >> 8),
                         static_cast<uint8_t>(host_order & 0xff)};
  Bytes(type, be, 2);
}

void AttrWriter::Be32(uint16_t type, uint32_t host_order) {
  const uint8_t be[4] = {
      static_cast<uint8_t>(host_order >> 24), static_cast<uint8_t>((host_order >> 16) & 0xff),
      static_cast<uint8_t>((host_order >> 8) & 0xff), static_cast<uint8_t>(host_order & 0xff)};
  Bytes(type, be, 4);
}

void AttrWriter::String(uint16_t type, std::string_view s) {
  std::vector<char> z(s.begin(), s.end());
  z.push_back('\0');
  Bytes(type, z.data(), z.size());
}

size_t AttrWriter::BeginNested(uint16_t type) {
  const size_t start = out_.size();
  Bytes(type, nullptr, 0);
  return start;
}

void AttrWriter::EndNested(size_t start) {
  Put16(out_, start, static_cast<uint16_t>(out_.size() - start));
}

Status ParseAttrs(std::span<const uint8_t> data, std::span<std::span<const uint8_t>> table) {
  for (auto& t : table) t = {};
  size_t off = 0;
  while (off + kNlaHdrLen <= data.size()) {
    uint16_t len = 0, type = 0;
    std::memcpy(&len, &data[off], 2);
    std::memcpy(&type, &data[off + 2], 2);
    if (len < kNlaHdrLen || off + len > data.size()) {
      return Status::Internal("netlink: malformed attribute at offset " + std::to_string(off));
    }
    type &= kNlaTypeMask;
    if (type < table.size()) table[type] = data.subspan(off + kNlaHdrLen, len - kNlaHdrLen);
    off += Align4(len);
  }
  return Status::Ok();
}

bool Has(std::span<const uint8_t> a) { return a.data() != nullptr; }

uint8_t GetU8(std::span<const uint8_t> a) { return a.empty() ? 0 : a[0]; }

uint16_t GetU16(std::span<const uint8_t> a) {
  uint16_t v = 0;
  if (a.size() >= 2) std::memcpy(&v, a.data(), 2);
  return v;
}

uint16_t GetBe16(std::span<const uint8_t> a) {
  return a.size() >= 2 ? static_cast<uint16_t>((a[0] << 8) | a[1]) : 0;
}

uint32_t GetBe32(std::span<const uint8_t> a) {
  if (a.size() < 4) return 0;
  return (uint32_t{a[0]} << 24) | (uint32_t{a[1]} << 16) | (uint32_t{a[2]} << 8) | a[3];
}

uint32_t GetU32(std::span<const uint8_t> a) {
  uint32_t v = 0;
  if (a.size() >= 4) std::memcpy(&v, a.data(), 4);
  return v;
}

uint64_t GetUint(std::span<const uint8_t> a) {
  if (a.size() >= 8) {
    uint64_t v = 0;
    std::memcpy(&v, a.data(), 8);
    return v;
  }
  return GetU32(a);
}

std::string_view GetString(std::span<const uint8_t> a) {
  const char* p = reinterpret_cast<const char*>(a.data());
  size_t n = 0;
  while (n < a.size() && p[n] != '\0') ++n;
  return {p, n};
}

int Message::ack_errno() const {
  int32_t err = 0;
  if (payload.size() >= 4) std::memcpy(&err, payload.data(), 4);
  return -err;
}

std::span<const uint8_t> Message::genl_attrs() const {
  if (payload.size() < kGenlHdrLen) return {};
  return payload.subspan(kGenlHdrLen);
}

Result<std::vector<Message>> SplitMessages(std::span<const uint8_t> data) {
  std::vector<Message> out;
  size_t off = 0;
  while (off + kNlMsgHdrLen <= data.size()) {
    uint32_t len = 0;
    Message m;
    std::memcpy(&len, &data[off], 4);
    std::memcpy(&m.type, &data[off + 4], 2);
    std::memcpy(&m.flags, &data[off + 6], 2);
    std::memcpy(&m.seq, &data[off + 8], 4);
    if (len < kNlMsgHdrLen || off + len > data.size()) {
      return Status::Internal("netlink: truncated message");
    }
    m.payload = data.subspan(off + kNlMsgHdrLen, len - kNlMsgHdrLen);
    out.push_back(m);
    off += Align4(len);
  }
  return out;
}

size_t BeginMessage(std::vector<uint8_t>& out, uint16_t type, uint16_t flags, uint32_t seq) {
  const size_t start = out.size();
  out.resize(start + kNlMsgHdrLen, 0);
  std::memcpy(&out[start + 4], &type, 2);
  std::memcpy(&out[start + 6], &flags, 2);
  std::memcpy(&out[start + 8], &seq, 4);
  return start;
}

void FinishMessage(std::vector<uint8_t>& out, size_t start) {
  const uint32_t len = static_cast<uint32_t>(out.size() - start);
  std::memcpy(&out[start], &len, 4);
}

void AppendRequest(std::vector<uint8_t>& out, uint16_t family, uint16_t flags, uint32_t seq,
                   uint8_t cmd, uint8_t version, std::span<const uint8_t> attrs) {
  const size_t start = out.size();
  const uint32_t len = static_cast<uint32_t>(kNlMsgHdrLen + kGenlHdrLen + attrs.size());
  out.resize(start + Align4(len), 0);
  const uint32_t pid = 0;
  std::memcpy(&out[start], &len, 4);
  std::memcpy(&out[start + 4], &family, 2);
  std::memcpy(&out[start + 6], &flags, 2);
  std::memcpy(&out[start + 8], &seq, 4);
  std::memcpy(&out[start + 12], &pid, 4);
  out[start + 16] = cmd;
  out[start + 17] = version;
  if (!attrs.empty())
    std::memcpy(&out[start + kNlMsgHdrLen + kGenlHdrLen], attrs.data(), attrs.size());
}

}  // namespace ki::netlink::wire
