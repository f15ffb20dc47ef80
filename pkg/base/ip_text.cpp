#include "pkg/base/ip_text.h"

#include <arpa/inet.h>

#include <array>
#include <charconv>
#include <string>

namespace ki {
namespace {

bool Parses(int af, std::string_view s) {
  std::array<unsigned char, 16> buf{};
  return ::inet_pton(af, std::string(s).c_str(), buf.data()) == 1;
}

}  // namespace

bool IsIpText(std::string_view s, IpTextFamily family) {
  return (family != IpTextFamily::kIPv6 && Parses(AF_INET, s)) ||
         (family != IpTextFamily::kIPv4 && Parses(AF_INET6, s));
}

bool IsCidrText(std::string_view s, IpTextFamily family) {
  const size_t slash = s.find('/');
  if (slash == std::string_view::npos) return false;
  const std::string_view ip = s.substr(0, slash), bits = s.substr(slash + 1);
  int prefix = -1;
  auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
  if (bits.empty() || ec != std::errc() || end != bits.data() + bits.size() || prefix < 0) {
    return false;
  }
  if (family != IpTextFamily::kIPv6 && Parses(AF_INET, ip)) return prefix <= 32;
  if (family != IpTextFamily::kIPv4 && Parses(AF_INET6, ip)) return prefix <= 128;
  return false;
}

}  // namespace ki
