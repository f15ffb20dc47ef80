// Value types of the kernel's IPVS table: services, destinations, counters,
// and the table-wide info and timeouts. Plain values with no kernel access;
// safe to copy and share between threads like any std value.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "pkg/base/status.h"

namespace ki::ipvs {

// Address families as the kernel numbers them (AF_INET / AF_INET6).
inline constexpr uint16_t kAfInet = 2;
inline constexpr uint16_t kAfInet6 = 10;

// IP protocol numbers of the services IPVS balances.
inline constexpr uint16_t kProtoTcp = 6;
inline constexpr uint16_t kProtoUdp = 17;
inline constexpr uint16_t kProtoSctp = 132;

// Service flags (IP_VS_SVC_F_*).
inline constexpr uint32_t kFlagPersistent = 0x1;
inline constexpr uint32_t kFlagHashed = 0x2;  // set by the kernel, never by callers
inline constexpr uint32_t kFlagOnePacket = 0x4;
inline constexpr uint32_t kFlagSched1 = 0x8;   // sh-fallback / mh-fallback
inline constexpr uint32_t kFlagSched2 = 0x10;  // sh-port / mh-port
inline constexpr uint32_t kFlagSched3 = 0x20;

// An IPv4 or IPv6 address; IPv4 uses the first 4 bytes, the rest stay zero.
struct IpAddress {
  uint16_t family = kAfInet;
  std::array<uint8_t, 16> bytes{};

  static Result<IpAddress> Parse(std::string_view text);
  static IpAddress V4(uint32_t host_order);
  std::string ToString() const;  // inet_ntop form
  size_t size() const { return family == kAfInet6 ? 16 : 4; }
  // This address with every bit past the first prefix_len cleared: the
  // network of a CIDR (10.96.0.1, 12 -> 10.96.0.0).
  IpAddress Network(size_t prefix_len) const;
  bool operator==(const IpAddress&) const = default;
  auto operator<=>(const IpAddress&) const = default;
};

// Counters as the kernel reports them (the 64-bit set when it has one).
struct Stats {
  uint64_t conns = 0, inpkts = 0, outpkts = 0, inbytes = 0, outbytes = 0;
  uint64_t cps = 0, inpps = 0, outpps = 0, inbps = 0, outbps = 0;
  bool operator==(const Stats&) const = default;
};

// A Stats that only reads fill, kept on the heap and only when not all
// zero: the proxy plans, writes and remembers hundreds of thousands of
// Services and Destinations that never carry counters, and each then pays
// 8 bytes for them instead of 80. Reads as a Stats (all zero when empty).
class StatsBox {
 public:
  StatsBox() = default;
  StatsBox(const Stats& s) { *this = s; }  // NOLINT(google-explicit-constructor): a value
  StatsBox(const StatsBox& o) : StatsBox(*o) {}
  StatsBox(StatsBox&&) noexcept = default;
  StatsBox& operator=(const StatsBox& o) { return *this = *o; }
  StatsBox& operator=(StatsBox&&) noexcept = default;
  ~StatsBox() = default;
  StatsBox& operator=(const Stats& s) {
    p_ = s == Stats{} ? nullptr : std::make_unique<Stats>(s);
    return *this;
  }

  const Stats& operator*() const { return p_ ? *p_ : Zero(); }
  const Stats* operator->() const { return &**this; }
  operator const Stats&() const { return **this; }  // NOLINT(google-explicit-constructor)
  bool operator==(const StatsBox& o) const { return **this == *o; }

 private:
  static const Stats& Zero() {
    static const Stats kZero;
    return kZero;
  }
  std::unique_ptr<Stats> p_;
};

// What identifies a virtual service: fwmark != 0, or protocol + address + port.
struct ServiceKey {
  uint16_t af = kAfInet;
  uint16_t protocol = kProtoTcp;  // ignored when fwmark != 0
  IpAddress addr;                 // ignored when fwmark != 0
  uint16_t port = 0;              // host order; ignored when fwmark != 0
  uint32_t fwmark = 0;

  static ServiceKey Tcp(const IpAddress& a, uint16_t port);
  static ServiceKey Udp(const IpAddress& a, uint16_t port);
  static ServiceKey Sctp(const IpAddress& a, uint16_t port);
  static ServiceKey Fwmark(uint32_t mark, uint16_t af = kAfInet);
  bool operator==(const ServiceKey& o) const;
  std::string ToString() const;  // "TCP 10.0.0.1:80", "TCP [::1]:80", "FWM 5"
};

// A virtual service. Defaults are what `ipvsadm -A` would set.
struct Service {
  ServiceKey key;
  std::string scheduler = "wlc";
  uint32_t flags = 0;    // kFlag*; the kernel adds kFlagHashed
  uint32_t timeout = 0;  // persistence timeout in seconds
  // IPv4: the mask as the kernel keeps it, a network-order u32 (0xffffffff = /32).
  // IPv6: the prefix length (128). See DefaultNetmask().
  uint32_t netmask = 0xffffffff;
  std::string pe_name;  // persistence engine, e.g. "sip"; empty for none
  StatsBox stats;       // filled by reads only

  static uint32_t DefaultNetmask(uint16_t af) { return af == kAfInet6 ? 128 : 0xffffffff; }
  // Equal as configuration: key, scheduler, flags (without HASHED), timeout,
  // netmask and pe name; counters are not compared.
  bool SameConfig(const Service& o) const;
};

enum class FwdMethod : uint32_t { kMasq = 0, kLocal = 1, kTunnel = 2, kRoute = 3 };
enum class TunType : uint8_t { kIpip = 0, kGue = 1, kGre = 2 };
inline constexpr uint16_t kTunFlagCsum = 0x1;
inline constexpr uint16_t kTunFlagRemCsum = 0x2;

// A real server of a service.
struct Destination {
  IpAddress addr;  // its family may differ from the service's only for tunnels
  uint16_t port = 0;
  FwdMethod fwd = FwdMethod::kMasq;
  uint32_t weight = 1;
  uint32_t u_threshold = 0;  // 0 = no limit
  uint32_t l_threshold = 0;
  TunType tun_type = TunType::kIpip;
  uint16_t tun_port = 0;  // host order; GUE only
  uint16_t tun_flags = 0;
  // Filled by reads only:
  uint32_t active_conns = 0, inactive_conns = 0, persist_conns = 0;
  StatsBox stats;

  bool SameConfig(const Destination& o) const;
  std::string ToString() const;  // "10.0.0.2:80", "[fd00::2]:80"
};

// GET_INFO: the IPVS version (0x010201 = 1.2.1) and connection table size.
struct Info {
  uint32_t version = 0;
  uint32_t conn_table_size = 0;
  bool operator==(const Info&) const = default;
};

// Connection timeouts in seconds; 0 in a set request means "leave as is".
struct Timeouts {
  uint32_t tcp = 0, tcp_fin = 0, udp = 0;
  bool operator==(const Timeouts&) const = default;
};

std::string_view ProtocolName(uint16_t protocol);  // "TCP", "UDP", "SCTP", "IP"
std::string_view FwdMethodName(FwdMethod fwd);     // ipvsadm's "Masq", "Local", ...

}  // namespace ki::ipvs
