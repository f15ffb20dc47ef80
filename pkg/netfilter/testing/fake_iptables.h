// In-memory Iptables that runs restore inputs the way iptables-restore
// --noflush does, as far as the proxy's texts go: tables with their built-in
// chains; ":CHAIN" creates a chain or flushes an existing one; -A, -I [N],
// -D (the rule must exist), -F, -X (the chain must exist, be empty and
// unreferenced); a jump's target must be a chain or a standard target; a
// "--match-set NAME" must name an existing set (when set_exists is given);
// each table commits at COMMIT, a failing line drops that table's changes.
// Save prints iptables-save's layout (without counters). Rules are kept as
// written (the real tool normalises some, which the proxy does not rely on
// except for jumps, written in saved form). Generation() counts committed
// tables, as nf_tables' generation counts transactions. Not thread-safe.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "pkg/netfilter/iptables.h"

namespace ki::netfilter::testing {

class FakeIptables final : public Iptables {
 public:
  FakeIptables();

  Result<std::string> Save(std::string_view table) override;
  Status Restore(std::string_view text) override;
  Result<uint64_t> Generation() override;

  // Rules ("-A CHAIN spec") of one chain, in order; empty when it does not exist.
  std::vector<std::string> Rules(std::string_view table, std::string_view chain) const;
  bool HasChain(std::string_view table, std::string_view chain) const;
  // How many rules match set `name` (for FakeIpset::set_references).
  int SetReferences(const std::string& name) const;

  void set_set_exists(std::function<bool(const std::string&)> f) { set_exists_ = std::move(f); }
  void FailNextRestore(Status s) { fail_next_ = std::move(s); }
  // An unrelated transaction of another writer: the generation moves, the
  // rules stay.
  void BumpGeneration() { ++generation_; }
  // Generation() fails with s (ok: it works again), as without the kernel support.
  void set_generation_error(Status s) { generation_error_ = std::move(s); }
  int generation_reads() const { return generation_reads_; }
  int restore_calls() const { return restore_calls_; }
  int save_calls() const { return save_calls_; }
  const std::vector<std::string>& restores() const { return restores_; }

  struct Chain {
    std::string name;
    bool builtin = false;
    std::vector<std::string> rules;  // specs after "-A CHAIN "
  };
  using Table = std::vector<Chain>;  // in creation order, as iptables-save lists them

 private:
  Status Line(Table& t, std::string_view line);

  std::map<std::string, Table, std::less<>> tables_;
  std::function<bool(const std::string&)> set_exists_;
  Status fail_next_;
  int restore_calls_ = 0;
  int save_calls_ = 0;
  uint64_t generation_ = 1;
  Status generation_error_;
  int generation_reads_ = 0;
  std::vector<std::string> restores_;
};

}  // namespace ki::netfilter::testing
