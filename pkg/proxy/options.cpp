#include "pkg/proxy/options.h"

#include <algorithm>
#include <charconv>
#include <string>

namespace ki::proxy {

Result<Cidr> Cidr::Parse(std::string_view text) {
  const size_t slash = text.find('/');
  Result<ipvs::IpAddress> addr = ipvs::IpAddress::Parse(text.substr(0, slash));
  if (!addr.ok()) return Status::InvalidConfig("invalid CIDR \"" + std::string(text) + "\"");
  Cidr c;
  c.base = *addr;
  const int max = addr->family == ipvs::kAfInet6 ? 128 : 32;
  int prefix = max;
  if (slash != std::string_view::npos) {
    std::string_view p = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), prefix);
    if (ec != std::errc() || end != p.data() + p.size() || prefix < 0 || prefix > max) {
      return Status::InvalidConfig("invalid prefix length in CIDR \"" + std::string(text) + "\"");
    }
  }
  c.prefix = static_cast<uint8_t>(prefix);
  return c;
}

bool Cidr::Contains(const ipvs::IpAddress& a) const {
  if (a.family != base.family) return false;
  const int full = prefix / 8, rest = prefix % 8;
  for (int i = 0; i < full; ++i) {
    if (a.bytes[i] != base.bytes[i]) return false;
  }
  if (rest == 0) return true;
  const uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (a.bytes[full] & mask) == (base.bytes[full] & mask);
}

Cidr Cidr::Masked() const { return Cidr{base.Network(prefix), prefix}; }

std::string Cidr::ToString() const { return base.ToString() + "/" + std::to_string(prefix); }

Ownership Ownership::Everything() {
  Ownership o;
  o.owned = {*Cidr::Parse("0.0.0.0/0"), *Cidr::Parse("::/0")};
  return o;
}

bool Ownership::MayRemove(const ipvs::ServiceKey& key) const {
  if (key.fwmark != 0) return false;
  for (const Cidr& c : exclude) {
    if (c.Contains(key.addr)) return false;
  }
  for (const Cidr& c : owned) {
    if (c.Contains(key.addr)) return true;
  }
  return false;
}

bool ProxyOptions::Routed(const ipvs::IpAddress& a) const {
  return std::ranges::any_of(routed_cidrs, [&](const Cidr& c) { return c.Contains(a); });
}

}  // namespace ki::proxy
