// The text path, kept as the judge of the netlink one: the `ipset restore
// -exist` input that creates and updates the proxy's sets exactly as
// Ipset::Update does, and the parser of `ipset save` output. The VM tests
// restore the one and compare the other with what the netlink Ipset wrote
// and listed; the benchmarks measure the text a sync would have been.
// Pure; thread-safe.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "pkg/base/status.h"
#include "pkg/netfilter/ipset_types.h"

namespace ki::netfilter {

// `create` lines exactly as upstream kube-proxy creates its sets
// (pkg/proxy/ipvs/ipset/ipset.go createSet):
//   create KUBE-CLUSTER-IP hash:ip,port family inet hashsize 1024 maxelem 65536
//   create KUBE-NODE-PORT-TCP bitmap:port range 0-65535
// No `comment` extension: the kernel compares extensions when -exist meets an
// existing set, so a set made by upstream (without it) would refuse ours.
// Then, per delta, its `del` lines before its `add` lines (deletions first
// keep a nearly full set under maxelem).
std::string RenderIpsetRestore(const std::vector<SetSpec>& create,
                               const std::vector<SetDelta>& deltas);

// `ipset save` (or `ipset list -o save`) output -> sets by name, with
// members as printed. only: the names to keep (all when empty). Lines other
// than create/add are kInternal errors (the format is ipset's, not a user's).
Result<std::map<std::string, SavedSet>> ParseIpsetSave(std::string_view text,
                                                       const std::set<std::string>& only = {});

}  // namespace ki::netfilter
