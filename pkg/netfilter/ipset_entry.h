// One entry in the text ipset prints it back as, so that the entries the
// proxy wants and the members `ipset save` reports compare exactly. What
// ipset 7.17 on Linux 6.1 prints (captured in the VM, see
// tests/unit/netfilter/ipset_save_test.cpp):
//   - protocols in lower case; 6, 17 and 132 print as tcp, udp, sctp; an entry
//     without a protocol means tcp ("10.0.0.1,80" -> "10.0.0.1,tcp:80");
//   - IPv6 addresses compressed and in lower case, without brackets;
//   - a net masked to its prefix ("10.9.9.9/16" -> "10.9.0.0/16"), and a host
//     net without its /32 or /128;
//   - bitmap:port members as decimal ports ("tcp:200" -> "200").
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "pkg/base/status.h"
#include "pkg/netfilter/ipset_types.h"

namespace ki::netfilter {

// The printed form of entry for a set of this type and family. Only single
// entries of tcp, udp or sctp: ranges, hash:ip CIDRs (ipset expands those
// into many members), service names and other protocols are kInvalidConfig.
Result<std::string> CanonicalEntry(SetType type, bool ipv6, std::string_view entry);

}  // namespace ki::netfilter
