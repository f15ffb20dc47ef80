#include "pkg/netif/messages.h"

#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <array>
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

constexpr size_t kRtmsgLen = 12;
static_assert(sizeof(rtmsg) == kRtmsgLen);
static_assert(RTM_NEWROUTE == kRtmNewRoute && RTM_DELROUTE == kRtmDelRoute &&
              RTM_GETROUTE == kRtmGetRoute);
static_assert(RTA_DST == 1 && RTA_OIF == 4 && RTA_TABLE == 15);
static_assert(RT_TABLE_LOCAL == 255 && RTN_LOCAL == 2);
static_assert(RT_SCOPE_UNIVERSE == 0 && RT_SCOPE_HOST == kScopeHost && RT_SCOPE_NOWHERE == 255);

constexpr uint16_t kBindFlags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
constexpr uint16_t kUnbindFlags = NLM_F_REQUEST | NLM_F_ACK;
constexpr uint16_t kDumpFlags = NLM_F_REQUEST | NLM_F_DUMP;
constexpr uint16_t kAddRouteFlags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE;
constexpr uint16_t kDeleteRouteFlags = NLM_F_REQUEST | NLM_F_ACK;

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
  const size_t start = wire::BeginMessage(out, type, flags, seq);
  std::array<uint8_t, kIfaddrmsgLen> body = {h.family, h.prefix_len, h.flags, h.scope};
  std::memcpy(&body[4], &h.index, 4);
  out.insert(out.end(), body.begin(), body.end());
  return start;
}

// The rtmsg fields pkg/netif sets (src_len, tos and flags stay 0).
struct RtHeader {
  uint8_t family = 0;
  uint8_t dst_len = 0;
  uint8_t table = 0;
  uint8_t protocol = 0;
  uint8_t scope = 0;
  uint8_t type = 0;
};

size_t BeginRoute(std::vector<uint8_t>& out, uint16_t type, uint16_t flags, uint32_t seq,
                  const RtHeader& h) {
  const size_t start = wire::BeginMessage(out, type, flags, seq);
  const std::array<uint8_t, kRtmsgLen> body = {h.family, h.dst_len, 0, 0, h.table, h.protocol,
                                               h.scope,  h.type,    0, 0, 0,       0};
  out.insert(out.end(), body.begin(), body.end());
  return start;
}

// One route of the proxy's, to add or delete: the same header and attributes
// but for the flags and the scope.
void AppendLocalRoute(std::vector<uint8_t>& out, uint16_t type, uint16_t flags, uint32_t seq,
                      uint8_t scope, int lo_index, const LocalRoute& r) {
  const size_t start = BeginRoute(out, type, flags, seq,
                                  {static_cast<uint8_t>(r.addr.family), r.prefix_len,
                                   RT_TABLE_LOCAL, kRouteProtocol, scope, RTN_LOCAL});
  wire::AttrWriter w(out);
  w.Bytes(RTA_DST, r.addr.bytes.data(), r.addr.size());
  w.U32(RTA_OIF, static_cast<uint32_t>(lo_index));
  // rtm_table says 255 already; RTA_TABLE too, the form the kernel dumps.
  w.U32(RTA_TABLE, RT_TABLE_LOCAL);
  wire::FinishMessage(out, start);
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

void AppendAddLocalRoute(std::vector<uint8_t>& out, uint32_t seq, int lo_index,
                         const LocalRoute& route) {
  const uint8_t scope = route.addr.family == ipvs::kAfInet6 ? RT_SCOPE_UNIVERSE : RT_SCOPE_HOST;
  AppendLocalRoute(out, kRtmNewRoute, kAddRouteFlags, seq, scope, lo_index, route);
}

void AppendDeleteLocalRoute(std::vector<uint8_t>& out, uint32_t seq, int lo_index,
                            const LocalRoute& route) {
  // RT_SCOPE_NOWHERE matches any scope (fib_table_delete), as `ip route del`.
  AppendLocalRoute(out, kRtmDelRoute, kDeleteRouteFlags, seq, RT_SCOPE_NOWHERE, lo_index, route);
}

void AppendRouteDump(std::vector<uint8_t>& out, uint32_t seq, uint16_t family, int lo_index) {
  // The kernel's dump filter (ip_valid_fib_dump_req) wants dst_len and
  // scope 0 and takes only RTA_TABLE and RTA_OIF; rtm_table covers 255.
  const size_t start =
      BeginRoute(out, kRtmGetRoute, kDumpFlags, seq,
                 {static_cast<uint8_t>(family), 0, RT_TABLE_LOCAL, kRouteProtocol, 0, RTN_LOCAL});
  wire::AttrWriter(out).U32(RTA_OIF, static_cast<uint32_t>(lo_index));
  wire::FinishMessage(out, start);
}

Result<std::optional<LocalRoute>> ParseRoute(std::span<const uint8_t> payload, int lo_index) {
  using Maybe = std::optional<LocalRoute>;
  if (payload.size() < kRtmsgLen) return Status::Internal("netlink: short route message");
  const uint8_t family = payload[0];
  if (family != ipvs::kAfInet && family != ipvs::kAfInet6) return Maybe();
  // The header first: an unfiltered dump (old kernels) of table local holds a
  // route per bound address, and none of them is worth parsing.
  if (payload[7] != RTN_LOCAL || payload[5] != kRouteProtocol) return Maybe();
  wire::AttrTable<RTA_TABLE + 1> tb;
  KI_RETURN_IF_ERROR(wire::ParseAttrs(payload.subspan(kRtmsgLen), tb));
  const std::span<const uint8_t> table = tb[RTA_TABLE];
  const std::span<const uint8_t> oif = tb[RTA_OIF];
  if ((wire::Has(table) && table.size() != 4) || (wire::Has(oif) && oif.size() != 4)) {
    return Status::Internal("netlink: route message with a malformed table or device");
  }
  // RTA_TABLE is the whole u32 id; rtm_table only its low byte.
  if ((wire::Has(table) ? wire::GetU32(table) : payload[4]) != RT_TABLE_LOCAL) return Maybe();
  // No RTA_OIF: several next hops (RTA_MULTIPATH) or none, never ours.
  if (!wire::Has(oif) || wire::GetU32(oif) != static_cast<uint32_t>(lo_index)) return Maybe();
  LocalRoute out;
  out.addr.family = family;
  out.prefix_len = payload[1];
  const std::span<const uint8_t> dst = tb[RTA_DST];
  // The kernel leaves RTA_DST out of a /0.
  if (out.prefix_len > out.addr.size() * 8 || (wire::Has(dst) && dst.size() != out.addr.size()) ||
      (!wire::Has(dst) && out.prefix_len != 0)) {
    return Status::Internal("netlink: route message without a valid destination");
  }
  if (wire::Has(dst)) std::memcpy(out.addr.bytes.data(), dst.data(), dst.size());
  return Maybe(out);
}

}  // namespace ki::netif::msg
