#include "pkg/netif/links.h"

#include <algorithm>

namespace ki::netif {
namespace {

bool IsLoopback(const IpAddress& a) {
  if (a.family == ipvs::kAfInet) return a.bytes[0] == 127;
  static constexpr std::array<uint8_t, 16> kV6Loopback = {0, 0, 0, 0, 0, 0, 0, 0,
                                                          0, 0, 0, 0, 0, 0, 0, 1};
  return a.bytes == kV6Loopback;
}

}  // namespace

bool IsIpv6LinkLocal(const IpAddress& a) {
  return a.family == ipvs::kAfInet6 && a.bytes[0] == 0xfe && (a.bytes[1] & 0xc0) == 0x80;
}

std::string LocalAddress::ToString() const {
  return addr.ToString() + "/" + std::to_string(prefix_len);
}

std::string LocalRoute::ToString() const {
  return addr.ToString() + "/" + std::to_string(prefix_len);
}

std::vector<IpAddress> NodeAddresses(std::span<const LocalAddress> addrs) {
  std::vector<IpAddress> out;
  for (const LocalAddress& a : addrs) {
    if (!IsLoopback(a.addr) && !IsIpv6LinkLocal(a.addr)) out.push_back(a.addr);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace ki::netif
