#include "pkg/proxy/endpoints.h"

#include <algorithm>
#include <tuple>

namespace ki::proxy {
namespace {

k8s::AddressType TypeFor(uint16_t family) {
  return family == ipvs::kAfInet6 ? k8s::AddressType::kIPv6 : k8s::AddressType::kIPv4;
}

// The slice's port number for the Service port, or 0 when the slice has none.
uint16_t SlicePort(const StoredSlice& slice, const k8s::ServicePort& port) {
  for (const k8s::EndpointPort& p : slice.ports) {
    if (p.name == port.name && p.protocol == port.protocol && p.port) {
      return static_cast<uint16_t>(*p.port);
    }
  }
  return 0;
}

// Orders candidates by real server, then best first: ready, serving, not
// terminating, local, and finally by hints, so the one kept for an address in
// several slices never depends on the order the slices arrived in.
bool Better(const Candidate& a, const Candidate& b) {
  if (!(a.rs == b.rs)) return a.rs < b.rs;
  auto rank = [](const Candidate& c) {
    return std::tuple(!c.ready, !c.serving, c.terminating, !c.local);
  };
  if (rank(a) != rank(b)) return rank(a) < rank(b);
  static const std::vector<std::string> kNone;
  return *(a.hint_zones ? a.hint_zones : &kNone) < *(b.hint_zones ? b.hint_zones : &kNone);
}

// Sorts and keeps the best candidate per address:port (slices overlap while
// the controller moves endpoints between them).
void Dedupe(std::vector<Candidate>& cands) {
  // std:: rather than std::ranges:: algorithms: clang-tidy's clang 14 cannot
  // parse libstdc++ 12's ranges::unique.
  std::sort(cands.begin(), cands.end(), Better);
  auto dup = std::unique(cands.begin(), cands.end(),
                         [](const Candidate& a, const Candidate& b) { return a.rs == b.rs; });
  cands.erase(dup, cands.end());
}

// upstream canUseTopology: hints apply only when complete and useful here.
bool UseZoneHints(std::span<const Candidate> cands, const std::string& zone) {
  if (zone.empty()) return false;
  bool for_zone = false;
  for (const Candidate& c : cands) {
    if (!c.ready) continue;
    if (c.hint_zones == nullptr || c.hint_zones->empty()) return false;
    for_zone = for_zone || std::ranges::find(*c.hint_zones, zone) != c.hint_zones->end();
  }
  return for_zone;
}

bool HintedFor(const Candidate& c, const std::string& zone) {
  return c.hint_zones != nullptr && std::ranges::find(*c.hint_zones, zone) != c.hint_zones->end();
}

}  // namespace

std::vector<Candidate> CollectCandidates(std::span<const StoredSlice* const> slices,
                                         const k8s::ServicePort& port, uint16_t family,
                                         const std::string& hostname) {
  std::vector<Candidate> out;
  for (const StoredSlice* slice : slices) {
    if (slice->address_type != TypeFor(family)) continue;
    const uint16_t target = SlicePort(*slice, port);
    if (target == 0) continue;
    for (const StoredEndpoint& ep : slice->endpoints) {
      if (ep.addr.family != family) continue;
      Candidate c;
      c.rs = RealServer{ep.addr, target, 1};
      c.ready = ep.conditions.IsReady();
      c.serving = ep.conditions.IsServing();
      c.terminating = ep.conditions.IsTerminating();
      c.local = !hostname.empty() && ep.node != nullptr && *ep.node == hostname;
      c.hint_zones = ep.hint_zones;
      out.push_back(c);
    }
  }
  Dedupe(out);
  return out;
}

std::vector<RealServer> ChooseEndpoints(std::span<const Candidate> candidates, bool local_only,
                                        const std::string& node_zone) {
  const bool zones = !local_only && UseZoneHints(candidates, node_zone);
  std::vector<RealServer> out;
  for (const Candidate& c : candidates) {
    if (c.ready && (!local_only || c.local) && (!zones || HintedFor(c, node_zone))) {
      out.push_back(c.rs);
    }
  }
  if (out.empty()) {
    for (const Candidate& c : candidates) {
      if (c.serving && c.terminating && (!local_only || c.local)) out.push_back(c.rs);
    }
  }
  return out;  // sorted, because the candidates are
}

}  // namespace ki::proxy
