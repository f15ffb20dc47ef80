#include "pkg/proxy/set_plan.h"

#include <algorithm>

namespace ki::proxy {
namespace {

void Sort(SetPlan& plan) {
  for (auto& [name, c] : plan.by_set) {
    std::sort(c.add.begin(), c.add.end());
    c.add.erase(std::unique(c.add.begin(), c.add.end()), c.add.end());
    std::sort(c.del.begin(), c.del.end());
    c.del.erase(std::unique(c.del.begin(), c.del.end()), c.del.end());
  }
}

}  // namespace

size_t SetPlan::size() const {
  size_t n = 0;
  for (const auto& [name, c] : by_set) n += c.add.size() + c.del.size();
  return n;
}

void SetTable::Reset(const std::string& name, const std::set<std::string>& members) {
  auto& slot = sets_[name];
  slot.clear();
  slot.insert(members.begin(), members.end());
}

bool SetTable::Has(const std::string& set, const std::string& text) const {
  auto it = sets_.find(set);
  return it != sets_.end() && it->second.contains(text);
}

size_t SetTable::size(const std::string& set) const {
  auto it = sets_.find(set);
  return it == sets_.end() ? 0 : it->second.size();
}

void SetTable::Apply(const SetPlan& plan) {
  for (const auto& [name, c] : plan.by_set) {
    auto& members = sets_[name];
    for (const std::string& d : c.del) members.erase(d);
    members.insert(c.add.begin(), c.add.end());
  }
}

SetPlan PlanSetsFull(const DesiredState& desired, const SetTable& table) {
  SetPlan plan;
  desired.ForEachSetEntry([&](const SetEntry& e) {
    const std::string name = SetName(e.set, e.ipv6);
    if (!table.Has(name, e.text)) plan.by_set[name].add.push_back(e.text);
  });
  // Our sets only: the table holds nothing else, but be explicit about it.
  static const std::unordered_map<std::string, SetEntry> kOwned = [] {
    std::unordered_map<std::string, SetEntry> m;  // set name -> (set, family)
    for (size_t i = 0; i < kProxySetCount; ++i) {
      for (bool ipv6 : {false, true}) m[SetName(ProxySet(i), ipv6)] = {ProxySet(i), ipv6, ""};
    }
    return m;
  }();
  table.ForEach([&](const std::string& name, const std::string& member) {
    auto owned = kOwned.find(name);
    if (owned == kOwned.end()) return;
    SetEntry e = owned->second;
    e.text = member;
    if (!desired.WantsEntry(e)) plan.by_set[name].del.push_back(member);
  });
  Sort(plan);
  return plan;
}

SetPlan PlanSetChanges(const DesiredState& desired, const SetTable& table,
                       std::span<const SetEntry> changed) {
  SetPlan plan;
  for (const SetEntry& e : changed) {
    const std::string name = SetName(e.set, e.ipv6);
    const bool want = desired.WantsEntry(e);
    const bool have = table.Has(name, e.text);
    if (want && !have) plan.by_set[name].add.push_back(e.text);
    if (!want && have) plan.by_set[name].del.push_back(e.text);
  }
  Sort(plan);
  return plan;
}

}  // namespace ki::proxy
