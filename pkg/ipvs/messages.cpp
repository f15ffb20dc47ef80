#include "pkg/ipvs/messages.h"

#include <linux/ip_vs.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "pkg/netlink/wire.h"

namespace ki::ipvs::msg {
namespace {

namespace wire = netlink::wire;
using wire::AttrWriter;

// Mirror of the kernel's struct ip_vs_flags (IPVS_SVC_ATTR_FLAGS).
struct FlagsAttr {
  uint32_t flags;
  uint32_t mask;
};
static_assert(sizeof(FlagsAttr) == sizeof(ip_vs_flags));
static_assert(IP_VS_SVC_F_PERSISTENT == kFlagPersistent && IP_VS_SVC_F_HASHED == kFlagHashed);
static_assert(IP_VS_SVC_F_ONEPACKET == kFlagOnePacket && IP_VS_SVC_F_SCHED1 == kFlagSched1);
static_assert(IP_VS_SVC_F_SCHED2 == kFlagSched2 && IP_VS_SVC_F_SCHED3 == kFlagSched3);
static_assert(IP_VS_CONN_F_MASQ == uint32_t(FwdMethod::kMasq));
static_assert(IP_VS_CONN_F_LOCALNODE == uint32_t(FwdMethod::kLocal));
static_assert(IP_VS_CONN_F_TUNNEL == uint32_t(FwdMethod::kTunnel));
static_assert(IP_VS_CONN_F_DROUTE == uint32_t(FwdMethod::kRoute));

void PutKey(AttrWriter& w, const ServiceKey& k) {
  w.U16(IPVS_SVC_ATTR_AF, k.af);
  if (k.fwmark != 0) {
    w.U32(IPVS_SVC_ATTR_FWMARK, k.fwmark);
    return;
  }
  w.U16(IPVS_SVC_ATTR_PROTOCOL, k.protocol);
  w.Bytes(IPVS_SVC_ATTR_ADDR, k.addr.bytes.data(), k.addr.bytes.size());
  w.Be16(IPVS_SVC_ATTR_PORT, k.port);
}

void PutServiceKey(std::vector<uint8_t>& out, const ServiceKey& k) {
  AttrWriter w(out);
  size_t nest = w.BeginNested(IPVS_CMD_ATTR_SERVICE);
  PutKey(w, k);
  w.EndNested(nest);
}

void PutService(std::vector<uint8_t>& out, const Service& s) {
  AttrWriter w(out);
  size_t nest = w.BeginNested(IPVS_CMD_ATTR_SERVICE);
  PutKey(w, s.key);
  w.String(IPVS_SVC_ATTR_SCHED_NAME, s.scheduler);
  if (!s.pe_name.empty()) w.String(IPVS_SVC_ATTR_PE_NAME, s.pe_name);
  // HASHED is the kernel's bookkeeping; sending it makes the kernel refuse to
  // hash the new service, so it never leaves here.
  FlagsAttr f{s.flags & ~kFlagHashed, ~0u};
  w.Bytes(IPVS_SVC_ATTR_FLAGS, &f, sizeof(f));
  w.U32(IPVS_SVC_ATTR_TIMEOUT, s.timeout);
  w.U32(IPVS_SVC_ATTR_NETMASK, s.netmask);
  w.EndNested(nest);
}

void PutDest(std::vector<uint8_t>& out, const Destination& d, bool full) {
  AttrWriter w(out);
  size_t nest = w.BeginNested(IPVS_CMD_ATTR_DEST);
  w.Bytes(IPVS_DEST_ATTR_ADDR, d.addr.bytes.data(), d.addr.bytes.size());
  w.U16(IPVS_DEST_ATTR_ADDR_FAMILY, d.addr.family);
  w.Be16(IPVS_DEST_ATTR_PORT, d.port);
  if (full) {
    w.U32(IPVS_DEST_ATTR_FWD_METHOD, static_cast<uint32_t>(d.fwd));
    w.U32(IPVS_DEST_ATTR_WEIGHT, d.weight);
    w.U32(IPVS_DEST_ATTR_U_THRESH, d.u_threshold);
    w.U32(IPVS_DEST_ATTR_L_THRESH, d.l_threshold);
    if (d.fwd == FwdMethod::kTunnel) {
      w.U8(IPVS_DEST_ATTR_TUN_TYPE, static_cast<uint8_t>(d.tun_type));
      w.Be16(IPVS_DEST_ATTR_TUN_PORT, d.tun_port);
      w.U16(IPVS_DEST_ATTR_TUN_FLAGS, d.tun_flags);
    }
  }
  w.EndNested(nest);
}

Request Make(uint8_t cmd) { return Request{cmd, false, {}}; }

Request ServiceRequest(uint8_t cmd, const Service& s) {
  Request r = Make(cmd);
  PutService(r.attrs, s);
  return r;
}

Request DestRequest(uint8_t cmd, const ServiceKey& k, const Destination& d, bool full) {
  Request r = Make(cmd);
  PutServiceKey(r.attrs, k);
  PutDest(r.attrs, d, full);
  return r;
}

Stats ParseStats(std::span<const uint8_t> nested) {
  wire::AttrTable<IPVS_STATS_ATTR_MAX + 1> a{};
  Stats s;
  if (!wire::ParseAttrs(nested, a).ok()) return s;
  s.conns = wire::GetUint(a[IPVS_STATS_ATTR_CONNS]);
  s.inpkts = wire::GetUint(a[IPVS_STATS_ATTR_INPKTS]);
  s.outpkts = wire::GetUint(a[IPVS_STATS_ATTR_OUTPKTS]);
  s.inbytes = wire::GetUint(a[IPVS_STATS_ATTR_INBYTES]);
  s.outbytes = wire::GetUint(a[IPVS_STATS_ATTR_OUTBYTES]);
  s.cps = wire::GetUint(a[IPVS_STATS_ATTR_CPS]);
  s.inpps = wire::GetUint(a[IPVS_STATS_ATTR_INPPS]);
  s.outpps = wire::GetUint(a[IPVS_STATS_ATTR_OUTPPS]);
  s.inbps = wire::GetUint(a[IPVS_STATS_ATTR_INBPS]);
  s.outbps = wire::GetUint(a[IPVS_STATS_ATTR_OUTBPS]);
  return s;
}

// Reads the nested attribute `which` of a reply into `table`.
template <size_t N>
Status ParseNested(std::span<const uint8_t> genl_attrs, uint16_t which, const char* what,
                   wire::AttrTable<N>& table) {
  wire::AttrTable<IPVS_CMD_ATTR_MAX + 1> top{};
  KI_RETURN_IF_ERROR(wire::ParseAttrs(genl_attrs, top));
  if (!wire::Has(top[which])) {
    return Status::Internal(std::string("netlink: reply without a ") + what + " attribute");
  }
  return wire::ParseAttrs(top[which], table);
}

void CopyAddr(std::span<const uint8_t> a, uint16_t af, IpAddress& out) {
  out.family = af;
  out.bytes.fill(0);
  if (!a.empty()) std::memcpy(out.bytes.data(), a.data(), std::min(a.size(), out.size()));
}

}  // namespace

Request AddService(const Service& s) { return ServiceRequest(IPVS_CMD_NEW_SERVICE, s); }
Request UpdateService(const Service& s) { return ServiceRequest(IPVS_CMD_SET_SERVICE, s); }

Request DeleteService(const ServiceKey& k) {
  Request r = Make(IPVS_CMD_DEL_SERVICE);
  PutServiceKey(r.attrs, k);
  return r;
}

Request GetService(const ServiceKey& k) {
  Request r = Make(IPVS_CMD_GET_SERVICE);
  PutServiceKey(r.attrs, k);
  return r;
}

Request DumpServices() { return Request{IPVS_CMD_GET_SERVICE, true, {}}; }

Request AddDest(const ServiceKey& k, const Destination& d) {
  return DestRequest(IPVS_CMD_NEW_DEST, k, d, true);
}
Request UpdateDest(const ServiceKey& k, const Destination& d) {
  return DestRequest(IPVS_CMD_SET_DEST, k, d, true);
}
Request DeleteDest(const ServiceKey& k, const Destination& d) {
  return DestRequest(IPVS_CMD_DEL_DEST, k, d, false);
}

Request DumpDests(const ServiceKey& k) {
  Request r{IPVS_CMD_GET_DEST, true, {}};
  PutServiceKey(r.attrs, k);
  return r;
}

Request GetInfo() { return Make(IPVS_CMD_GET_INFO); }
Request GetConfig() { return Make(IPVS_CMD_GET_CONFIG); }
Request Flush() { return Make(IPVS_CMD_FLUSH); }

Request SetConfig(const Timeouts& t) {
  Request r = Make(IPVS_CMD_SET_CONFIG);
  AttrWriter w(r.attrs);
  w.U32(IPVS_CMD_ATTR_TIMEOUT_TCP, t.tcp);
  w.U32(IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, t.tcp_fin);
  w.U32(IPVS_CMD_ATTR_TIMEOUT_UDP, t.udp);
  return r;
}

Request ForOp(const Op& op) {
  switch (op.kind) {
    case Op::Kind::kAddService:
      return AddService(op.service);
    case Op::Kind::kUpdateService:
      return UpdateService(op.service);
    case Op::Kind::kDeleteService:
      return DeleteService(op.service.key);
    case Op::Kind::kAddDest:
      return AddDest(op.service.key, op.dest);
    case Op::Kind::kUpdateDest:
      return UpdateDest(op.service.key, op.dest);
    case Op::Kind::kDeleteDest:
      return DeleteDest(op.service.key, op.dest);
  }
  return Make(IPVS_CMD_UNSPEC);
}

void Append(std::vector<uint8_t>& out, uint16_t family_id, uint32_t seq, const Request& r) {
  const uint16_t flags = wire::kFlagRequest | (r.dump ? wire::kFlagDump : wire::kFlagAck);
  wire::AppendRequest(out, family_id, flags, seq, r.cmd, kFamilyVersion, r.attrs);
}

void AppendOp(std::vector<uint8_t>& out, uint16_t family_id, uint32_t seq, const Op& op) {
  // Indexed by Op::Kind, in its declaration order.
  static_assert(static_cast<int>(Op::Kind::kDeleteDest) == 5);
  static constexpr uint8_t kCmd[] = {IPVS_CMD_NEW_SERVICE, IPVS_CMD_SET_SERVICE,
                                     IPVS_CMD_DEL_SERVICE, IPVS_CMD_NEW_DEST,
                                     IPVS_CMD_SET_DEST,    IPVS_CMD_DEL_DEST};
  const size_t start = out.size();
  wire::AppendRequest(out, family_id, wire::kFlagRequest | wire::kFlagAck, seq,
                      kCmd[static_cast<size_t>(op.kind)], kFamilyVersion, {});
  switch (op.kind) {
    case Op::Kind::kAddService:
    case Op::Kind::kUpdateService:
      PutService(out, op.service);
      break;
    case Op::Kind::kDeleteService:
      PutServiceKey(out, op.service.key);
      break;
    default:
      PutServiceKey(out, op.service.key);
      PutDest(out, op.dest, op.kind != Op::Kind::kDeleteDest);
      break;
  }
  wire::FinishMessage(out, start);
}

Result<Service> ParseService(std::span<const uint8_t> genl_attrs) {
  wire::AttrTable<IPVS_SVC_ATTR_MAX + 1> a{};
  KI_RETURN_IF_ERROR(ParseNested(genl_attrs, IPVS_CMD_ATTR_SERVICE, "service", a));
  if (!wire::Has(a[IPVS_SVC_ATTR_AF]) || !wire::Has(a[IPVS_SVC_ATTR_SCHED_NAME])) {
    return Status::Internal("netlink: service without family or scheduler");
  }
  Service s;
  s.key.af = wire::GetU16(a[IPVS_SVC_ATTR_AF]);
  s.key.addr.family = s.key.af;
  if (wire::Has(a[IPVS_SVC_ATTR_FWMARK])) {
    s.key.fwmark = wire::GetU32(a[IPVS_SVC_ATTR_FWMARK]);
    s.key.protocol = 0;
  } else {
    s.key.protocol = wire::GetU16(a[IPVS_SVC_ATTR_PROTOCOL]);
    CopyAddr(a[IPVS_SVC_ATTR_ADDR], s.key.af, s.key.addr);
    s.key.port = wire::GetBe16(a[IPVS_SVC_ATTR_PORT]);
  }
  s.scheduler = wire::GetString(a[IPVS_SVC_ATTR_SCHED_NAME]);
  s.pe_name = wire::GetString(a[IPVS_SVC_ATTR_PE_NAME]);
  FlagsAttr f{0, 0};
  if (a[IPVS_SVC_ATTR_FLAGS].size() >= sizeof(f)) {
    std::memcpy(&f, a[IPVS_SVC_ATTR_FLAGS].data(), sizeof(f));
  }
  s.flags = f.flags & f.mask;
  s.timeout = wire::GetU32(a[IPVS_SVC_ATTR_TIMEOUT]);
  s.netmask = wire::GetU32(a[IPVS_SVC_ATTR_NETMASK]);
  s.stats = ParseStats(wire::Has(a[IPVS_SVC_ATTR_STATS64]) ? a[IPVS_SVC_ATTR_STATS64]
                                                           : a[IPVS_SVC_ATTR_STATS]);
  return s;
}

Result<Destination> ParseDest(std::span<const uint8_t> genl_attrs, uint16_t svc_af) {
  wire::AttrTable<IPVS_DEST_ATTR_MAX + 1> a{};
  KI_RETURN_IF_ERROR(ParseNested(genl_attrs, IPVS_CMD_ATTR_DEST, "destination", a));
  if (!wire::Has(a[IPVS_DEST_ATTR_ADDR])) {
    return Status::Internal("netlink: destination without an address");
  }
  Destination d;
  const uint16_t af = wire::Has(a[IPVS_DEST_ATTR_ADDR_FAMILY])
                          ? wire::GetU16(a[IPVS_DEST_ATTR_ADDR_FAMILY])
                          : svc_af;
  CopyAddr(a[IPVS_DEST_ATTR_ADDR], af, d.addr);
  d.port = wire::GetBe16(a[IPVS_DEST_ATTR_PORT]);
  d.fwd =
      static_cast<FwdMethod>(wire::GetU32(a[IPVS_DEST_ATTR_FWD_METHOD]) & IP_VS_CONN_F_FWD_MASK);
  d.weight = wire::GetU32(a[IPVS_DEST_ATTR_WEIGHT]);
  d.u_threshold = wire::GetU32(a[IPVS_DEST_ATTR_U_THRESH]);
  d.l_threshold = wire::GetU32(a[IPVS_DEST_ATTR_L_THRESH]);
  d.tun_type = static_cast<TunType>(wire::GetU8(a[IPVS_DEST_ATTR_TUN_TYPE]));
  d.tun_port = wire::GetBe16(a[IPVS_DEST_ATTR_TUN_PORT]);
  d.tun_flags = wire::GetU16(a[IPVS_DEST_ATTR_TUN_FLAGS]);
  d.active_conns = wire::GetU32(a[IPVS_DEST_ATTR_ACTIVE_CONNS]);
  d.inactive_conns = wire::GetU32(a[IPVS_DEST_ATTR_INACT_CONNS]);
  d.persist_conns = wire::GetU32(a[IPVS_DEST_ATTR_PERSIST_CONNS]);
  d.stats = ParseStats(wire::Has(a[IPVS_DEST_ATTR_STATS64]) ? a[IPVS_DEST_ATTR_STATS64]
                                                            : a[IPVS_DEST_ATTR_STATS]);
  return d;
}

Result<Info> ParseInfo(std::span<const uint8_t> genl_attrs) {
  wire::AttrTable<IPVS_INFO_ATTR_MAX + 1> a{};
  KI_RETURN_IF_ERROR(wire::ParseAttrs(genl_attrs, a));
  if (!wire::Has(a[IPVS_INFO_ATTR_VERSION]) || !wire::Has(a[IPVS_INFO_ATTR_CONN_TAB_SIZE])) {
    return Status::Internal("netlink: IPVS info reply without version or table size");
  }
  return Info{wire::GetU32(a[IPVS_INFO_ATTR_VERSION]),
              wire::GetU32(a[IPVS_INFO_ATTR_CONN_TAB_SIZE])};
}

Result<Timeouts> ParseTimeouts(std::span<const uint8_t> genl_attrs) {
  wire::AttrTable<IPVS_CMD_ATTR_MAX + 1> a{};
  KI_RETURN_IF_ERROR(wire::ParseAttrs(genl_attrs, a));
  return Timeouts{wire::GetU32(a[IPVS_CMD_ATTR_TIMEOUT_TCP]),
                  wire::GetU32(a[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN]),
                  wire::GetU32(a[IPVS_CMD_ATTR_TIMEOUT_UDP])};
}

}  // namespace ki::ipvs::msg
