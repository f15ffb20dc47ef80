#include "pkg/proxy/plan.h"

#include <algorithm>

#include "pkg/proxy/graceful.h"

namespace ki::proxy {
namespace {

// Collects operations in the three ordered groups the header promises.
struct PlanBuilder {
  std::vector<ipvs::Op> first;    // creates, updates, adds, restores
  std::vector<ipvs::Op> removal;  // drains and real-server deletes
  std::vector<ipvs::Op> last;     // virtual-server deletes
  std::vector<ipvs::ServiceKey> draining;
};

ipvs::Destination ToDest(const KernelDest& d, uint32_t weight) {
  ipvs::Destination out;
  out.addr = d.addr;
  out.port = d.port;
  out.fwd = d.fwd;
  out.weight = weight;
  out.u_threshold = d.u_threshold;
  out.l_threshold = d.l_threshold;
  return out;
}

// One real server: the state machine's step turned into an operation.
void StepReal(const ipvs::ServiceKey& key, const RealServer* want, const KernelDest* have,
              PlanBuilder& b, bool& draining) {
  switch (NextStep(want, have, key.protocol)) {
    case RsStep::kNone:
      return;
    case RsStep::kAdd:
      b.first.push_back(ipvs::Op::AddDest(key, want->ToDestination()));
      return;
    case RsStep::kUpdate:
      b.first.push_back(ipvs::Op::UpdateDest(key, want->ToDestination()));
      return;
    case RsStep::kDrain:
      b.removal.push_back(ipvs::Op::UpdateDest(key, ToDest(*have, 0)));
      draining = true;
      return;
    case RsStep::kWait:
      draining = true;
      return;
    case RsStep::kDelete:
      b.removal.push_back(ipvs::Op::DeleteDest(key, ToDest(*have, have->weight)));
      return;
  }
}

// Walks both sorted lists once: O(real servers of this virtual server).
void DiffReals(const ipvs::ServiceKey& key, const std::vector<RealServer>& want,
               const std::vector<KernelDest>& have, PlanBuilder& b) {
  bool draining = false;
  size_t i = 0, j = 0;
  while (i < want.size() || j < have.size()) {
    const bool take_want =
        j == have.size() ||
        (i < want.size() && (want[i].addr != have[j].addr ? want[i].addr < have[j].addr
                                                          : want[i].port <= have[j].port));
    const bool both = take_want && j < have.size() && want[i].addr == have[j].addr &&
                      want[i].port == have[j].port;
    if (both) {
      StepReal(key, &want[i++], &have[j++], b, draining);
    } else if (take_want) {
      StepReal(key, &want[i++], nullptr, b, draining);
    } else {
      StepReal(key, nullptr, &have[j++], b, draining);
    }
  }
  if (draining) b.draining.push_back(key);
}

void DiffServer(const ipvs::ServiceKey& key, const VirtualServer* want, const KernelServer* have,
                const Ownership& own, PlanBuilder& b) {
  if (want == nullptr) {
    if (have != nullptr && own.MayRemove(key)) b.last.push_back(ipvs::Op::DeleteService(key));
    return;
  }
  if (have == nullptr) {
    b.first.push_back(ipvs::Op::AddService(want->service));
    for (const RealServer& rs : want->reals) {
      b.first.push_back(ipvs::Op::AddDest(key, rs.ToDestination()));
    }
    return;
  }
  if (!have->service.SameConfig(want->service)) {
    b.first.push_back(ipvs::Op::UpdateService(want->service));
  }
  DiffReals(key, want->reals, have->dests, b);
}

void DiffAddr(const ipvs::IpAddress& a, const DesiredState& want, const KernelTable& have,
              Plan& plan) {
  const bool w = want.WantsBound(a), h = have.IsBound(a);
  if (w && !h) plan.bind.push_back(a);
  if (!w && h) plan.unbind.push_back(a);
}

template <typename T, typename Less>
void SortUnique(std::vector<T>& v, Less less) {
  std::sort(v.begin(), v.end(), less);
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

Plan Finish(PlanBuilder& b, Plan plan) {
  plan.ops = std::move(b.first);
  plan.ops.insert(plan.ops.end(), b.removal.begin(), b.removal.end());
  plan.ops.insert(plan.ops.end(), b.last.begin(), b.last.end());
  plan.draining = std::move(b.draining);
  return plan;
}

Plan PlanKeys(const DesiredState& want, const KernelTable& have, std::vector<ipvs::ServiceKey> keys,
              std::vector<ipvs::IpAddress> addrs, const Ownership& own) {
  SortUnique(keys, KeyLess);
  SortUnique(addrs, std::less<>());
  PlanBuilder b;
  // Sized for the common large plan, a first sync: every server and real server added.
  if (keys.size() > 1024) b.first.reserve(keys.size() + want.real_server_count());
  for (const ipvs::ServiceKey& k : keys) DiffServer(k, want.Find(k), have.Find(k), own, b);
  Plan plan;
  for (const ipvs::IpAddress& a : addrs) DiffAddr(a, want, have, plan);
  return Finish(b, std::move(plan));
}

}  // namespace

Plan PlanChanges(const DesiredState& want, const KernelTable& have, const ChangeSet& changed,
                 const Ownership& own) {
  return PlanKeys(want, have, changed.keys, changed.addrs, own);
}

namespace {

// Every desired and every kernel virtual server, and every address either
// wants bound: what a full plan looks at.
std::pair<std::vector<ipvs::ServiceKey>, std::vector<ipvs::IpAddress>> FullScope(
    const DesiredState& want, const KernelTable& have) {
  std::vector<ipvs::ServiceKey> keys;
  keys.reserve(want.server_count() + have.size());
  want.ForEachKey([&](const ipvs::ServiceKey& k) { keys.push_back(k); });
  have.ForEach([&](const KernelServer& s) { keys.push_back(s.service.key); });
  std::vector<ipvs::IpAddress> addrs;
  want.ForEachBound([&](const ipvs::IpAddress& a) { addrs.push_back(a); });
  have.ForEachBound([&](const ipvs::IpAddress& a) { addrs.push_back(a); });
  return {std::move(keys), std::move(addrs)};
}

}  // namespace

Plan PlanFull(const DesiredState& want, const KernelTable& have, const Ownership& own) {
  auto [keys, addrs] = FullScope(want, have);
  return PlanKeys(want, have, std::move(keys), std::move(addrs), own);
}

Plan PlanFullStreamed(const DesiredState& want, const KernelTable& have, const Ownership& own,
                      size_t ops_per_run, const FirstOps& first) {
  auto [keys, addrs] = FullScope(want, have);
  SortUnique(keys, KeyLess);
  SortUnique(addrs, std::less<>());
  PlanBuilder b;
  for (size_t i = 0; i < keys.size(); ++i) {
    DiffServer(keys[i], want.Find(keys[i]), have.Find(keys[i]), own, b);
    const bool last = i + 1 == keys.size();
    if (b.first.empty() || (b.first.size() < ops_per_run && !last)) continue;
    // Each run's creations go out before the next run is planned: the
    // table (which `first` records them in) is then read only for keys
    // not yet planned.
    if (!first(b.first)) return Plan{};
    b.first.clear();
  }
  Plan plan;
  for (const ipvs::IpAddress& a : addrs) DiffAddr(a, want, have, plan);
  return Finish(b, std::move(plan));
}

}  // namespace ki::proxy
