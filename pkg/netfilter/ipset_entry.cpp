#include "pkg/netfilter/ipset_entry.h"

#include <arpa/inet.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
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

struct Addr {
  std::array<uint8_t, 16> bytes{};
  bool v6 = false;
};

bool ParseAddr(std::string_view text, bool ipv6, Addr& out) {
  if (ipv6 && text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  std::string s(text);
  out.v6 = ipv6;
  return ::inet_pton(ipv6 ? AF_INET6 : AF_INET, s.c_str(), out.bytes.data()) == 1;
}

std::string AddrText(const Addr& a) {
  char buf[INET6_ADDRSTRLEN] = {};
  ::inet_ntop(a.v6 ? AF_INET6 : AF_INET, a.bytes.data(), buf, sizeof(buf));
  return buf;
}

Result<std::string> Ip(std::string_view entry, std::string_view text, bool ipv6) {
  Addr a;
  if (!ParseAddr(text, ipv6, a)) {
    return Bad(entry,
               "\"" + std::string(text) + "\" is not an IPv" + (ipv6 ? "6" : "4") + " address");
  }
  return AddrText(a);
}

// "[proto:]port" -> "tcp:80".
Result<std::string> ProtoPort(std::string_view entry, std::string_view text) {
  std::string proto = "tcp";
  std::string_view port = text;
  if (size_t colon = text.find(':'); colon != std::string_view::npos) {
    proto.clear();
    for (char c : text.substr(0, colon)) {
      proto += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    port = text.substr(colon + 1);
  }
  if (proto == "6") proto = "tcp";
  if (proto == "17") proto = "udp";
  if (proto == "132") proto = "sctp";
  if (proto != "tcp" && proto != "udp" && proto != "sctp") {
    return Bad(entry, "protocol \"" + proto + "\" is not tcp, udp or sctp");
  }
  unsigned n = 0;
  if (!ParseNumber(port, 65535, n)) return Bad(entry, "port \"" + std::string(port) + "\"");
  return proto + ":" + std::to_string(n);
}

// "addr[/prefix]" -> the masked base address, "/prefix" unless a host.
Result<std::string> Net(std::string_view entry, std::string_view text, bool ipv6) {
  const unsigned bits = ipv6 ? 128 : 32;
  unsigned prefix = bits;
  std::string_view addr = text;
  if (size_t slash = text.find('/'); slash != std::string_view::npos) {
    addr = text.substr(0, slash);
    if (!ParseNumber(text.substr(slash + 1), bits, prefix) || prefix == 0) {
      return Bad(entry, "net \"" + std::string(text) + "\": prefix 1.." + std::to_string(bits));
    }
  }
  Addr a;
  if (!ParseAddr(addr, ipv6, a)) return Bad(entry, "net \"" + std::string(text) + "\"");
  for (unsigned i = prefix; i < bits; ++i) {
    a.bytes[i / 8] &= static_cast<uint8_t>(~(0x80U >> (i % 8)));
  }
  std::string out = AddrText(a);
  return prefix == bits ? out : out + "/" + std::to_string(prefix);
}

Result<std::string> Join(const std::vector<Result<std::string>>& parts) {
  std::string out;
  for (const Result<std::string>& p : parts) {
    if (!p.ok()) return p.status();
    if (!out.empty()) out += ',';
    out += *p;
  }
  return out;
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

Result<std::string> CanonicalEntry(SetType type, bool ipv6, std::string_view entry) {
  std::vector<std::string_view> p = Split(entry, ',');
  if (p.size() != PartsOf(type)) {
    return Bad(entry, "a " + std::string(SetTypeName(type)) + " entry has " +
                          std::to_string(PartsOf(type)) + " comma-separated parts");
  }
  switch (type) {
    case SetType::kHashIp:
      return Ip(entry, p[0], ipv6);
    case SetType::kBitmapPort: {
      Result<std::string> pp = ProtoPort(entry, p[0]);
      if (!pp.ok()) return pp.status();
      return pp->substr(pp->find(':') + 1);
    }
    case SetType::kHashIpPort:
      return Join({Ip(entry, p[0], ipv6), ProtoPort(entry, p[1])});
    case SetType::kHashIpPortIp:
      return Join({Ip(entry, p[0], ipv6), ProtoPort(entry, p[1]), Ip(entry, p[2], ipv6)});
    case SetType::kHashIpPortNet:
      return Join({Ip(entry, p[0], ipv6), ProtoPort(entry, p[1]), Net(entry, p[2], ipv6)});
  }
  return Bad(entry, "unknown set type");
}

}  // namespace ki::netfilter
