// Removing everything the proxy put into netfilter, and nothing else: its
// jumps from the built-in chains, its chains in nat and filter (for each
// family given), then its sets — last, because a set that an iptables rule
// matches cannot be destroyed. What is already gone is fine. Not thread-safe
// (it drives the given interfaces).
#pragma once

#include <string>
#include <vector>

#include "pkg/base/status.h"
#include "pkg/netfilter/ipset.h"
#include "pkg/netfilter/iptables.h"
#include "pkg/netfilter/iptables_script.h"

namespace ki::netfilter {

struct CleanupReport {
  std::vector<Removal> tables;    // per family given, nat then filter
  std::vector<std::string> sets;  // the sets destroyed
};

// iptables: one per family present on the node (IPv4, IPv6), may be empty.
// ipset may be null (the kernel has no ip_set): the sets stay. One
// iptables-restore per family, one ipset list and one batch of destroys in
// all. On an error, what was removed before it stays removed.
Result<CleanupReport> CleanupNetfilter(const std::vector<Iptables*>& iptables, Ipset* ipset);

}  // namespace ki::netfilter
