#include "pkg/netif/testing/fake_links.h"

#include <cerrno>

#include "pkg/netif/errors.h"

namespace ki::netif::testing {
namespace {

constexpr char kDummy[] = "dummy";

}  // namespace

FakeLinks::Link* FakeLinks::Find(std::string_view name) {
  auto it = links_.find(name);
  return it == links_.end() ? nullptr : &it->second;
}

int FakeLinks::AddLink(std::string_view name, std::string_view kind, bool up) {
  Link& l = links_[std::string(name)];
  l.index = next_index_++;
  l.kind = std::string(kind);
  l.up = up;
  return l.index;
}

void FakeLinks::AddAddress(std::string_view link, const IpAddress& a, uint8_t prefix_len,
                           uint8_t scope) {
  if (Link* l = Find(link)) l->addrs[{a, prefix_len}] = scope;
}

void FakeLinks::InjectError(const IpAddress& a, int err) {
  if (err == 0) {
    errors_.erase(a);
  } else {
    errors_[a] = err;
  }
}

int FakeLinks::Injected(const IpAddress& a) const {
  auto it = errors_.find(a);
  return it == errors_.end() ? 0 : it->second;
}

Result<LinkState> FakeLinks::EnsureDummy(std::string_view name) {
  ++calls_.ensure;
  KI_RETURN_IF_ERROR(transport_error_);
  KI_RETURN_IF_ERROR(CheckLinkName(name));
  bool created = false;
  Link* l = Find(name);
  if (l == nullptr) {
    AddLink(name, kDummy, false);  // created down, as the real one
    l = Find(name);
    created = true;
  }
  if (l->kind != kDummy) return NotADummy(name, l->kind);
  return LinkState{l->index, l->up, created};
}

Status FakeLinks::DeleteDummy(std::string_view name) {
  ++calls_.remove;
  KI_RETURN_IF_ERROR(transport_error_);
  KI_RETURN_IF_ERROR(CheckLinkName(name));
  Link* l = Find(name);
  if (l == nullptr) return Status::Ok();
  if (l->kind != kDummy) return NotADummy(name, l->kind);
  RemoveLink(name);
  return Status::Ok();
}

Result<std::vector<IpAddress>> FakeLinks::ListBound(std::string_view name) {
  ++calls_.list_bound;
  KI_RETURN_IF_ERROR(transport_error_);
  KI_RETURN_IF_ERROR(CheckLinkName(name));
  Link* l = Find(name);
  if (l == nullptr) return NoSuchLink(name);
  std::vector<IpAddress> out;
  for (const auto& [key, scope] : l->addrs) {
    if (IsIpv6LinkLocal(key.first)) continue;
    if (out.empty() || out.back() != key.first) out.push_back(key.first);  // map order: sorted
  }
  return out;
}

// The kernel's answer to RTM_NEWADDR with NLM_F_EXCL.
int FakeLinks::BindOne(Link& l, const IpAddress& a) const {
  if (int err = Injected(a)) return err;
  auto [it, inserted] = l.addrs.try_emplace({a, HostPrefix(a)}, kScopeUniverse);
  return inserted ? 0 : EEXIST;
}

// The kernel's answer to RTM_DELADDR matched on IFA_LOCAL.
int FakeLinks::UnbindOne(Link& l, const IpAddress& a) const {
  if (int err = Injected(a)) return err;
  for (auto it = l.addrs.begin(); it != l.addrs.end(); ++it) {
    const bool prefix_ok = a.family == ipvs::kAfInet || it->first.second == 128;
    if (it->first.first == a && prefix_ok) {
      l.addrs.erase(it);
      return 0;
    }
  }
  return EADDRNOTAVAIL;
}

Result<BatchResult> FakeLinks::Bind(std::string_view name, std::span<const IpAddress> addrs) {
  ++calls_.bind;
  KI_RETURN_IF_ERROR(transport_error_);
  KI_RETURN_IF_ERROR(CheckLinkName(name));
  Link* l = Find(name);
  if (l == nullptr) return NoSuchLink(name);
  BatchResult res;
  for (const IpAddress& a : addrs) res.statuses.push_back(BindOutcome(BindOne(*l, a), a, name));
  calls_.bind_requests += addrs.size();
  return res;
}

Result<BatchResult> FakeLinks::Unbind(std::string_view name, std::span<const IpAddress> addrs) {
  ++calls_.unbind;
  KI_RETURN_IF_ERROR(transport_error_);
  KI_RETURN_IF_ERROR(CheckLinkName(name));
  BatchResult res;
  res.statuses.resize(addrs.size());
  Link* l = Find(name);
  if (l == nullptr) return res;
  for (size_t i = 0; i < addrs.size(); ++i) {
    res.statuses[i] = UnbindOutcome(UnbindOne(*l, addrs[i]), addrs[i], name);
  }
  calls_.unbind_requests += addrs.size();
  return res;
}

Result<std::vector<LocalAddress>> FakeLinks::ListOtherAddresses(std::string_view except) {
  ++calls_.list_other;
  KI_RETURN_IF_ERROR(transport_error_);
  KI_RETURN_IF_ERROR(CheckLinkName(except));
  std::vector<LocalAddress> out;
  for (const auto& [name, l] : links_) {
    if (name == except) continue;  // by name, as the real one (by its index)
    for (const auto& [key, scope] : l.addrs) out.push_back({key.first, key.second, l.index, scope});
  }
  return out;
}

void FakeLinks::InjectRouteError(const LocalRoute& r, int err) {
  if (err == 0) {
    route_errors_.erase(r);
  } else {
    route_errors_[r] = err;
  }
}

Result<std::vector<LocalRoute>> FakeLinks::ListLocalRoutes() {
  ++calls_.list_routes;
  KI_RETURN_IF_ERROR(transport_error_);
  return std::vector<LocalRoute>(routes_.begin(), routes_.end());
}

Status FakeLinks::AddLocalRoute(const LocalRoute& route) {
  ++calls_.add_route;
  KI_RETURN_IF_ERROR(transport_error_);
  KI_RETURN_IF_ERROR(CheckLocalRoute(route));
  if (auto it = route_errors_.find(route); it != route_errors_.end()) {
    return AddRouteOutcome(it->second, route);
  }
  if (routes_.contains(route)) return Status::Ok();
  // IPv6 keeps one route per prefix, metric and device; IPv4 adds ours beside.
  if (route.addr.family == ipvs::kAfInet6 && foreign_routes_.contains(route)) {
    return RouteConflict(route);
  }
  routes_.insert(route);
  return Status::Ok();
}

Status FakeLinks::DeleteLocalRoute(const LocalRoute& route) {
  ++calls_.delete_route;
  KI_RETURN_IF_ERROR(transport_error_);
  KI_RETURN_IF_ERROR(CheckLocalRoute(route));
  if (auto it = route_errors_.find(route); it != route_errors_.end()) {
    return DeleteRouteOutcome(it->second, route);
  }
  routes_.erase(route);
  return Status::Ok();
}

}  // namespace ki::netif::testing
