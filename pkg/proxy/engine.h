// The proxy engine, pure: takes object changes, keeps the desired node state,
// and plans kernel changes. The four steps of a sync, as the daemon runs them
// (SyncPolicy says when, and whether incremental or full):
//
//   incremental                              full (start-up, syncPeriod, after a failure)
//   1. changed = engine.BuildDesired()       1. engine.BuildDesired()
//   2. Refresh(ipvs, changed.keys, table)    2. table = Observe(ipvs) + kube-ipvs0 addresses
//   3. plan = engine.PlanChanges(changed, table)   3. plan = engine.PlanFull(table)
//   4. Apply(ipvs, plan, table), then bind/unbind plan's addresses through pkg/netif;
//      any failure -> SyncPolicy::Ran(..., false) -> the next sync is full.
//
// Draining real servers (plan.draining) are rechecked later the same way, with
// ChangeSet{plan.draining, {}} as the change: Refresh gives fresh connection
// counts and the plan deletes those that reached zero.
//
// A change to one Service or EndpointSlice costs work proportional to that
// Service. A Node or option change marks every Service dirty (NodePorts, zone
// and locality depend on them). Not thread-safe: one owner, one thread.
#pragma once

#include <vector>

#include "pkg/k8s/objects.h"
#include "pkg/proxy/change_tracker.h"
#include "pkg/proxy/desired_state.h"
#include "pkg/proxy/kernel_table.h"
#include "pkg/proxy/options.h"
#include "pkg/proxy/plan.h"

namespace ki::proxy {

class Engine {
 public:
  explicit Engine(ProxyOptions opts) : opts_(std::move(opts)) {}
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Change tracking; each returns true when the object changed.
  bool UpsertService(k8s::Service svc) { return tracker_.UpsertService(std::move(svc)); }
  bool DeleteService(const k8s::ObjectName& n) { return tracker_.DeleteService(n); }
  bool UpsertSlice(const k8s::EndpointSlice& s) { return tracker_.UpsertSlice(s); }
  bool DeleteSlice(const k8s::ObjectName& n) { return tracker_.DeleteSlice(n); }
  // This node's Node object (its zone label matters); ignored for other nodes.
  bool SetNode(const k8s::Node& node);
  void SetOptions(ProxyOptions opts);

  bool HasPendingChanges() const { return tracker_.HasDirty(); }

  // Step 1: rebuilds the desired state of dirty Services; returns what changed.
  ChangeSet BuildDesired();
  // Step 3 (incremental): the operations for `changed` against the table.
  Plan PlanChanges(const ChangeSet& changed, const KernelTable& table) const {
    return proxy::PlanChanges(desired_, table, changed, opts_.ownership);
  }
  // Step 3 (full): verification and start-up adoption.
  Plan PlanFull(const KernelTable& table) const {
    return proxy::PlanFull(desired_, table, opts_.ownership);
  }
  // The same, its first group handed out run by run (plan.h).
  Plan PlanFullStreamed(const KernelTable& table, size_t ops_per_run, const FirstOps& first) const {
    return proxy::PlanFullStreamed(desired_, table, opts_.ownership, ops_per_run, first);
  }

  const DesiredState& desired() const { return desired_; }
  const ProxyOptions& options() const { return opts_; }

 private:
  ProxyOptions opts_;
  NodeView node_;
  ChangeTracker tracker_;
  DesiredState desired_;
};

}  // namespace ki::proxy
