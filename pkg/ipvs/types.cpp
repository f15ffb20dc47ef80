#include "pkg/ipvs/types.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <string>

namespace ki::ipvs {

Result<IpAddress> IpAddress::Parse(std::string_view text) {
  std::string s(text);
  IpAddress a;
  if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) {
    a.family = kAfInet;
    return a;
  }
  if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) == 1) {
    a.family = kAfInet6;
    return a;
  }
  return Status::InvalidConfig("invalid IP address \"" + s + "\"");
}

IpAddress IpAddress::V4(uint32_t host_order) {
  IpAddress a;
  uint32_t be = htonl(host_order);
  std::memcpy(a.bytes.data(), &be, 4);
  return a;
}

IpAddress IpAddress::Network(size_t prefix_len) const {
  IpAddress a = *this;
  for (size_t i = 0; i < a.bytes.size(); ++i) {
    const size_t keep = prefix_len > 8 * i ? std::min<size_t>(prefix_len - 8 * i, 8) : 0;
    a.bytes[i] &= static_cast<uint8_t>(0xff00U >> keep);
  }
  return a;
}

std::string IpAddress::ToString() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(family == kAfInet6 ? AF_INET6 : AF_INET, bytes.data(), buf, sizeof(buf));
  return buf;
}

static ServiceKey MakeKey(uint16_t proto, const IpAddress& a, uint16_t port) {
  ServiceKey k;
  k.af = a.family;
  k.protocol = proto;
  k.addr = a;
  k.port = port;
  return k;
}

ServiceKey ServiceKey::Tcp(const IpAddress& a, uint16_t port) {
  return MakeKey(kProtoTcp, a, port);
}
ServiceKey ServiceKey::Udp(const IpAddress& a, uint16_t port) {
  return MakeKey(kProtoUdp, a, port);
}
ServiceKey ServiceKey::Sctp(const IpAddress& a, uint16_t port) {
  return MakeKey(kProtoSctp, a, port);
}

ServiceKey ServiceKey::Fwmark(uint32_t mark, uint16_t af) {
  ServiceKey k;
  k.af = af;
  k.protocol = 0;
  k.addr.family = af;
  k.fwmark = mark;
  return k;
}

bool ServiceKey::operator==(const ServiceKey& o) const {
  if (af != o.af || fwmark != o.fwmark) return false;
  if (fwmark != 0) return true;
  return protocol == o.protocol && addr.bytes == o.addr.bytes && port == o.port;
}

// Appended piece by piece: GCC 12 at -O3 reports a false -Wrestrict for
// `"[" + std::string` (an insert at 0; GCC bug 105329).
static std::string AddrPort(const IpAddress& a, uint16_t port) {
  bool v6 = a.family == kAfInet6;
  std::string out = v6 ? "[" : "";
  out += a.ToString();
  out += v6 ? "]:" : ":";
  out += std::to_string(port);
  return out;
}

std::string ServiceKey::ToString() const {
  if (fwmark != 0) {
    return "FWM " + std::to_string(fwmark) + (af == kAfInet6 ? " IPv6" : "");
  }
  return std::string(ProtocolName(protocol)) + " " + AddrPort(addr, port);
}

bool Service::SameConfig(const Service& o) const {
  return key == o.key && scheduler == o.scheduler &&
         (flags & ~kFlagHashed) == (o.flags & ~kFlagHashed) && timeout == o.timeout &&
         netmask == o.netmask && pe_name == o.pe_name;
}

bool Destination::SameConfig(const Destination& o) const {
  bool tunnel = fwd == FwdMethod::kTunnel;
  return addr == o.addr && port == o.port && fwd == o.fwd && weight == o.weight &&
         u_threshold == o.u_threshold && l_threshold == o.l_threshold &&
         (!tunnel ||
          (tun_type == o.tun_type && tun_port == o.tun_port && tun_flags == o.tun_flags));
}

std::string Destination::ToString() const { return AddrPort(addr, port); }

std::string_view ProtocolName(uint16_t protocol) {
  switch (protocol) {
    case kProtoTcp:
      return "TCP";
    case kProtoUdp:
      return "UDP";
    case kProtoSctp:
      return "SCTP";
    default:
      return "IP";
  }
}

std::string_view FwdMethodName(FwdMethod fwd) {
  switch (fwd) {
    case FwdMethod::kMasq:
      return "Masq";
    case FwdMethod::kLocal:
      return "Local";
    case FwdMethod::kTunnel:
      return "Tunnel";
    case FwdMethod::kRoute:
      return "Route";
  }
  return "Unknown";
}

}  // namespace ki::ipvs
