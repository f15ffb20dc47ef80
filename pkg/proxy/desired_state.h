// The node's desired state: every Service's ServiceState, plus an index from
// virtual-server key and from kube-ipvs0 address to the Services that want it.
// Replacing one Service's state costs O(size of that Service) and reports
// exactly which keys and addresses may now differ, which is what makes
// incremental plans proportional to the change. Not thread-safe.
#pragma once

#include <map>
#include <unordered_map>
#include <vector>

#include "pkg/k8s/objects.h"
#include "pkg/proxy/keys.h"
#include "pkg/proxy/service_state.h"

namespace ki::proxy {

// Keys and addresses whose desired content may have changed (may repeat).
struct ChangeSet {
  std::vector<ipvs::ServiceKey> keys;
  std::vector<ipvs::IpAddress> addrs;
  std::vector<SetEntry> set_entries;  // entries that may have come or gone
  bool health_checks = false;         // a Service's HealthCheck came, went or changed
  bool node_blocked = false;          // the set of NodeBlockedVips changed
  bool empty() const {
    return keys.empty() && addrs.empty() && set_entries.empty() && !health_checks && !node_blocked;
  }
  void Merge(const ChangeSet& o);
};

class DesiredState {
 public:
  DesiredState() = default;
  DesiredState(const DesiredState&) = delete;
  DesiredState& operator=(const DesiredState&) = delete;

  // Replaces (or, with an empty state, removes) a Service's contribution and
  // appends to `changed` what differs. An equal state changes nothing.
  void Set(const k8s::ObjectName& name, ServiceState state, ChangeSet& changed);

  // The wanted virtual server at key, or null. When two Services claim the same
  // key (e.g. one externalIP:port on both) the one first by namespace/name wins.
  const VirtualServer* Find(const ipvs::ServiceKey& key) const;
  bool WantsBound(const ipvs::IpAddress& addr) const { return addr_refs_.contains(addr); }
  bool WantsEntry(const SetEntry& e) const { return entry_refs_.contains(e); }

  // Room for n more Services, so a full build does not rehash as it goes.
  void Reserve(size_t n);

  size_t service_count() const { return states_.size(); }
  size_t server_count() const { return by_key_.size(); }
  // Real servers over all wanted virtual servers (kept as states change).
  size_t real_server_count() const { return reals_; }
  template <typename F>
  void ForEachKey(F&& f) const {
    for (const auto& [key, owners] : by_key_) f(key);
  }
  template <typename F>
  void ForEachBound(F&& f) const {
    for (const auto& [addr, refs] : addr_refs_) f(addr);
  }
  template <typename F>
  void ForEachSetEntry(F&& f) const {
    for (const auto& [entry, refs] : entry_refs_) f(entry);
  }
  // The Services with a health-check node port (few: LoadBalancer + Local).
  const std::map<k8s::ObjectName, HealthCheck>& health_checks() const { return health_checks_; }
  // Every NodeBlockedVip, sorted (few: LoadBalancers with source ranges).
  template <typename F>
  void ForEachNodeBlocked(F&& f) const {
    for (const auto& [vip, refs] : node_blocked_) f(vip);
  }

 private:
  struct Owner {
    const k8s::ObjectName* name;  // key of states_ (node-stable)
    const VirtualServer* server;  // inside states_ (stable until that Service is replaced)
  };
  void Unindex(const k8s::ObjectName& name, const ServiceState& state, ChangeSet& changed);
  void Index(const k8s::ObjectName* name, const ServiceState& state, ChangeSet& changed);

  std::unordered_map<k8s::ObjectName, ServiceState, KeyHash> states_;
  // Usually one owner per key; a small vector keeps conflicts cheap and exact.
  std::unordered_map<ipvs::ServiceKey, std::vector<Owner>, KeyHash> by_key_;
  std::unordered_map<ipvs::IpAddress, uint32_t, KeyHash> addr_refs_;
  // Services often share entries (one NodePort set member per port number,
  // one KUBE-IPVS-IPS member per VIP): counted, so the last one out removes it.
  std::unordered_map<SetEntry, uint32_t, SetEntryHash> entry_refs_;
  std::map<k8s::ObjectName, HealthCheck> health_checks_;
  std::map<NodeBlockedVip, uint32_t> node_blocked_;
  size_t reals_ = 0;
};

}  // namespace ki::proxy
