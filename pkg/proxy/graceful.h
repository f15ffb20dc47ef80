// Graceful termination of real servers, as a pure state machine (reference.md
// section 5; upstream graceful_termination.go, without its delete-and-re-add
// when an endpoint comes back). Per real server of a virtual server:
//
//   absent  --wanted-->                      kAdd     -> serving
//   serving --config differs-->              kUpdate  -> serving
//   serving --unwanted, UDP/SCTP or idle-->  kDelete  -> absent
//   serving --unwanted, TCP with conns-->    kDrain   -> draining (weight 0)
//   draining --conns still > 0-->            kWait    -> draining
//   draining --ActiveConn+InactConn == 0-->  kDelete  -> absent
//   draining --wanted again-->               kUpdate  -> serving (weight restored)
//
// The connection counts are the ones the caller observed; a real server added
// since the last observation counts as busy (its counts are unknown), so it is
// drained, never cut. The daemon rechecks draining servers (Plan::draining)
// after refreshing their counts. Thread-safe (no state).
#pragma once

#include <cstdint>

#include "pkg/proxy/kernel_table.h"
#include "pkg/proxy/keys.h"

namespace ki::proxy {

enum class RsStep : uint8_t { kNone, kAdd, kUpdate, kDrain, kWait, kDelete };

// want: the desired real server (null when unwanted); have: the kernel's (null
// when absent); protocol: the virtual server's (ipvs::kProto*).
RsStep NextStep(const RealServer* want, const KernelDest* have, uint16_t protocol);

const char* RsStepName(RsStep s);

}  // namespace ki::proxy
