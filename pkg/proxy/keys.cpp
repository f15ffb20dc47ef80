#include "pkg/proxy/keys.h"

#include <tuple>

namespace ki::proxy {

ipvs::Destination RealServer::ToDestination() const {
  ipvs::Destination d;
  d.addr = addr;
  d.port = port;
  d.fwd = ipvs::FwdMethod::kMasq;
  d.weight = weight;
  return d;
}

bool KeyLess(const ipvs::ServiceKey& a, const ipvs::ServiceKey& b) {
  return std::tie(a.af, a.fwmark, a.addr, a.protocol, a.port) <
         std::tie(b.af, b.fwmark, b.addr, b.protocol, b.port);
}

}  // namespace ki::proxy
