// Reading `iptables-save -t TABLE` output, and the small restore inputs that
// maintain the proxy's hooks: the jumps from built-in chains (inserted only
// where missing) and the removal of everything the proxy made. Pure;
// thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pkg/netfilter/iptables_chains.h"

namespace ki::netfilter {

// One table of iptables-save output.
struct SavedTable {
  std::string table;
  std::vector<std::string> chains;  // every chain declared (":NAME POLICY [p:b]"), in order
  std::vector<std::string> rules;   // every "-A CHAIN ..." line, as printed
};

// The section of text for table (an empty SavedTable when the table is not there).
SavedTable ParseIptablesSave(std::string_view text, std::string_view table);

// ProxyJumps() of saved.table that saved does not contain.
std::vector<JumpRule> MissingJumps(const SavedTable& saved);

// "*nat\n-I OUTPUT 1 -m comment --comment \"...\" -j KUBE-SERVICES\nCOMMIT\n...":
// each jump put first in its chain, in the order given (so of several jumps
// from one chain the last given ends up first, as upstream's EnsureRule(Prepend)
// leaves them). Empty for no jumps.
std::string RenderInsertJumps(const std::vector<JumpRule>& jumps);

// What RenderRemoval does to one table.
struct Removal {
  std::string table;
  int jumps = 0;                    // jump rules deleted
  std::vector<std::string> chains;  // the proxy's chains deleted
  std::vector<std::string> kept;    // the proxy's chains only flushed: another chain jumps there
};

// A restore input (one transaction per table) that deletes every proxy jump
// from the built-in chains (each copy), flushes the proxy's chains that exist
// and deletes them, except one that a rule outside them still references
// (deleting it would fail the whole table). Nothing else is touched; a table
// with nothing of the proxy's is left out. report: one Removal per table given.
std::string RenderRemoval(const std::vector<SavedTable>& tables, std::vector<Removal>* report);

}  // namespace ki::netfilter
