// Running checks the way kubeadm's preflight does: warnings printed as
// "\t[WARNING Name]: msg", errors fatal unless their check's name (any case)
// or "all" is in --ignore-preflight-errors, then printed as warnings; fatal
// errors come back as one Preflight status (exit 2) in kubeadm's words.
#pragma once

#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "pkg/base/status.h"
#include "pkg/preflight/finding.h"

namespace ki::preflight {

class IgnoreSet {
 public:
  bool Has(const std::string& check) const;
  bool all() const { return all_; }

 private:
  friend Result<IgnoreSet> ParseIgnorePreflightErrors(const std::vector<std::string>&);
  bool all_ = false;
  std::set<std::string> names_;  // lowercase
};

// Items from the flag (comma-separated) and nodeRegistration.ignorePreflightErrors.
// "all" mixed with individual names is an error, as in kubeadm.
Result<IgnoreSet> ParseIgnorePreflightErrors(const std::vector<std::string>& items);

// What a passing run let through: the errors --ignore-preflight-errors made
// warnings, in the order found (several per check possible).
struct PreflightOutcome {
  std::vector<Finding> ignored;
  // The names of the ignored checks, each once, in the order found.
  std::vector<std::string> IgnoredChecks() const;
};

// Runs every check, prints warnings to out, returns what was ignored or the
// fatal errors.
Result<PreflightOutcome> RunPreflightChecks(std::vector<std::unique_ptr<Check>>& checks,
                                            const IgnoreSet& ignore, std::ostream& out);

}  // namespace ki::preflight
