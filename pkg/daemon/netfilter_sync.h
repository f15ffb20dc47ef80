// The netfilter half of a sync: the proxy's ipsets and iptables rules kept as
// the desired state needs them (reference.md section 5):
//   sets:  the entries a sync changed -> one Ipset::Update with only the
//          adds and deletes (nothing sent when nothing changed; no process:
//          the kernel's netlink ipset protocol); full syncs list the sets once
//          (Ipset::List), create missing ones and repair drift; a set of the
//          proxy's name but another type or family is an error that names it.
//   rules: rendered from configuration (and the few LoadBalancer VIPs the
//          node may not reach); restored at start, when the text changes,
//          and when a full sync finds the proxy's chains changed behind its
//          back (their iptables-save lines are compared with those recorded
//          after the last restore). A full sync reads them only when the
//          kernel's rules generation moved since the last check found them
//          right (Iptables::Generation: no process). Jumps from the built-in
//          chains are checked on full syncs only.
// Sets are written before rules (a rule naming a missing set fails).
// Not thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "pkg/base/status.h"
#include "pkg/netfilter/conntrack.h"
#include "pkg/netfilter/ipset.h"
#include "pkg/netfilter/iptables.h"
#include "pkg/netfilter/iptables_rules.h"
#include "pkg/proxy/desired_state.h"
#include "pkg/proxy/plan.h"
#include "pkg/proxy/set_plan.h"

namespace ki::daemon {

struct NetfilterStats {
  size_t set_entries_changed = 0;
  int ipset_restores = 0;  // ipset write batches (Ipset::Update calls)
  int iptables_restores = 0;
  int iptables_reads = 0;  // saves of the nat and filter tables (one per family checked)
  int jumps_inserted = 0;
  std::chrono::nanoseconds ipset_time{0};     // listing and updating the sets
  std::chrono::nanoseconds iptables_time{0};  // in iptables save and restore
  void Add(const NetfilterStats& o);
};

struct NetfilterKernel {
  netfilter::Ipset* ipset = nullptr;
  netfilter::Iptables* iptables = nullptr;    // IPv4
  netfilter::Iptables* ip6tables = nullptr;   // may be null: no IPv6 rules
  netfilter::Conntrack* conntrack = nullptr;  // may be null: no stale-flow cleanup
};

class NetfilterSync {
 public:
  // rules: the IPv4 options; the IPv6 rules use the same with ipv6 set.
  NetfilterSync(NetfilterKernel kernel, netfilter::RuleOptions rules);

  // New configuration for the rules (e.g. the Node's pod CIDRs arrived); the
  // next Sync restores them if the text differs.
  void SetRuleOptions(const netfilter::RuleOptions& rules);

  // changed: what the engine's last builds changed (set entries, and whether
  // the node-blocked LoadBalancer VIPs of KUBE-IPVS-OUT-FILTER did).
  Result<NetfilterStats> Sync(const proxy::DesiredState& desired, const proxy::ChangeSet& changed,
                              bool full);

  // Whether a family's rules were never restored by this object (a start).
  bool RulesPending() const;

  // A start's rules ahead of the rest of its first sync: the proxy's missing
  // sets are created empty (a rule naming a missing set fails), then every
  // family's rules are restored and checked, and the sets' listing is kept
  // for the next Sync. The rules text depends on configuration alone and a
  // rule over an empty set matches nothing, so this can run on another thread
  // while IPVS is programmed (iptables-restore is a process: its time is then
  // hidden). Nothing else of this object may be used until it returns.
  Result<NetfilterStats> SyncRulesEarly();

  // Deletes the conntrack entries of UDP flows whose real or virtual server
  // the applied plan removed (proxy::StaleUdpFlows); returns how many.
  Result<int> DeleteStaleFlows(const proxy::Plan& applied);

 private:
  struct Family {
    netfilter::Iptables* iptables = nullptr;
    netfilter::RuleOptions options;
    std::string applied;                   // the rules text last restored
    std::vector<std::string> fingerprint;  // our chains' lines as saved after it
    // The rules generation (Iptables::Generation) when the last full check
    // found the rules right; unset: read them at the next full sync.
    std::optional<uint64_t> checked;
  };
  // Lists the proxy's sets into table_; returns those missing. An error for a
  // set of the proxy's name but another type.
  Result<std::vector<netfilter::SetSpec>> ReadSets();
  Status SyncSets(const proxy::DesiredState& desired, std::span<const proxy::SetEntry> changed,
                  bool full, NetfilterStats& stats);
  Status SyncRules(Family& f, bool full, NetfilterStats& stats);
  // The rules' per-LoadBalancer part, from the desired state.
  void SetNodeBlocked(const proxy::DesiredState& desired);
  // Our chains' declarations and rules as saved, to see later changes.
  static std::vector<std::string> Fingerprint(const std::vector<netfilter::SavedTable>& saved);

  // The proxy's set of this name (one of netfilter::ProxySets), or null.
  const netfilter::SetSpec* FindSet(const std::string& name) const;

  NetfilterKernel kernel_;
  std::vector<netfilter::SetSpec> sets_;  // both families' sets, upstream's order
  std::vector<Family> families_;
  proxy::SetTable table_;
  bool sets_known_ = false;  // table_ mirrors the kernel (else: full read next)
  bool sets_fresh_ = false;  // just read by SyncRulesEarly: the next full Sync need not
};

}  // namespace ki::daemon
