// One ipset entry two ways: its value (what the kernel stores and the netlink
// messages carry, ipset_messages.h) and the text ipset prints it as, so that
// the entries the proxy wants and the members the kernel reports compare
// exactly. What ipset 7.17 on Linux 6.1 prints (captured in the VM, see
// tests/unit/netfilter/ipset_entry_test.cpp):
//   - protocols in lower case; 6, 17 and 132 print as tcp, udp, sctp; an entry
//     without a protocol means tcp ("10.0.0.1,80" -> "10.0.0.1,tcp:80");
//   - IPv6 addresses compressed and in lower case, without brackets;
//   - a net masked to its prefix ("10.9.9.9/16" -> "10.9.0.0/16"), and a host
//     net without its /32 or /128;
//   - bitmap:port members as decimal ports ("tcp:200" -> "200").
// Pure; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "pkg/base/status.h"
#include "pkg/netfilter/ipset_types.h"

namespace ki::netfilter {

// The parts of an entry of the proxy's set types; which parts count depends
// on the type (hash:ip: ip; hash:ip,port: ip, proto, port; hash:ip,port,ip:
// and ip2; hash:ip,port,net: and cidr2; bitmap:port: port).
struct EntryValue {
  std::array<uint8_t, 16> ip{};   // network byte order; IPv4 in the first 4 bytes
  std::array<uint8_t, 16> ip2{};  // masked to cidr2 for hash:ip,port,net
  uint16_t port = 0;              // host byte order
  uint8_t proto = 0;              // IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP
  uint8_t cidr2 = 0;              // 1..32 (IPv4) or 1..128 (IPv6)
  bool nomatch = false;           // hash:ip,port,net exception (only ever read)
  auto operator<=>(const EntryValue&) const = default;
};

// Parses entry text for a set of this type and family. Only single entries of
// tcp, udp or sctp: ranges, hash:ip CIDRs (ipset expands those into many
// members), service names and other protocols are kInvalidConfig.
Result<EntryValue> ParseEntry(SetType type, bool ipv6, std::string_view entry);

// The text ipset prints for the value. Protocols other than tcp, udp and sctp
// (never written by the proxy) print as their number.
std::string FormatEntry(SetType type, bool ipv6, const EntryValue& value);

// FormatEntry(ParseEntry(entry)): the printed form of entry.
Result<std::string> CanonicalEntry(SetType type, bool ipv6, std::string_view entry);

}  // namespace ki::netfilter
