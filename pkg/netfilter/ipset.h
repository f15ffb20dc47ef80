// The kernel's ipsets, as the proxy reaches them: one save, one restore
// script, one destroy — each a single `ipset` process in the exec
// implementation (never one process per entry). testing/fake_ipset.h is the
// in-memory one. Implementations need not be thread-safe.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pkg/base/status.h"
#include "pkg/netfilter/ipset_types.h"

namespace ki::netfilter {

class Ipset {
 public:
  virtual ~Ipset() = default;

  // The sets named in only_sets (every set when empty); names that do not
  // exist are simply absent from the result.
  virtual Result<std::map<std::string, SavedSet>> Save(
      const std::vector<std::string>& only_sets) = 0;

  // Runs a RenderIpsetRestore() script with -exist semantics. Not atomic:
  // when a line fails, lines before it may have been applied (ipset sends
  // them in batches) and none after it are; callers resynchronise fully.
  virtual Status Restore(std::string_view script) = 0;

  // Destroys the sets, in order. Each must exist and be unreferenced (an
  // iptables rule matching a set keeps it alive: delete the rules first).
  virtual Status Destroy(const std::vector<std::string>& sets) = 0;
};

// Runs ipset at path, or the one FindProgram("ipset") finds when path is empty
// (kNotFound when there is none).
Result<std::unique_ptr<Ipset>> NewExecIpset(std::string path = "");

}  // namespace ki::netfilter
