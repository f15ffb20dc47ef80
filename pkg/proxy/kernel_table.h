// The engine's cache of the kernel: virtual servers with their real servers
// (configuration and connection counts as last observed) and the addresses on
// kube-ipvs0. Filled from a dump (observe step), kept current by recording
// each applied operation, and read by the diff. Not thread-safe.
#pragma once

#include <span>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "pkg/ipvs/ipvs.h"
#include "pkg/proxy/keys.h"

namespace ki::proxy {

// A real server as the kernel has it: what the diff compares, plus the
// connection counts graceful termination waits on.
struct KernelDest {
  ipvs::IpAddress addr;
  uint16_t port = 0;
  ipvs::FwdMethod fwd = ipvs::FwdMethod::kMasq;
  uint32_t weight = 0;
  uint32_t u_threshold = 0;
  uint32_t l_threshold = 0;
  uint32_t active_conns = 0;
  uint32_t inactive_conns = 0;
  // False for a real server the engine added since the last observation: its
  // connection counts are unknown, so graceful termination must not read 0.
  bool counted = true;

  static KernelDest From(const ipvs::Destination& d);
  // Same as what the engine programs for rs (masquerade, no thresholds).
  bool Matches(const RealServer& rs) const {
    return fwd == ipvs::FwdMethod::kMasq && weight == rs.weight && u_threshold == 0 &&
           l_threshold == 0;
  }
  bool operator<(const KernelDest& o) const {
    return addr != o.addr ? addr < o.addr : port < o.port;
  }
};

struct KernelServer {
  ipvs::Service service;          // configuration; counters unused
  std::vector<KernelDest> dests;  // sorted by address and port
};

class KernelTable {
 public:
  KernelTable() = default;

  // Replaces the virtual server at s.key and its real servers (from a dump).
  void Put(const ipvs::Service& s, std::span<const ipvs::Destination> dests);
  void Erase(const ipvs::ServiceKey& key) { servers_.erase(key); }
  // Records an operation the kernel accepted.
  void Record(const ipvs::Op& op);
  // The addresses kube-ipvs0 holds (from a listing, or after bind/unbind).
  void SetBound(std::span<const ipvs::IpAddress> addrs);
  void MarkBound(const ipvs::IpAddress& a, bool bound);

  const KernelServer* Find(const ipvs::ServiceKey& key) const;
  bool IsBound(const ipvs::IpAddress& a) const { return bound_.contains(a); }
  size_t size() const { return servers_.size(); }
  template <typename F>
  void ForEach(F&& f) const {
    for (const auto& [key, server] : servers_) f(server);
  }
  template <typename F>
  void ForEachBound(F&& f) const {
    for (const ipvs::IpAddress& a : bound_) f(a);
  }

 private:
  std::unordered_map<ipvs::ServiceKey, KernelServer, KeyHash> servers_;
  std::unordered_set<ipvs::IpAddress, KeyHash> bound_;
};

}  // namespace ki::proxy
