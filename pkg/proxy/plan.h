// Step 3 of the engine: the pure diff of desired state against the cached
// kernel state, as an ordered list of IPVS operations plus kube-ipvs0 address
// changes. Order guarantees (so no moment exposes a Service without the real
// servers it should have):
//   - a new virtual server is followed directly by all its real servers;
//   - on an existing one, adds and weight restores come before drains and deletes;
//   - whole virtual servers are deleted last;
//   - addresses are bound after the operations (the virtual server is complete
//     before traffic can reach it) and unbound after that.
// Kernel virtual servers no Service wants are deleted only when Ownership
// allows (excludeCIDRs and foreign ranges are never touched). Thread-safe
// (functions of their arguments).
#pragma once

#include <span>
#include <vector>

#include "pkg/ipvs/ipvs.h"
#include "pkg/proxy/desired_state.h"
#include "pkg/proxy/kernel_table.h"
#include "pkg/proxy/options.h"

namespace ki::proxy {

struct Plan {
  std::vector<ipvs::Op> ops;
  std::vector<ipvs::IpAddress> bind;
  std::vector<ipvs::IpAddress> unbind;
  // Virtual servers with real servers draining (weight 0, connections left):
  // plan them again, after fresh connection counts, to finish the deletes.
  std::vector<ipvs::ServiceKey> draining;

  bool empty() const { return ops.empty() && bind.empty() && unbind.empty(); }
};

// Plans only the keys and addresses in `changed` (incremental sync).
Plan PlanChanges(const DesiredState& want, const KernelTable& have, const ChangeSet& changed,
                 const Ownership& own);

// Plans everything: every desired key, and every kernel virtual server and
// kube-ipvs0 address (periodic verification, start-up adoption).
Plan PlanFull(const DesiredState& want, const KernelTable& have, const Ownership& own);

}  // namespace ki::proxy
