// In-memory Ipset with the kernel's semantics where callers can tell: set
// types and families, -exist (re-create with the same type and family, add a
// present entry, delete a missing one), names of at most 31 characters,
// members stored as ipset prints them (CanonicalEntry), every request of an
// Update or Destroy attempted and the first failure returned, and a set that
// something references cannot be destroyed. Stricter than the kernel in one
// way: entries for a set of another type than the delta says are refused
// (the kernel may read them as entries of its own type). Not thread-safe.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "pkg/netfilter/ipset.h"

namespace ki::netfilter::testing {

class FakeIpset final : public Ipset {
 public:
  Result<std::map<std::string, SavedSet>> List(const std::vector<std::string>& names) override;
  Status Update(const std::vector<SetSpec>& create, const std::vector<SetDelta>& deltas) override;
  Status Destroy(const std::vector<std::string>& names) override;

  // How many kernel users (iptables rules) hold a set; default: none. Tests
  // of cleanup wire it to FakeIptables::SetReferences.
  void set_references(std::function<int(const std::string&)> f) { references_ = std::move(f); }
  // The next Update fails with this status before doing anything.
  void FailNextUpdate(Status s) { fail_next_ = std::move(s); }

  const std::map<std::string, SavedSet>& sets() const { return sets_; }
  // Changes made behind the proxy's back (another tool, an operator).
  std::map<std::string, SavedSet>& mutable_sets() { return sets_; }
  int update_calls() const { return update_calls_; }
  int list_calls() const { return list_calls_; }
  // What the last Update asked for.
  const std::vector<SetSpec>& last_create() const { return last_create_; }
  const std::vector<SetDelta>& last_deltas() const { return last_deltas_; }

 private:
  Status Create(const SetSpec& spec);
  Status Apply(const SetDelta& d);
  Status DestroyOne(const std::string& name);

  std::map<std::string, SavedSet> sets_;
  std::function<int(const std::string&)> references_;
  Status fail_next_;
  int update_calls_ = 0;
  int list_calls_ = 0;
  std::vector<SetSpec> last_create_;
  std::vector<SetDelta> last_deltas_;
};

}  // namespace ki::netfilter::testing
