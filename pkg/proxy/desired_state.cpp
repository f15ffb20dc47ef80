#include "pkg/proxy/desired_state.h"

#include <algorithm>

namespace ki::proxy {

void ChangeSet::Merge(const ChangeSet& o) {
  keys.insert(keys.end(), o.keys.begin(), o.keys.end());
  addrs.insert(addrs.end(), o.addrs.begin(), o.addrs.end());
  set_entries.insert(set_entries.end(), o.set_entries.begin(), o.set_entries.end());
  health_checks = health_checks || o.health_checks;
  node_blocked = node_blocked || o.node_blocked;
}

void DesiredState::Unindex(const k8s::ObjectName& name, const ServiceState& state,
                           ChangeSet& changed) {
  for (const VirtualServer& vs : state.servers) {
    auto it = by_key_.find(vs.service.key);
    if (it == by_key_.end()) continue;
    std::erase_if(it->second, [&](const Owner& o) { return *o.name == name; });
    if (it->second.empty()) by_key_.erase(it);
    changed.keys.push_back(vs.service.key);
    reals_ -= vs.reals.size();
  }
  for (const ipvs::IpAddress& a : state.bind_addrs) {
    auto it = addr_refs_.find(a);
    if (it != addr_refs_.end() && --it->second == 0) {
      addr_refs_.erase(it);
      changed.addrs.push_back(a);
    }
  }
  for (const SetEntry& e : state.set_entries) {
    auto it = entry_refs_.find(e);
    if (it != entry_refs_.end() && --it->second == 0) {
      entry_refs_.erase(it);
      changed.set_entries.push_back(e);
    }
  }
  for (const NodeBlockedVip& v : state.node_blocked) {
    auto it = node_blocked_.find(v);
    if (it != node_blocked_.end() && --it->second == 0) {
      node_blocked_.erase(it);
      changed.node_blocked = true;
    }
  }
  if (state.health_check) {
    health_checks_.erase(name);
    changed.health_checks = true;
  }
}

void DesiredState::Index(const k8s::ObjectName* name, const ServiceState& state,
                         ChangeSet& changed) {
  for (const VirtualServer& vs : state.servers) {
    by_key_[vs.service.key].push_back({name, &vs});
    changed.keys.push_back(vs.service.key);
    reals_ += vs.reals.size();
  }
  for (const ipvs::IpAddress& a : state.bind_addrs) {
    if (addr_refs_[a]++ == 0) changed.addrs.push_back(a);
  }
  for (const SetEntry& e : state.set_entries) {
    if (entry_refs_[e]++ == 0) changed.set_entries.push_back(e);
  }
  for (const NodeBlockedVip& v : state.node_blocked) {
    if (node_blocked_[v]++ == 0) changed.node_blocked = true;
  }
  if (state.health_check) {
    health_checks_[*name] = *state.health_check;
    changed.health_checks = true;
  }
}

void DesiredState::Set(const k8s::ObjectName& name, ServiceState state, ChangeSet& changed) {
  auto it = states_.find(name);
  if (it != states_.end()) {
    if (it->second == state) return;
    Unindex(name, it->second, changed);
    if (state.empty()) {
      states_.erase(it);
      return;
    }
    it->second = std::move(state);
  } else {
    if (state.empty()) return;
    it = states_.emplace(name, std::move(state)).first;
  }
  Index(&it->first, it->second, changed);
}

const VirtualServer* DesiredState::Find(const ipvs::ServiceKey& key) const {
  auto it = by_key_.find(key);
  if (it == by_key_.end()) return nullptr;
  const Owner* best = &it->second.front();
  for (const Owner& o : it->second) {
    if (*o.name < *best->name) best = &o;
  }
  return best->server;
}

void DesiredState::Reserve(size_t n) {
  states_.reserve(states_.size() + n);
  by_key_.reserve(by_key_.size() + n);
  addr_refs_.reserve(addr_refs_.size() + n);
  entry_refs_.reserve(entry_refs_.size() + 4 * n);
}

}  // namespace ki::proxy
