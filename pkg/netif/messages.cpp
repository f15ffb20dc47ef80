#include "pkg/netif/messages.h"

#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <cstring>

#include "pkg/netlink/wire.h"

namespace ki::netif::msg {
namespace {

namespace wire = netlink::wire;

constexpr size_t kIfaddrmsgLen = 8;
static_assert(sizeof(ifaddrmsg) == kIfaddrmsgLen);
static_assert(RTM_NEWADDR == kRtmNewAddr && RTM_DELADDR == kRtmDelAddr &&
              RTM_GETADDR == kRtmGetAddr);
static_assert(IFA_ADDRESS == 1 && IFA_LOCAL == 2 && IFA_FLAGS == 8);

constexpr uint16_t kBindFlags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
constexpr uint16_t kUnbindFlags = NLM_F_REQUEST | NLM_F_ACK;
constexpr uint16_t kDumpFlags = NLM_F_REQUEST | NLM_F_DUMP;

struct IfaddrHeader {
  uint8_t family = 0;
  uint8_t prefix_len = 0;
  uint8_t flags = 0;
  uint8_t scope = 0;
  int index = 0;
};

// Writes nlmsghdr + ifaddrmsg; returns where the message starts so that
// wire::FinishMessage can set its length once the attributes are in.
size_t Begin(std::vector<uint8_t>& out, uint16_t type, uint16_t flags, uint32_t seq,
             const IfaddrHeader& h) {
  const size_t start = out.size();
  out.resize(start + wire::kNlMsgHdrLen + kIfaddrmsgLen, 0);
  uint8_t* p = &out[start];
  const uint32_t pid = 0;  // the kernel fills in the sender
  std::memcpy(p + 4, &type, 2);
  std::memcpy(p + 6, &flags, 2);
  std::memcpy(p + 8, &seq, 4);
  std::memcpy(p + 12, &pid, 4);
  p += wire::kNlMsgHdrLen;
  p[0] = h.family;
  p[1] = h.prefix_len;
  p[2] = h.flags;
  p[3] = h.scope;
  std::memcpy(p + 4, &h.index, 4);
  return start;
}

IfaddrHeader HostHeader(int ifindex, const IpAddress& a) {
  return {static_cast<uint8_t>(a.family), HostPrefix(a), 0, 0, ifindex};
}

}  // namespace

void AppendBind(std::vector<uint8_t>& out, uint32_t seq, int ifindex, const IpAddress& a) {
  IfaddrHeader h = HostHeader(ifindex, a);
  if (a.family == ipvs::kAfInet6) h.flags = IFA_F_NODAD;
  const size_t start = Begin(out, kRtmNewAddr, kBindFlags, seq, h);
  wire::AttrWriter w(out);
  // As iproute2's `ip addr add`: the local address, and the same as the
  // "address" (no peer).
  w.Bytes(IFA_LOCAL, a.bytes.data(), a.size());
  w.Bytes(IFA_ADDRESS, a.bytes.data(), a.size());
  wire::FinishMessage(out, start);
}

void AppendUnbind(std::vector<uint8_t>& out, uint32_t seq, int ifindex, const IpAddress& a) {
  const size_t start = Begin(out, kRtmDelAddr, kUnbindFlags, seq, HostHeader(ifindex, a));
  wire::AttrWriter(out).Bytes(IFA_LOCAL, a.bytes.data(), a.size());
  wire::FinishMessage(out, start);
}

void AppendDump(std::vector<uint8_t>& out, uint32_t seq, uint16_t family, int ifindex) {
  const size_t start =
      Begin(out, kRtmGetAddr, kDumpFlags, seq, {static_cast<uint8_t>(family), 0, 0, 0, ifindex});
  wire::FinishMessage(out, start);
}

Result<std::optional<LocalAddress>> ParseAddr(std::span<const uint8_t> payload) {
  if (payload.size() < kIfaddrmsgLen) return Status::Internal("netlink: short address message");
  const uint8_t family = payload[0];
  if (family != ipvs::kAfInet && family != ipvs::kAfInet6) return std::optional<LocalAddress>();
  LocalAddress out;
  out.addr.family = family;
  out.prefix_len = payload[1];
  out.scope = payload[3];
  std::memcpy(&out.link_index, &payload[4], 4);
  wire::AttrTable<IFA_FLAGS + 1> tb;
  KI_RETURN_IF_ERROR(wire::ParseAttrs(payload.subspan(kIfaddrmsgLen), tb));
  // IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer on
  // point-to-point links, and the only one IPv6 usually sends.
  std::span<const uint8_t> a = wire::Has(tb[IFA_LOCAL]) ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
  if (a.size() != out.addr.size()) {
    return Status::Internal("netlink: address message without a valid address");
  }
  std::memcpy(out.addr.bytes.data(), a.data(), a.size());
  return std::optional<LocalAddress>(out);
}

}  // namespace ki::netif::msg
