#include "pkg/netfilter/ipset_entry.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cctype>
#include <charconv>
#include <vector>

namespace ki::netfilter {
namespace {

Status Bad(std::string_view entry, std::string_view why) {
  return Status::InvalidConfig("ipset entry \"" + std::string(entry) + "\": " + std::string(why));
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t end = s.find(sep, start);
    parts.push_back(s.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

bool ParseNumber(std::string_view s, unsigned max, unsigned& out) {
  if (s.empty() || s.size() > 5) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size() && out <= max;
}

bool ParseAddr(std::string_view text, bool ipv6, std::array<uint8_t, 16>& out) {
  if (ipv6 && text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  const std::string s(text);
  out = {};
  return ::inet_pton(ipv6 ? AF_INET6 : AF_INET, s.c_str(), out.data()) == 1;
}

std::string AddrText(const std::array<uint8_t, 16>& a, bool ipv6) {
  char buf[INET6_ADDRSTRLEN] = {};
  ::inet_ntop(ipv6 ? AF_INET6 : AF_INET, a.data(), buf, sizeof(buf));
  return buf;
}

Status Ip(std::string_view entry, std::string_view text, bool ipv6, std::array<uint8_t, 16>& out) {
  if (ParseAddr(text, ipv6, out)) return Status::Ok();
  return Bad(entry,
             "\"" + std::string(text) + "\" is not an IPv" + (ipv6 ? "6" : "4") + " address");
}

std::string Lower(std::string_view s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "[proto:]port": tcp, udp or sctp, by name or number; tcp when absent.
Status ProtoPort(std::string_view entry, std::string_view text, EntryValue& v) {
  std::string proto = "tcp";
  std::string_view port = text;
  if (size_t colon = text.find(':'); colon != std::string_view::npos) {
    proto = Lower(text.substr(0, colon));
    port = text.substr(colon + 1);
  }
  if (proto == "tcp" || proto == "6") {
    v.proto = IPPROTO_TCP;
  } else if (proto == "udp" || proto == "17") {
    v.proto = IPPROTO_UDP;
  } else if (proto == "sctp" || proto == "132") {
    v.proto = IPPROTO_SCTP;
  } else {
    return Bad(entry, "protocol \"" + proto + "\" is not tcp, udp or sctp");
  }
  unsigned n = 0;
  if (!ParseNumber(port, 65535, n)) return Bad(entry, "port \"" + std::string(port) + "\"");
  v.port = static_cast<uint16_t>(n);
  return Status::Ok();
}

// "addr[/prefix]" -> ip2 masked to the prefix, cidr2.
Status Net(std::string_view entry, std::string_view text, bool ipv6, EntryValue& v) {
  const unsigned bits = ipv6 ? 128 : 32;
  unsigned prefix = bits;
  std::string_view addr = text;
  if (size_t slash = text.find('/'); slash != std::string_view::npos) {
    addr = text.substr(0, slash);
    if (!ParseNumber(text.substr(slash + 1), bits, prefix) || prefix == 0) {
      return Bad(entry, "net \"" + std::string(text) + "\": prefix 1.." + std::to_string(bits));
    }
  }
  if (!ParseAddr(addr, ipv6, v.ip2)) return Bad(entry, "net \"" + std::string(text) + "\"");
  for (unsigned i = prefix; i < bits; ++i) {
    v.ip2[i / 8] &= static_cast<uint8_t>(~(0x80U >> (i % 8)));
  }
  v.cidr2 = static_cast<uint8_t>(prefix);
  return Status::Ok();
}

std::string ProtoPortText(const EntryValue& v) {
  std::string proto;
  switch (v.proto) {
    case IPPROTO_TCP:
      proto = "tcp";
      break;
    case IPPROTO_UDP:
      proto = "udp";
      break;
    case IPPROTO_SCTP:
      proto = "sctp";
      break;
    default:
      proto = std::to_string(v.proto);
  }
  return proto + ":" + std::to_string(v.port);
}

size_t PartsOf(SetType type) {
  switch (type) {
    case SetType::kHashIp:
    case SetType::kBitmapPort:
      return 1;
    case SetType::kHashIpPort:
      return 2;
    case SetType::kHashIpPortIp:
    case SetType::kHashIpPortNet:
      return 3;
  }
  return 0;
}

}  // namespace

Result<EntryValue> ParseEntry(SetType type, bool ipv6, std::string_view entry) {
  const std::vector<std::string_view> p = Split(entry, ',');
  if (p.size() != PartsOf(type)) {
    return Bad(entry, "a " + std::string(SetTypeName(type)) + " entry has " +
                          std::to_string(PartsOf(type)) + " comma-separated parts");
  }
  EntryValue v;
  if (type == SetType::kBitmapPort) {
    KI_RETURN_IF_ERROR(ProtoPort(entry, p[0], v));
    v.proto = 0;  // a bitmap:port member is a port of any protocol
    return v;
  }
  KI_RETURN_IF_ERROR(Ip(entry, p[0], ipv6, v.ip));
  if (type == SetType::kHashIp) return v;
  KI_RETURN_IF_ERROR(ProtoPort(entry, p[1], v));
  if (type == SetType::kHashIpPortIp) KI_RETURN_IF_ERROR(Ip(entry, p[2], ipv6, v.ip2));
  if (type == SetType::kHashIpPortNet) KI_RETURN_IF_ERROR(Net(entry, p[2], ipv6, v));
  return v;
}

std::string FormatEntry(SetType type, bool ipv6, const EntryValue& v) {
  switch (type) {
    case SetType::kBitmapPort:
      return std::to_string(v.port);
    case SetType::kHashIp:
      return AddrText(v.ip, ipv6);
    case SetType::kHashIpPort:
      return AddrText(v.ip, ipv6) + "," + ProtoPortText(v);
    case SetType::kHashIpPortIp:
      return AddrText(v.ip, ipv6) + "," + ProtoPortText(v) + "," + AddrText(v.ip2, ipv6);
    case SetType::kHashIpPortNet: {
      std::string out = AddrText(v.ip, ipv6) + "," + ProtoPortText(v) + "," + AddrText(v.ip2, ipv6);
      if (v.cidr2 != (ipv6 ? 128 : 32)) out += "/" + std::to_string(v.cidr2);
      return v.nomatch ? out + " nomatch" : out;
    }
  }
  return "";
}

Result<std::string> CanonicalEntry(SetType type, bool ipv6, std::string_view entry) {
  Result<EntryValue> v = ParseEntry(type, ipv6, entry);
  if (!v.ok()) return v.status();
  return FormatEntry(type, ipv6, *v);
}

}  // namespace ki::netfilter
