// Address syntax checks for configuration values: IPs, CIDRs, host:port.
// Pure (inet_pton only); thread-safe.
#pragma once

#include <string_view>

namespace ki::config {

bool IsIpAddress(std::string_view s);
bool IsIpv6Address(std::string_view s);
bool IsCidr(std::string_view s);
// "ip:port" or "[ipv6]:port" with port in 1..65535 (0 allowed if allow_zero).
bool IsIpPort(std::string_view s, bool allow_zero_port);
// A DNS-1123 subdomain (lowercase alphanumerics, '-', '.'; at most 253 chars).
bool IsDnsSubdomain(std::string_view s);
// "host", "host:port", "[ipv6]:port" with host an IP or a DNS subdomain.
bool IsHostPort(std::string_view s);

}  // namespace ki::config
