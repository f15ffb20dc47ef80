// Steps 2 and 4 of the engine: observe the kernel's IPVS table into a
// KernelTable, and apply a plan, recording what the kernel accepted. Works
// only through the injected ipvs::Ipvs interface (netlink in the daemon, the
// in-memory fake in tests); kube-ipvs0 addresses are the daemon's to apply
// through pkg/netif, which then calls KernelTable::MarkBound. Not thread-safe.
#pragma once

#include <functional>
#include <span>

#include "pkg/base/status.h"
#include "pkg/ipvs/ipvs.h"
#include "pkg/proxy/kernel_table.h"
#include "pkg/proxy/plan.h"

namespace ki::proxy {

// Dumps every virtual server and its real servers (one dump per sync, never
// per Service). Firewall-mark services are not the engine's and are left out.
Result<KernelTable> Observe(ipvs::Ipvs& ipvs);

// Re-reads the listed virtual servers (fresh connection counts before a plan
// that may drain; a key the kernel no longer has is dropped from the table).
Status Refresh(ipvs::Ipvs& ipvs, std::span<const ipvs::ServiceKey> keys, KernelTable& table);

struct ApplyResult {
  size_t applied = 0;
  size_t failed = 0;
  Status first_error;  // ok when nothing failed
  // Counts another part's operations too (its error if this had none).
  void Add(const ApplyResult& o);
};

// Applies the plan's IPVS operations in order, kApplyBatch at a time; every
// accepted one is recorded in the table. Any failure means the table may be
// wrong: the caller schedules a full sync (SyncPolicy::Ran with ok = false).
// stopped (optional) is asked before each batch: once it returns true no
// further operation is written and first_error says so.
ApplyResult Apply(ipvs::Ipvs& ipvs, const Plan& plan, KernelTable& table,
                  const std::function<bool()>& stopped = {});
// The same for a part of a plan's operations (a streamed plan's run).
ApplyResult Apply(ipvs::Ipvs& ipvs, std::span<const ipvs::Op> ops, KernelTable& table,
                  const std::function<bool()>& stopped = {});

inline constexpr size_t kApplyBatch = 512;

}  // namespace ki::proxy
