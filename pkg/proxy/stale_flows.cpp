#include "pkg/proxy/stale_flows.h"

#include <algorithm>

namespace ki::proxy {

std::vector<StaleUdpFlow> StaleUdpFlows(const Plan& applied) {
  std::vector<StaleUdpFlow> out;
  for (const ipvs::Op& op : applied.ops) {
    const ipvs::ServiceKey& key = op.service.key;
    if (key.fwmark != 0 || key.protocol != ipvs::kProtoUdp) continue;
    if (op.kind == ipvs::Op::Kind::kDeleteDest) {
      out.push_back({key.addr, key.port, op.dest.addr});
    } else if (op.kind == ipvs::Op::Kind::kDeleteService) {
      out.push_back({key.addr, key.port, std::nullopt});
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace ki::proxy
