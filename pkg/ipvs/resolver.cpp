#include "pkg/ipvs/resolver.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <cstring>

namespace ki::ipvs {

std::optional<std::string> SystemResolver::HostName(const IpAddress& addr) {
  sockaddr_storage ss{};
  socklen_t len = 0;
  if (addr.family == kAfInet6) {
    auto* s6 = reinterpret_cast<sockaddr_in6*>(&ss);
    s6->sin6_family = AF_INET6;
    std::memcpy(&s6->sin6_addr, addr.bytes.data(), 16);
    len = sizeof(*s6);
  } else {
    auto* s4 = reinterpret_cast<sockaddr_in*>(&ss);
    s4->sin_family = AF_INET;
    std::memcpy(&s4->sin_addr, addr.bytes.data(), 4);
    len = sizeof(*s4);
  }
  char host[NI_MAXHOST];
  if (getnameinfo(reinterpret_cast<sockaddr*>(&ss), len, host, sizeof(host), nullptr, 0,
                  NI_NAMEREQD) != 0) {
    return std::nullopt;
  }
  return std::string(host);
}

std::optional<std::string> SystemResolver::PortName(uint16_t port, uint16_t protocol) {
  const char* proto = protocol == kProtoTcp    ? "tcp"
                      : protocol == kProtoUdp  ? "udp"
                      : protocol == kProtoSctp ? "sctp"
                                               : nullptr;
  if (proto == nullptr) return std::nullopt;
  const servent* s = getservbyport(htons(port), proto);
  if (s == nullptr) return std::nullopt;
  return std::string(s->s_name);
}

}  // namespace ki::ipvs
