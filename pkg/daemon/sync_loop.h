// One sync of the proxy: the engine's four steps against the kernel, with
// kube-ipvs0's addresses, the ipsets and iptables rules (NetfilterSync), the
// health-check node ports, and the health and metrics updates around them.
//   full:        build desired -> observe (one dump) + list kube-ipvs0 and the
//                proxy's local routes -> plan all -> apply
//   incremental: build desired -> refresh changed keys -> plan changes -> apply
// A start restores its rules on a second thread while IPVS is programmed
// (they depend on configuration only; their sets are created empty first).
// Apply's order keeps every address either served or refused: IPVS,
// addresses to bind, routes to remove, addresses to unbind, the ipsets and
// rules (with a routed CIDR's REJECT rule), routes to add, then the bound
// ClusterIPs a route now covers are unbound (the migration from /32s).
// Real servers left draining are planned again on later syncs until their
// connections are gone. Any failure returns an error; the caller's
// SyncPolicy then makes the next sync full. Not thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <future>
#include <string>
#include <vector>

#include "pkg/base/status.h"
#include "pkg/daemon/netfilter_sync.h"
#include "pkg/ipvs/ipvs.h"
#include "pkg/netif/links.h"
#include "pkg/proxy/engine.h"
#include "pkg/proxy/kernel_table.h"
#include "pkg/proxy/reconciler.h"
#include "pkg/server/health.h"
#include "pkg/server/proxy_metrics.h"
#include "pkg/server/service_health.h"

namespace ki::daemon {

struct SyncStats {
  size_t ops = 0;
  size_t bound = 0;
  size_t unbound = 0;
  size_t draining = 0;
  // Where a sync's time went, for the sync log and the benchmarks.
  std::chrono::nanoseconds observe_time{0};  // reading IPVS and kube-ipvs0 (full syncs)
  std::chrono::nanoseconds ipvs_time{0};     // applying the IPVS plan
  std::chrono::nanoseconds address_time{0};  // binding and unbinding kube-ipvs0 addresses
  size_t routes_added = 0;                   // the proxy's local routes (service CIDRs)
  size_t routes_removed = 0;
  NetfilterStats netfilter;
};

class SyncLoop {
 public:
  // health, metrics and netfilter may be null (tests, --cleanup; no
  // netfilter: IPVS and kube-ipvs0 only).
  SyncLoop(proxy::Engine& engine, ipvs::Ipvs& ipvs, netif::Links& links, std::string link_name,
           server::ProxyHealth* health, server::ProxyMetrics* metrics,
           NetfilterSync* netfilter = nullptr)
      : engine_(engine),
        ipvs_(ipvs),
        links_(links),
        link_(std::move(link_name)),
        health_(health),
        metrics_(metrics),
        netfilter_(netfilter) {}

  // Asked between batches of kernel writes (IPVS operations, addresses, the
  // netfilter steps): once it returns true the sync writes nothing more and
  // fails. Default: never.
  void SetStopCheck(std::function<bool()> stopped) { stopped_ = std::move(stopped); }

  // Health-check node ports to keep in step with the desired state (null:
  // none served). REQUIRES: outlives this loop.
  void SetServiceHealth(server::ServiceHealthServer* service_health) {
    service_health_ = service_health;
  }

  Result<SyncStats> Sync(bool full);
  bool HasDraining() const { return !draining_.empty(); }
  const proxy::KernelTable& table() const { return table_; }

 private:
  // The IPVS operations a streamed full plan applied while it was planned.
  struct Streamed {
    proxy::ApplyResult result;
    size_t ops = 0;
    std::chrono::nanoseconds time{0};
  };

  // The rules of a start, restored on another thread (NetfilterSync::
  // SyncRulesEarly) while IPVS is programmed; invalid when there are none.
  using EarlyRules = std::future<Result<NetfilterStats>>;
  // Starts them when the netfilter half has rules never restored and no
  // route is to be removed (its rule must stay until it is gone).
  void StartEarlyRules(EarlyRules& early);
  // Waits for them; their counts go to stats.
  Status JoinEarlyRules(EarlyRules& early, SyncStats& stats);

  Status Observe();
  // A full plan, its first group applied run by run as it is planned.
  proxy::Plan PlanFullApplying(Streamed& streamed);
  Result<SyncStats> ApplyPlan(const proxy::Plan& plan, const Streamed& streamed, EarlyRules& early);
  // Binds or unbinds addrs on the link, recording each success in the table.
  Status ChangeAddresses(bool bind, const std::vector<ipvs::IpAddress>& addrs);
  // The proxy's routes no longer wanted (!add), or the wanted ones missing.
  std::vector<netif::LocalRoute> RoutesToChange(bool add) const;
  // Removes or adds those; counts them in stats.
  Status ChangeRoutes(bool add, SyncStats& stats);
  // plan.unbind's addresses inside (routed) or outside the routed CIDRs.
  std::vector<ipvs::IpAddress> Unbinds(const proxy::Plan& plan, bool routed) const;
  // An error once stopped_ says so: no kernel write may follow.
  Status CheckStopped(const char* before) const;
  void Report(const SyncStats& stats, double seconds);
  void UpdateHealthChecks();

  proxy::Engine& engine_;
  ipvs::Ipvs& ipvs_;
  netif::Links& links_;
  std::string link_;
  server::ProxyHealth* health_;
  server::ProxyMetrics* metrics_;
  NetfilterSync* netfilter_;
  server::ServiceHealthServer* service_health_ = nullptr;
  std::function<bool()> stopped_;
  proxy::KernelTable table_;
  bool observed_ = false;
  std::vector<ipvs::ServiceKey> draining_;
  // The proxy's local routes as last listed, then as changed (few: one per
  // service CIDR); the wanted ones are the engine's routed_cidrs.
  std::vector<netif::LocalRoute> routes_have_;
};

}  // namespace ki::daemon
