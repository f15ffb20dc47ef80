// iptables of one family, as the proxy reaches it: save one table, restore a
// text — each one process of the backend's tools. Everything the proxy does
// (its rules, the jumps into them, their removal) is a restore input from
// iptables_rules.h / iptables_script.h, so each step is one process and, per
// table, one transaction. testing/fake_iptables.h is the in-memory one.
// Implementations need not be thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pkg/base/status.h"
#include "pkg/netfilter/iptables_backend.h"
#include "pkg/netfilter/iptables_script.h"

namespace ki::netfilter {

class Iptables {
 public:
  virtual ~Iptables() = default;

  // `iptables-save -t table`.
  virtual Result<std::string> Save(std::string_view table) = 0;

  // `iptables-restore --noflush`: each table in text is committed at its
  // COMMIT as a whole or not at all; chains the text does not declare keep
  // their rules, chains it declares are flushed first.
  virtual Status Restore(std::string_view text) = 0;

  // A value that moves whenever a rule of this family's nat or filter table
  // may have changed, read without a process (rules_generation.h); an error
  // when the kernel cannot say, and then callers read the rules instead.
  virtual Result<uint64_t> Generation() = 0;
};

// Runs the backend's tools (with -w 5 -W 100000 when SupportsRestoreWait).
std::unique_ptr<Iptables> NewExecIptables(const Backend& backend);

// The nat and filter tables, as `iptables-save -t` prints them (two saves).
Result<std::vector<SavedTable>> SaveProxyTables(Iptables& iptables);

// Puts the ProxyJumps() missing from the built-in chains first in them (one
// restore, none when nothing is missing); returns how many it inserted.
// `saved` is SaveProxyTables() of now, so a caller that read the tables for
// another reason does not read them again; the one-argument form reads them
// itself. Call at start and on full syncs, after the proxy's rules were
// restored (a jump needs its target chain).
Result<int> EnsureJumps(Iptables& iptables, const std::vector<SavedTable>& saved);
Result<int> EnsureJumps(Iptables& iptables);

}  // namespace ki::netfilter
