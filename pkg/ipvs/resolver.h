// The NameResolver of `ipvs list` without -n: reverse DNS / hosts file via
// getnameinfo, service names via getservbyport, as ipvsadm does. Lookups
// block. Not thread-safe (getservbyport is not).
#pragma once

#include "pkg/ipvs/list_format.h"

namespace ki::ipvs {

class SystemResolver final : public NameResolver {
 public:
  std::optional<std::string> HostName(const IpAddress& addr) override;
  std::optional<std::string> PortName(uint16_t port, uint16_t protocol) override;
};

}  // namespace ki::ipvs
