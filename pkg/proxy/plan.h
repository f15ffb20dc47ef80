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

#include <functional>
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

// Receives one run of a streamed plan's first group; false: stop planning.
using FirstOps = std::function<bool(std::span<const ipvs::Op>)>;

// PlanFull without ever holding all of its operations (a first sync of
// 50,000 Services x 10 endpoints is 550,000 of them): the first group
// (creations, updates, adds, restores) goes to `first` in runs, in
// PlanFull's order, each run ending with the virtual server whose operations
// reach `ops_per_run`; the returned Plan holds the rest (drains and deletes,
// addresses, draining), which come after every first-group operation in
// PlanFull too. So the concatenation is PlanFull's plan. `first` may change
// `have` (record what it applied) for the servers it was given, never for
// others. When `first` stops, the returned Plan is empty.
Plan PlanFullStreamed(const DesiredState& want, const KernelTable& have, const Ownership& own,
                      size_t ops_per_run, const FirstOps& first);

}  // namespace ki::proxy
