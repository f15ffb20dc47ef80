// Step 3 for the proxy's ipsets: what to add and delete so the kernel's sets
// hold exactly the wanted entries. Incremental plans look only at the entries
// a sync changed; the full plan (start-up adoption, periodic verification)
// compares every wanted entry and every kernel member of the proxy's own sets,
// and never touches other sets. SetTable is the proxy's record of the kernel's
// sets (from one listing on full syncs, then kept by applying plans), so
// no sync reads the kernel's sets again. Pure; thread-compatible.
#pragma once

#include <map>
#include <set>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "pkg/proxy/desired_state.h"
#include "pkg/proxy/set_entries.h"

namespace ki::proxy {

struct SetChanges {
  std::vector<std::string> add;  // sorted
  std::vector<std::string> del;  // sorted
};

struct SetPlan {
  std::map<std::string, SetChanges> by_set;  // set name -> changes; only non-empty ones
  bool empty() const { return by_set.empty(); }
  size_t size() const;  // entries added plus deleted
};

class SetTable {
 public:
  // Replaces what is known of set `name` (from the kernel).
  void Reset(const std::string& name, const std::set<std::string>& members);
  void Clear() { sets_.clear(); }
  bool Has(const std::string& set, const std::string& text) const;
  // Records a plan the kernel accepted.
  void Apply(const SetPlan& plan);
  template <typename F>
  void ForEach(F&& f) const {
    for (const auto& [name, members] : sets_) {
      for (const std::string& m : members) f(name, m);
    }
  }
  size_t size(const std::string& set) const;

 private:
  std::unordered_map<std::string, std::unordered_set<std::string>> sets_;
};

SetPlan PlanSetsFull(const DesiredState& desired, const SetTable& table);
SetPlan PlanSetChanges(const DesiredState& desired, const SetTable& table,
                       std::span<const SetEntry> changed);

}  // namespace ki::proxy
