// Endpoint choice for one Service port (pure): which endpoints of its
// EndpointSlices become real servers, per reference.md section 5 and upstream
// topology.go. Thread-compatible.
//
//   cluster set: ready endpoints, narrowed by zone hints when every ready
//                endpoint has hints and one names this node's zone; if none is
//                ready, the serving-and-terminating ones.
//   local set:   ready endpoints on this node; if none, serving-and-terminating
//                ones on this node; and if still none, nothing (Local policy
//                means "drop", not upstream IPVS's fall-back to remote ones).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "pkg/k8s/objects.h"
#include "pkg/proxy/keys.h"
#include "pkg/proxy/stored_slice.h"

namespace ki::proxy {

// One endpoint of one Service port, flattened out of its slice.
struct Candidate {
  RealServer rs;
  bool ready = false;
  bool serving = false;
  bool terminating = false;
  bool local = false;
  const std::vector<std::string>* hint_zones = nullptr;  // interned (stored_slice.h)
};

// The candidates of the Service port (name, protocol) of one address family,
// from all of the Service's slices. An address in several slices counts once,
// the best preferred: ready, serving, not terminating, local (slices overlap
// while the controller moves endpoints; the choice never depends on slice order).
std::vector<Candidate> CollectCandidates(std::span<const StoredSlice* const> slices,
                                         const k8s::ServicePort& port, uint16_t family,
                                         const std::string& hostname);

// The real servers (sorted) for cluster-wide or node-local traffic.
std::vector<RealServer> ChooseEndpoints(std::span<const Candidate> candidates, bool local_only,
                                        const std::string& node_zone);

}  // namespace ki::proxy
