#include "pkg/config/net_parse.h"

#include "pkg/base/ip_text.h"

#include <charconv>
#include <string>

namespace ki::config {
namespace {

bool ParsePort(std::string_view s, bool allow_zero) {
  if (s.empty() || s.size() > 5) return false;
  int port = -1;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), port);
  if (ec != std::errc() || end != s.data() + s.size()) return false;
  return port <= 65535 && (port > 0 || allow_zero);
}

// Splits "host:port" / "[v6]:port"; false when there is no port part.
bool SplitHostPort(std::string_view s, std::string_view& host, std::string_view& port) {
  if (!s.empty() && s.front() == '[') {
    size_t close = s.find(']');
    if (close == std::string_view::npos || close + 1 >= s.size() || s[close + 1] != ':') {
      return false;
    }
    host = s.substr(1, close - 1);
    port = s.substr(close + 2);
    return true;
  }
  size_t colon = s.rfind(':');
  if (colon == std::string_view::npos || s.find(':') != colon) return false;
  host = s.substr(0, colon);
  port = s.substr(colon + 1);
  return true;
}

}  // namespace

bool IsIpv6Address(std::string_view s) { return IsIpText(s, IpTextFamily::kIPv6); }

bool IsIpAddress(std::string_view s) { return IsIpText(s); }

bool IsCidr(std::string_view s) { return IsCidrText(s); }

bool IsIpPort(std::string_view s, bool allow_zero_port) {
  std::string_view host, port;
  if (!SplitHostPort(s, host, port)) return false;
  if (s.front() == '[' ? !IsIpv6Address(host) : !IsIpText(host, IpTextFamily::kIPv4)) return false;
  return ParsePort(port, allow_zero_port);
}

bool IsDnsSubdomain(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  size_t label_len = 0;
  char prev = '.';
  for (char c : s) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (c == '.') {
      if (label_len == 0 || prev == '-') return false;
      label_len = 0;
    } else if (c == '-') {
      if (label_len == 0) return false;
      ++label_len;
    } else if (alnum) {
      if (++label_len > 63) return false;
    } else {
      return false;
    }
    prev = c;
  }
  return prev != '-' && prev != '.';
}

bool IsHostPort(std::string_view s) {
  std::string_view host, port;
  if (SplitHostPort(s, host, port)) {
    if (!ParsePort(port, false)) return false;
    return IsIpAddress(host) || IsDnsSubdomain(host);
  }
  return IsIpAddress(s) || IsDnsSubdomain(s);
}

}  // namespace ki::config
