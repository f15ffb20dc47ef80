#include "pkg/netfilter/ipset_messages.h"

#include <linux/netfilter.h>
#include <linux/netfilter/ipset/ip_set.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <optional>

namespace ki::netfilter::ipsetmsg {
namespace {

namespace wire = netlink::wire;

static_assert(kProtocol == IPSET_PROTOCOL && kProtocolMin == IPSET_PROTOCOL_MIN);
static_assert(uint8_t(Cmd::kProtocol) == IPSET_CMD_PROTOCOL);
static_assert(uint8_t(Cmd::kCreate) == IPSET_CMD_CREATE);
static_assert(uint8_t(Cmd::kDestroy) == IPSET_CMD_DESTROY);
static_assert(uint8_t(Cmd::kList) == IPSET_CMD_LIST);
static_assert(uint8_t(Cmd::kAdd) == IPSET_CMD_ADD && uint8_t(Cmd::kDel) == IPSET_CMD_DEL);
static_assert(uint8_t(Cmd::kHeader) == IPSET_CMD_HEADER && uint8_t(Cmd::kType) == IPSET_CMD_TYPE);

constexpr size_t kNfGenMsgLen = sizeof(nfgenmsg);
static_assert(kNfGenMsgLen == 4);
constexpr uint16_t kNested = wire::kNlaFlagNested;
constexpr uint16_t kNet = wire::kNlaFlagNetOrder;

using CmdTable = std::array<std::span<const uint8_t>, IPSET_ATTR_CMD_MAX + 1>;
using AdtTable = std::array<std::span<const uint8_t>, IPSET_ATTR_ADT_MAX + 1>;
using AddrTable = std::array<std::span<const uint8_t>, IPSET_ATTR_IPADDR_MAX + 1>;

uint16_t MessageType(Cmd cmd) {
  return static_cast<uint16_t>((NFNL_SUBSYS_IPSET << 8) | static_cast<uint8_t>(cmd));
}

// nlmsghdr, nfgenmsg (AF_INET, version 0, as ipset sends whatever the set)
// and the protocol attribute; returns where the message starts.
size_t Begin(std::vector<uint8_t>& out, const Frame& f, Cmd cmd, uint16_t flags) {
  const size_t start = wire::BeginMessage(out, MessageType(cmd), flags, f.seq);
  const nfgenmsg nfg{AF_INET, NFNETLINK_V0, 0};
  const auto* p = reinterpret_cast<const uint8_t*>(&nfg);
  out.insert(out.end(), p, p + kNfGenMsgLen);
  wire::AttrWriter(out).U8(IPSET_ATTR_PROTOCOL, f.protocol);
  return start;
}

constexpr uint16_t kRequestAck = NLM_F_REQUEST | NLM_F_ACK;

uint8_t FamilyOf(SetType type, bool ipv6) {
  if (type == SetType::kBitmapPort) return NFPROTO_UNSPEC;  // bitmap:port has no family
  return ipv6 ? NFPROTO_IPV6 : NFPROTO_IPV4;
}

std::string FamilyName(uint8_t family) {
  if (family == NFPROTO_IPV4) return "inet";
  if (family == NFPROTO_IPV6) return "inet6";
  return "";
}

void PutAddr(wire::AttrWriter& w, uint16_t type, const std::array<uint8_t, 16>& a, bool ipv6) {
  const size_t nest = w.BeginNested(type | kNested);
  w.Bytes((ipv6 ? IPSET_ATTR_IPADDR_IPV6 : IPSET_ATTR_IPADDR_IPV4) | kNet, a.data(), ipv6 ? 16 : 4);
  w.EndNested(nest);
}

// One DATA of an ADT, attributes in the order ipset sends them.
void PutEntry(wire::AttrWriter& w, const EntryBatch& b, const EntryValue& e, uint32_t line) {
  const size_t data = w.BeginNested(IPSET_ATTR_DATA | kNested);
  if (b.type != SetType::kBitmapPort) PutAddr(w, IPSET_ATTR_IP, e.ip, b.ipv6);
  if (b.type != SetType::kHashIp) w.Be16(IPSET_ATTR_PORT | kNet, e.port);
  if (b.type != SetType::kHashIp && b.type != SetType::kBitmapPort) {
    w.U8(IPSET_ATTR_PROTO, e.proto);
  }
  if (b.type == SetType::kHashIpPortIp || b.type == SetType::kHashIpPortNet) {
    PutAddr(w, IPSET_ATTR_IP2, e.ip2, b.ipv6);
  }
  if (b.type == SetType::kHashIpPortNet) w.U8(IPSET_ATTR_CIDR2, e.cidr2);
  w.Be32(IPSET_ATTR_LINENO | kNet, line);
  w.EndNested(data);
}

// Calls f(type, payload) for each attribute of a run; fails on a truncated one.
Status ForEachAttr(std::span<const uint8_t> data,
                   const std::function<Status(uint16_t, std::span<const uint8_t>)>& f) {
  size_t off = 0;
  while (off + wire::kNlaHdrLen <= data.size()) {
    uint16_t len = 0, type = 0;
    std::memcpy(&len, &data[off], 2);
    std::memcpy(&type, &data[off + 2], 2);
    if (len < wire::kNlaHdrLen || off + len > data.size()) {
      return Status::Internal("ipset: truncated attribute in a kernel message");
    }
    KI_RETURN_IF_ERROR(
        f(type & NLA_TYPE_MASK, data.subspan(off + wire::kNlaHdrLen, len - wire::kNlaHdrLen)));
    off += wire::Align4(len);
  }
  return Status::Ok();
}

Status Broken(std::string_view what) {
  return Status::Internal("ipset: broken kernel message: " + std::string(what));
}

Result<std::span<const uint8_t>> Payload(const wire::Message& m, Cmd cmd) {
  if (m.type != MessageType(cmd)) {
    return Broken("type " + std::to_string(m.type) + ", expected " +
                  std::to_string(MessageType(cmd)));
  }
  if (m.payload.size() < kNfGenMsgLen) return Broken("no nfgenmsg");
  return m.payload.subspan(kNfGenMsgLen);
}

Result<CmdTable> CmdAttrs(const wire::Message& m, Cmd cmd) {
  Result<std::span<const uint8_t>> p = Payload(m, cmd);
  if (!p.ok()) return p.status();
  CmdTable tb;
  KI_RETURN_IF_ERROR(wire::ParseAttrs(*p, tb));
  return tb;
}

std::optional<uint8_t> U8(std::span<const uint8_t> a) {
  if (a.empty()) return std::nullopt;
  return a[0];
}

Status Addr(std::span<const uint8_t> nested, bool ipv6, std::array<uint8_t, 16>& out) {
  AddrTable tb;
  KI_RETURN_IF_ERROR(wire::ParseAttrs(nested, tb));
  const std::span<const uint8_t> a = tb[ipv6 ? IPSET_ATTR_IPADDR_IPV6 : IPSET_ATTR_IPADDR_IPV4];
  const size_t n = ipv6 ? 16 : 4;
  if (a.size() < n) return Broken(ipv6 ? "IPv6 address missing" : "IPv4 address missing");
  out = {};
  std::copy_n(a.begin(), n, out.begin());
  return Status::Ok();
}

// One member (a DATA of an ADT) of a set of a type the proxy uses.
Result<EntryValue> DecodeEntry(std::span<const uint8_t> data, SetType type, bool ipv6) {
  AdtTable tb;
  KI_RETURN_IF_ERROR(wire::ParseAttrs(data, tb));
  EntryValue v;
  if (type != SetType::kBitmapPort) KI_RETURN_IF_ERROR(Addr(tb[IPSET_ATTR_IP], ipv6, v.ip));
  if (type == SetType::kHashIp) return v;
  if (tb[IPSET_ATTR_PORT].size() < 2) return Broken("member without a port");
  v.port = wire::GetBe16(tb[IPSET_ATTR_PORT]);
  if (type == SetType::kBitmapPort) return v;
  const std::optional<uint8_t> proto = U8(tb[IPSET_ATTR_PROTO]);
  if (!proto) return Broken("member without a protocol");
  v.proto = *proto;
  if (type == SetType::kHashIpPort) return v;
  KI_RETURN_IF_ERROR(Addr(tb[IPSET_ATTR_IP2], ipv6, v.ip2));
  if (type == SetType::kHashIpPortIp) return v;
  const std::optional<uint8_t> cidr = U8(tb[IPSET_ATTR_CIDR2]);
  if (!cidr || *cidr == 0 || *cidr > (ipv6 ? 128 : 32)) return Broken("member without a prefix");
  v.cidr2 = *cidr;
  const std::span<const uint8_t> flags = tb[IPSET_ATTR_CADT_FLAGS];
  v.nomatch = flags.size() >= 4 && (wire::GetBe32(flags) & IPSET_FLAG_NOMATCH) != 0;
  return v;
}

// The revision of each type in ipset 7.17 (`ipset --help` lists them).
uint8_t UserspaceMaxRevision(SetType type) {
  switch (type) {
    case SetType::kHashIp:
      return 6;  // bitmask support
    case SetType::kHashIpPort:
      return 7;  // netmask and bitmask support
    case SetType::kHashIpPortIp:
      return 6;  // bucketsize, initval support
    case SetType::kHashIpPortNet:
      return 8;  // bucketsize, initval support
    case SetType::kBitmapPort:
      return 3;  // skbinfo support
  }
  return 0;
}

}  // namespace

void AppendProtocol(std::vector<uint8_t>& out, const Frame& f) {
  const size_t start = Begin(out, f, Cmd::kProtocol, kRequestAck);
  wire::FinishMessage(out, start);
}

void AppendType(std::vector<uint8_t>& out, const Frame& f, SetType type, bool ipv6) {
  const size_t start = Begin(out, f, Cmd::kType, kRequestAck);
  wire::AttrWriter w(out);
  w.String(IPSET_ATTR_TYPENAME, SetTypeName(type));
  w.U8(IPSET_ATTR_FAMILY, FamilyOf(type, ipv6));
  wire::FinishMessage(out, start);
}

void AppendHeader(std::vector<uint8_t>& out, const Frame& f, std::string_view name) {
  const size_t start = Begin(out, f, Cmd::kHeader, kRequestAck);
  wire::AttrWriter(out).String(IPSET_ATTR_SETNAME, name);
  wire::FinishMessage(out, start);
}

void AppendCreate(std::vector<uint8_t>& out, const Frame& f, const SetSpec& spec,
                  uint8_t revision) {
  const size_t start = Begin(out, f, Cmd::kCreate, kRequestAck | NLM_F_CREATE);
  wire::AttrWriter w(out);
  w.String(IPSET_ATTR_SETNAME, spec.name);
  w.String(IPSET_ATTR_TYPENAME, SetTypeName(spec.type));
  w.U8(IPSET_ATTR_REVISION, revision);
  w.U8(IPSET_ATTR_FAMILY, FamilyOf(spec.type, spec.ipv6));
  const size_t data = w.BeginNested(IPSET_ATTR_DATA | kNested);
  if (spec.type == SetType::kBitmapPort) {
    w.Be16(IPSET_ATTR_PORT | kNet, 0);
    w.Be16(IPSET_ATTR_PORT_TO | kNet, 65535);
  } else {
    w.Be32(IPSET_ATTR_HASHSIZE | kNet, 1024);
    w.Be32(IPSET_ATTR_MAXELEM | kNet, 65536);
  }
  w.EndNested(data);
  wire::FinishMessage(out, start);
}

void AppendDestroy(std::vector<uint8_t>& out, const Frame& f, std::string_view name) {
  const size_t start = Begin(out, f, Cmd::kDestroy, kRequestAck | NLM_F_EXCL);
  wire::AttrWriter(out).String(IPSET_ATTR_SETNAME, name);
  wire::FinishMessage(out, start);
}

void AppendList(std::vector<uint8_t>& out, const Frame& f, std::string_view name) {
  const size_t start = Begin(out, f, Cmd::kList, NLM_F_REQUEST | NLM_F_DUMP);
  if (!name.empty()) wire::AttrWriter(out).String(IPSET_ATTR_SETNAME, name);
  wire::FinishMessage(out, start);
}

void AppendEntries(std::vector<uint8_t>& out, const Frame& f, const EntryBatch& b) {
  const size_t start = Begin(out, f, b.adt == Adt::kAdd ? Cmd::kAdd : Cmd::kDel, kRequestAck);
  wire::AttrWriter w(out);
  w.String(IPSET_ATTR_SETNAME, b.set);
  w.Be32(IPSET_ATTR_LINENO | kNet, b.first_line);
  const size_t adt = w.BeginNested(IPSET_ATTR_ADT | kNested);
  uint32_t line = b.first_line;
  for (const EntryValue& e : b.entries) PutEntry(w, b, e, line++);
  w.EndNested(adt);
  wire::FinishMessage(out, start);
}

size_t EntryBytes(SetType type, bool ipv6) {
  const size_t addr = wire::kNlaHdrLen + wire::kNlaHdrLen + (ipv6 ? 16 : 4);
  const size_t u = wire::kNlaHdrLen + 4;  // a port, protocol, prefix or line number, padded
  switch (type) {
    case SetType::kHashIp:
      return wire::kNlaHdrLen + addr + u;
    case SetType::kHashIpPort:
      return wire::kNlaHdrLen + addr + 3 * u;
    case SetType::kHashIpPortIp:
      return wire::kNlaHdrLen + 2 * addr + 3 * u;
    case SetType::kHashIpPortNet:
      return wire::kNlaHdrLen + 2 * addr + 4 * u;
    case SetType::kBitmapPort:
      return wire::kNlaHdrLen + 2 * u;
  }
  return 0;
}

Result<Range> ParseProtocol(const wire::Message& m) {
  Result<CmdTable> tb = CmdAttrs(m, Cmd::kProtocol);
  if (!tb.ok()) return tb.status();
  const std::optional<uint8_t> max = U8((*tb)[IPSET_ATTR_PROTOCOL]);
  if (!max) return Broken("PROTOCOL reply without a version");
  return Range{U8((*tb)[IPSET_ATTR_PROTOCOL_MIN]).value_or(*max), *max};
}

Result<Range> ParseType(const wire::Message& m) {
  Result<CmdTable> tb = CmdAttrs(m, Cmd::kType);
  if (!tb.ok()) return tb.status();
  const std::optional<uint8_t> max = U8((*tb)[IPSET_ATTR_REVISION]);
  if (!max) return Broken("TYPE reply without a revision");
  return Range{U8((*tb)[IPSET_ATTR_REVISION_MIN]).value_or(0), *max};
}

Result<uint8_t> ChooseRevision(SetType type, const Range& kernel) {
  const uint8_t rev = std::min(kernel.max, UserspaceMaxRevision(type));
  if (rev < kernel.min) {
    return Status::Unavailable("the kernel creates " + std::string(SetTypeName(type)) +
                               " sets of revision " + std::to_string(kernel.min) + " and later; " +
                               "the ipset tool knows revisions up to " +
                               std::to_string(UserspaceMaxRevision(type)));
  }
  return rev;
}

Result<SetHeader> ParseHeader(const wire::Message& m) {
  Result<CmdTable> tb = CmdAttrs(m, Cmd::kHeader);
  if (!tb.ok()) return tb.status();
  const CmdTable& t = *tb;
  if (!wire::Has(t[IPSET_ATTR_SETNAME]) || !wire::Has(t[IPSET_ATTR_TYPENAME])) {
    return Broken("HEADER reply without a name or type");
  }
  return SetHeader{std::string(wire::GetString(t[IPSET_ATTR_SETNAME])),
                   std::string(wire::GetString(t[IPSET_ATTR_TYPENAME])),
                   FamilyName(wire::GetU8(t[IPSET_ATTR_FAMILY]))};
}

Status DumpReader::Add(const wire::Message& m) {
  Result<CmdTable> tb = CmdAttrs(m, Cmd::kList);
  if (!tb.ok()) return tb.status();
  const CmdTable& t = *tb;
  if (!wire::Has(t[IPSET_ATTR_SETNAME])) return Broken("LIST reply without a set name");
  const std::string name(wire::GetString(t[IPSET_ATTR_SETNAME]));
  if (wire::Has(t[IPSET_ATTR_TYPENAME])) {  // a set's first message: its header
    SavedSet& s = sets_[name];
    s.type = std::string(wire::GetString(t[IPSET_ATTR_TYPENAME]));
    s.family = FamilyName(wire::GetU8(t[IPSET_ATTR_FAMILY]));
  } else if (!sets_.contains(name)) {
    return Broken("members of set " + name + " before its header");
  }
  if (!wire::Has(t[IPSET_ATTR_ADT])) return Status::Ok();
  return AddMembers(name, t[IPSET_ATTR_ADT]);
}

Status DumpReader::AddMembers(const std::string& name, std::span<const uint8_t> adt) {
  SavedSet& s = sets_[name];
  const std::optional<SetType> type = ParseSetType(s.type);
  if (!type) return Status::Ok();  // not one of the proxy's types: members not decoded
  const bool ipv6 = s.family == "inet6";
  Status st = ForEachAttr(adt, [&](uint16_t attr, std::span<const uint8_t> data) -> Status {
    if (attr != IPSET_ATTR_DATA) return Status::Ok();
    Result<EntryValue> v = DecodeEntry(data, *type, ipv6);
    if (!v.ok()) return v.status();
    s.members.insert(FormatEntry(*type, ipv6, *v));
    return Status::Ok();
  });
  return st.ok() ? st : st.Wrap("set " + name);
}

}  // namespace ki::netfilter::ipsetmsg
