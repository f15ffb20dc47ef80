#include "pkg/proxy/graceful.h"

namespace ki::proxy {

RsStep NextStep(const RealServer* want, const KernelDest* have, uint16_t protocol) {
  if (want != nullptr) {
    if (have == nullptr) return RsStep::kAdd;
    return have->Matches(*want) ? RsStep::kNone : RsStep::kUpdate;
  }
  if (have == nullptr) return RsStep::kNone;
  // UDP and SCTP have no connection end to wait for; expire_nodest_conn=1
  // drops their flows on the next packet.
  if (protocol != ipvs::kProtoTcp) return RsStep::kDelete;
  const bool idle = have->counted && uint64_t{have->active_conns} + have->inactive_conns == 0;
  if (idle) return RsStep::kDelete;
  return have->weight != 0 ? RsStep::kDrain : RsStep::kWait;
}

const char* RsStepName(RsStep s) {
  switch (s) {
    case RsStep::kNone:
      return "none";
    case RsStep::kAdd:
      return "add";
    case RsStep::kUpdate:
      return "update";
    case RsStep::kDrain:
      return "drain";
    case RsStep::kWait:
      return "wait";
    case RsStep::kDelete:
      return "delete";
  }
  return "none";
}

}  // namespace ki::proxy
