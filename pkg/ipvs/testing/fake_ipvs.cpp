#include "pkg/ipvs/testing/fake_ipvs.h"

#include <algorithm>
#include <cerrno>

#include "pkg/ipvs/errors.h"

namespace ki::ipvs::testing {

const std::set<std::string>& KnownSchedulers() {
  static const std::set<std::string> kNames = {"rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh",
                                               "sh", "sed", "nq", "fo",  "ovf",  "mh",    "twos"};
  return kNames;
}

FakeIpvs::Entry* FakeIpvs::Find(const ServiceKey& k) {
  for (Entry& e : table_) {
    if (e.service.key == k) return &e;
  }
  return nullptr;
}

// The validation the kernel does before touching its table.
Status FakeIpvs::Check(const Op& op) {
  if (unavailable_) return IpvsUnavailable("fake: no IPVS");
  const bool svc_write = op.kind == Op::Kind::kAddService || op.kind == Op::Kind::kUpdateService;
  if (svc_write) {
    const Service& s = op.service;
    if (s.scheduler.size() >= 16) return KernelError(op.kind, EINVAL, op.Describe());
    if (!KnownSchedulers().contains(s.scheduler)) {
      return KernelError(op.kind, ENOENT, op.Describe());
    }
    if (s.key.af == kAfInet6 && (s.netmask < 1 || s.netmask > 128)) {
      return KernelError(op.kind, EINVAL, op.Describe());
    }
  }
  return Status::Ok();
}

Status FakeIpvs::Do(const Op& op) {
  log_.push_back(op.Describe());
  KI_RETURN_IF_ERROR(Check(op));
  Entry* e = Find(op.service.key);
  switch (op.kind) {
    case Op::Kind::kAddService: {
      if (e) return KernelError(op.kind, EEXIST, op.Describe());
      Entry n{op.service, {}};
      n.service.flags |= kFlagHashed;
      n.service.stats = Stats{};
      table_.push_back(std::move(n));
      return Status::Ok();
    }
    case Op::Kind::kUpdateService: {
      if (!e) return KernelError(op.kind, ESRCH, op.Describe());
      Stats keep = e->service.stats;
      e->service = op.service;
      e->service.flags |= kFlagHashed;
      e->service.stats = keep;
      return Status::Ok();
    }
    case Op::Kind::kDeleteService:
      if (!e) return KernelError(op.kind, ESRCH, op.Describe());
      table_.erase(table_.begin() + (e - table_.data()));
      return Status::Ok();
    default:
      break;
  }
  if (!e) return KernelError(op.kind, ESRCH, op.Describe());
  if (op.kind == Op::Kind::kAddDest) return AddDest(*e, op);
  if (op.kind == Op::Kind::kUpdateDest) return UpdateDest(*e, op);
  return DeleteDest(*e, op);
}

static std::vector<Destination>::iterator FindDest(std::vector<Destination>& v,
                                                   const Destination& d) {
  return std::find_if(v.begin(), v.end(),
                      [&](const Destination& x) { return x.addr == d.addr && x.port == d.port; });
}

Status FakeIpvs::AddDest(Entry& e, const Op& op) {
  if (FindDest(e.dests, op.dest) != e.dests.end()) {
    return KernelError(op.kind, EEXIST, op.Describe());
  }
  if (op.dest.addr.family != e.service.key.af && op.dest.fwd != FwdMethod::kTunnel) {
    return KernelError(op.kind, EINVAL, op.Describe());
  }
  Destination d = op.dest;
  d.active_conns = d.inactive_conns = d.persist_conns = 0;
  d.stats = Stats{};
  e.dests.push_back(d);
  return Status::Ok();
}

Status FakeIpvs::UpdateDest(Entry& e, const Op& op) {
  auto it = FindDest(e.dests, op.dest);
  if (it == e.dests.end()) return KernelError(op.kind, ENOENT, op.Describe());
  Destination d = op.dest;
  d.active_conns = it->active_conns;
  d.inactive_conns = it->inactive_conns;
  d.persist_conns = it->persist_conns;
  d.stats = it->stats;
  *it = d;
  return Status::Ok();
}

Status FakeIpvs::DeleteDest(Entry& e, const Op& op) {
  auto it = FindDest(e.dests, op.dest);
  if (it == e.dests.end()) return KernelError(op.kind, ENOENT, op.Describe());
  e.dests.erase(it);
  return Status::Ok();
}

Status FakeIpvs::SetTimeouts(const Timeouts& t) {
  if (unavailable_) return IpvsUnavailable("fake: no IPVS");
  if (t.tcp) timeouts_.tcp = t.tcp;
  if (t.tcp_fin) timeouts_.tcp_fin = t.tcp_fin;
  if (t.udp) timeouts_.udp = t.udp;
  return Status::Ok();
}

Status FakeIpvs::Flush() {
  if (unavailable_) return IpvsUnavailable("fake: no IPVS");
  log_.push_back("flush");
  table_.clear();
  return Status::Ok();
}

Status FakeIpvs::AddService(const Service& s) { return Do(Op::AddService(s)); }
Status FakeIpvs::UpdateService(const Service& s) { return Do(Op::UpdateService(s)); }
Status FakeIpvs::DeleteService(const ServiceKey& k) { return Do(Op::DeleteService(k)); }
Status FakeIpvs::AddDestination(const ServiceKey& k, const Destination& d) {
  return Do(Op::AddDest(k, d));
}
Status FakeIpvs::UpdateDestination(const ServiceKey& k, const Destination& d) {
  return Do(Op::UpdateDest(k, d));
}
Status FakeIpvs::DeleteDestination(const ServiceKey& k, const Destination& d) {
  return Do(Op::DeleteDest(k, d));
}

Result<Service> FakeIpvs::GetService(const ServiceKey& k) {
  if (unavailable_) return IpvsUnavailable("fake: no IPVS");
  Entry* e = Find(k);
  if (!e) return KernelReadError(ESRCH, "get service " + k.ToString());
  return e->service;
}

Result<std::vector<Service>> FakeIpvs::ListServices() {
  if (unavailable_) return IpvsUnavailable("fake: no IPVS");
  std::vector<Service> out;
  for (const Entry& e : table_) out.push_back(e.service);
  return out;
}

Result<std::vector<Destination>> FakeIpvs::ListDestinations(const ServiceKey& k) {
  if (unavailable_) return IpvsUnavailable("fake: no IPVS");
  Entry* e = Find(k);
  // Like the kernel's dump: an unknown service lists as empty, not as an error.
  if (!e) return std::vector<Destination>{};
  return e->dests;
}

Result<BatchResult> FakeIpvs::Apply(std::span<const Op> ops) {
  if (unavailable_) return IpvsUnavailable("fake: no IPVS");
  BatchResult r;
  for (const Op& op : ops) r.statuses.push_back(Do(op));
  return r;
}

}  // namespace ki::ipvs::testing
