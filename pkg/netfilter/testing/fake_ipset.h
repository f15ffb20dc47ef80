// In-memory Ipset with the kernel's semantics where callers can tell: set
// types and families, -exist (re-create with the same type and family, add a
// present entry, delete a missing one), names of at most 31 characters,
// members stored as ipset prints them (CanonicalEntry), a failing line stops
// the script with the lines before it applied, and a set that something
// references cannot be destroyed. Not thread-safe.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "pkg/netfilter/ipset.h"

namespace ki::netfilter::testing {

class FakeIpset final : public Ipset {
 public:
  Result<std::map<std::string, SavedSet>> Save(const std::vector<std::string>& only_sets) override;
  Status Restore(std::string_view script) override;
  Status Destroy(const std::vector<std::string>& sets) override;

  // How many kernel users (iptables rules) hold a set; default: none. Tests
  // of cleanup wire it to FakeIptables::SetReferences.
  void set_references(std::function<int(const std::string&)> f) { references_ = std::move(f); }
  // The next Restore fails with this status before doing anything.
  void FailNextRestore(Status s) { fail_next_ = std::move(s); }

  const std::map<std::string, SavedSet>& sets() const { return sets_; }
  int restore_calls() const { return restore_calls_; }
  int save_calls() const { return save_calls_; }
  const std::vector<std::string>& scripts() const { return scripts_; }

 private:
  Status Line(std::string_view line);
  Status DestroyOne(const std::string& name);

  std::map<std::string, SavedSet> sets_;
  std::function<int(const std::string&)> references_;
  Status fail_next_;
  int restore_calls_ = 0;
  int save_calls_ = 0;
  std::vector<std::string> scripts_;
};

}  // namespace ki::netfilter::testing
