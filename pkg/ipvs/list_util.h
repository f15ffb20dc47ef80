// Helpers shared by the ipvsadm-compatible formatters (list_format.cpp,
// conn_format.cpp); internal to pkg/ipvs. Pure; thread-safe.
#pragma once

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <string>

#include "pkg/ipvs/list_format.h"

namespace ki::ipvs::internal {

// printf into a string, so ipvsadm's printf formats carry over unchanged.
__attribute__((format(printf, 2, 3))) inline void Appendf(std::string& out, const char* fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  int n = std::vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  if (n > 0) out.append(buf, std::min<size_t>(n, sizeof(buf) - 1));
}

// ipvsadm's addrport_to_anyname: "host:port" or "[host]:port", names unless
// numeric, cut to the 59 characters of its buffer.
std::string AddrPortName(const IpAddress& a, uint16_t port, uint16_t proto, bool numeric,
                         NameResolver& names);

}  // namespace ki::ipvs::internal
