#include "pkg/proxy/kernel_table.h"

#include <algorithm>

namespace ki::proxy {
namespace {

std::vector<KernelDest>::iterator Locate(std::vector<KernelDest>& v, const KernelDest& d) {
  return std::lower_bound(v.begin(), v.end(), d);
}

bool Same(const KernelDest& a, const KernelDest& b) { return a.addr == b.addr && a.port == b.port; }

}  // namespace

KernelDest KernelDest::From(const ipvs::Destination& d) {
  return {d.addr,         d.port,           d.fwd, d.weight, d.u_threshold, d.l_threshold,
          d.active_conns, d.inactive_conns, true};
}

void KernelTable::Put(const ipvs::Service& s, std::span<const ipvs::Destination> dests) {
  KernelServer ks;
  ks.service = s;
  ks.service.stats = ipvs::Stats{};
  ks.dests.reserve(dests.size());
  for (const ipvs::Destination& d : dests) ks.dests.push_back(KernelDest::From(d));
  std::sort(ks.dests.begin(), ks.dests.end());
  servers_[s.key] = std::move(ks);
}

void KernelTable::Record(const ipvs::Op& op) {
  using Kind = ipvs::Op::Kind;
  if (op.kind == Kind::kAddService) {
    Put(op.service, {});
    return;
  }
  auto it = servers_.find(op.service.key);
  if (it == servers_.end()) return;
  if (op.kind == Kind::kUpdateService) {
    it->second.service = op.service;
    return;
  }
  if (op.kind == Kind::kDeleteService) {
    servers_.erase(it);
    return;
  }
  std::vector<KernelDest>& dests = it->second.dests;
  const KernelDest d = KernelDest::From(op.dest);
  auto pos = Locate(dests, d);
  const bool found = pos != dests.end() && Same(*pos, d);
  if (op.kind == Kind::kDeleteDest) {
    if (found) dests.erase(pos);
  } else if (found) {
    // Keep the observed counts: an update changes configuration only.
    pos->fwd = d.fwd;
    pos->weight = d.weight;
    pos->u_threshold = d.u_threshold;
    pos->l_threshold = d.l_threshold;
  } else {
    KernelDest added = d;
    added.counted = false;
    dests.insert(pos, added);
  }
}

void KernelTable::SetBound(std::span<const ipvs::IpAddress> addrs) {
  bound_.clear();
  bound_.insert(addrs.begin(), addrs.end());
}

void KernelTable::MarkBound(const ipvs::IpAddress& a, bool bound) {
  if (bound) {
    bound_.insert(a);
  } else {
    bound_.erase(a);
  }
}

const KernelServer* KernelTable::Find(const ipvs::ServiceKey& key) const {
  auto it = servers_.find(key);
  return it == servers_.end() ? nullptr : &it->second;
}

}  // namespace ki::proxy
