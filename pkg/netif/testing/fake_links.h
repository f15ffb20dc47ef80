// An in-memory Links with the kernel's semantics, for tests of code that
// manages kube-ipvs0 and the local routes (the engine, the daemon, cleanup):
// EnsureDummy creates a down dummy link or adopts one and refuses other
// kinds; a bind of a bound address and an unbind of a missing one succeed;
// an unbind matches an IPv4 address whatever its prefix and an IPv6 one at
// /128 only; the proxy's local routes live on lo, apart from every link, and
// a same-prefix route of another tool (AddForeignRoute) is never listed or
// deleted, sits beside an IPv4 one of ours and blocks an IPv6 one; errors
// carry the same messages as the netlink implementation. Not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "pkg/netif/links.h"

namespace ki::netif::testing {

// How many times each method ran (tests assert "one listing per sync").
struct FakeCalls {
  size_t ensure = 0, remove = 0, list_bound = 0, bind = 0, unbind = 0, list_other = 0;
  size_t bind_requests = 0, unbind_requests = 0;  // addresses sent, over all batches
  size_t list_routes = 0, add_route = 0, delete_route = 0;
};

class FakeLinks final : public Links {
 public:
  FakeLinks() = default;
  FakeLinks(const FakeLinks&) = delete;
  FakeLinks& operator=(const FakeLinks&) = delete;

  Result<LinkState> EnsureDummy(std::string_view name) override;
  Status DeleteDummy(std::string_view name) override;
  Result<std::vector<IpAddress>> ListBound(std::string_view name) override;
  Result<BatchResult> Bind(std::string_view name, std::span<const IpAddress> addrs) override;
  Result<BatchResult> Unbind(std::string_view name, std::span<const IpAddress> addrs) override;
  Result<std::vector<LocalAddress>> ListOtherAddresses(std::string_view except) override;
  Result<std::vector<LocalRoute>> ListLocalRoutes() override;
  Status AddLocalRoute(const LocalRoute& route) override;
  Status DeleteLocalRoute(const LocalRoute& route) override;

  // Test hooks (the fake is test-only code, so these live here, not behind
  // switches in the real implementation).
  // A link as another tool made it (kind "" for a physical device); returns its index.
  int AddLink(std::string_view name, std::string_view kind, bool up);
  // An address on an existing link (no-op for a missing link).
  void AddAddress(std::string_view link, const IpAddress& a, uint8_t prefix_len,
                  uint8_t scope = kScopeUniverse);
  // Removes a link behind the caller's back (drift).
  void RemoveLink(std::string_view name) { links_.erase(std::string(name)); }
  // Every later bind or unbind of `a` gets this errno from the "kernel" (0 clears).
  void InjectError(const IpAddress& a, int err);
  // A local route of another protocol through lo in table local, as
  // `ip route add local ... dev lo table local proto static` leaves it.
  void AddForeignRoute(const LocalRoute& r) { foreign_routes_.insert(r); }
  bool HasForeignRoute(const LocalRoute& r) const { return foreign_routes_.contains(r); }
  // Every later add or delete of `r` gets this errno from the "kernel" (0 clears).
  void InjectRouteError(const LocalRoute& r, int err);
  // Every later call fails with this transport error (ok clears).
  void set_transport_error(Status s) { transport_error_ = std::move(s); }
  bool Exists(std::string_view name) const { return links_.contains(std::string(name)); }
  const FakeCalls& calls() const { return calls_; }

 private:
  struct Link {
    int index = 0;
    std::string kind;
    bool up = false;
    std::map<std::pair<IpAddress, uint8_t>, uint8_t> addrs;  // (address, prefix) -> scope
  };
  Link* Find(std::string_view name);
  int Injected(const IpAddress& a) const;
  int BindOne(Link& l, const IpAddress& a) const;
  int UnbindOne(Link& l, const IpAddress& a) const;

  std::map<std::string, Link, std::less<>> links_;
  std::map<IpAddress, int> errors_;
  std::set<LocalRoute> routes_;          // the proxy's, sorted as ListLocalRoutes returns them
  std::set<LocalRoute> foreign_routes_;  // other protocols'
  std::map<LocalRoute, int> route_errors_;
  int next_index_ = 2;  // 1 is lo's in every namespace
  Status transport_error_;
  FakeCalls calls_;
};

}  // namespace ki::netif::testing
