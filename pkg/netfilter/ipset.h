// The kernel's ipsets, as the proxy reaches them: list some sets, update
// (create what is missing, then delete and add entries), destroy. The
// production implementation speaks the kernel's nfnetlink ipset protocol
// (netlink_ipset.h: no process, many entries per message, many messages per
// system call); testing/fake_ipset.h is the in-memory one. Implementations
// need not be thread-safe.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "pkg/base/status.h"
#include "pkg/netfilter/ipset_types.h"

namespace ki::netfilter {

class Ipset {
 public:
  virtual ~Ipset() = default;

  // The named sets (every set when names is empty) with their members in the
  // text `ipset save` prints; names that do not exist are absent from the
  // result. Members of set types the proxy does not use are not decoded
  // (their SavedSet has no members).
  virtual Result<std::map<std::string, SavedSet>> List(const std::vector<std::string>& names) = 0;

  // With `ipset restore -exist` semantics, in this order: creates the sets
  // (one that exists with the same type, family and options is fine), then
  // per delta its deletions and then its additions (deleting a missing entry
  // and adding a present one are fine). Not atomic: after a failure some of
  // the work may be done; callers resynchronise fully. Entry text that does
  // not parse for the delta's type fails before anything is sent.
  virtual Status Update(const std::vector<SetSpec>& create,
                        const std::vector<SetDelta>& deltas) = 0;

  // Destroys the sets, in order. Each must exist and be unreferenced (an
  // iptables rule matching a set keeps it alive: delete the rules first).
  virtual Status Destroy(const std::vector<std::string>& names) = 0;
};

}  // namespace ki::netfilter
