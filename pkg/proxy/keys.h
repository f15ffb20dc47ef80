// Hashing and ordering for the IPVS value types the engine keys its maps by,
// plus the compact real-server value the desired state stores (the kernel's
// Destination carries counters and tunnel fields the engine never sets).
// Plain values; thread-compatible.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

#include "pkg/ipvs/types.h"
#include "pkg/k8s/objects.h"

namespace ki::proxy {

// A real server as the engine wants it: masquerade forwarding, no thresholds.
struct RealServer {
  ipvs::IpAddress addr;
  uint16_t port = 0;
  uint32_t weight = 1;
  bool operator==(const RealServer&) const = default;
  // Ordered by address then port: the order both desired and kernel lists keep.
  bool operator<(const RealServer& o) const {
    return addr != o.addr ? addr < o.addr : port < o.port;
  }
  ipvs::Destination ToDestination() const;
};

inline size_t HashBytes(const void* p, size_t n, size_t seed = 1469598103934665603ULL) {
  const auto* b = static_cast<const uint8_t*>(p);
  for (size_t i = 0; i < n; ++i) seed = (seed ^ b[i]) * 1099511628211ULL;
  return seed;
}

struct KeyHash {
  size_t operator()(const ipvs::IpAddress& a) const {
    return HashBytes(a.bytes.data(), a.size(), a.family);
  }
  size_t operator()(const ipvs::ServiceKey& k) const {
    size_t h = (*this)(k.addr);
    uint64_t rest = (uint64_t{k.protocol} << 48) | (uint64_t{k.port} << 32) | k.fwmark;
    return HashBytes(&rest, sizeof(rest), h);
  }
  size_t operator()(const k8s::ObjectName& n) const {
    std::hash<std::string_view> h;
    return h(n.ns) * 31 + h(n.name);
  }
};

// Orders service keys (for deterministic plans and tests).
bool KeyLess(const ipvs::ServiceKey& a, const ipvs::ServiceKey& b);

}  // namespace ki::proxy
