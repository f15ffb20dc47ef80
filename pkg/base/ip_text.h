// Syntax checks for addresses and CIDRs as Kubernetes objects and
// configuration write them ("10.0.0.1", "fd00::1", "10.244.0.0/16"): the one
// place the decoders, the configuration checks and the rules renderer share.
// Pure (inet_pton only); thread-safe.
#pragma once

#include <string_view>

namespace ki {

enum class IpTextFamily { kAny, kIPv4, kIPv6 };

// An IPv4 or IPv6 address (of `family` unless kAny), nothing around it.
bool IsIpText(std::string_view s, IpTextFamily family = IpTextFamily::kAny);
// "address/prefix" with a prefix the address's family allows.
bool IsCidrText(std::string_view s, IpTextFamily family = IpTextFamily::kAny);

}  // namespace ki
