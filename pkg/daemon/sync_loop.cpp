#include "pkg/daemon/sync_loop.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <span>

namespace ki::daemon {
namespace {

// Operations per run of a streamed full plan (a run ends after the virtual
// server that reaches it): a few netlink batches.
constexpr size_t kOpsPerRun = 4 * proxy::kApplyBatch;

}  // namespace

Status SyncLoop::Observe() {
  Result<proxy::KernelTable> table = proxy::Observe(ipvs_);
  if (!table.ok()) return table.status().Wrap("observe IPVS");
  Result<std::vector<ipvs::IpAddress>> bound = links_.ListBound(link_);
  if (!bound.ok()) return bound.status().Wrap("list " + link_ + " addresses");
  table->SetBound(*bound);
  Result<std::vector<netif::LocalRoute>> routes = links_.ListLocalRoutes();
  if (!routes.ok()) return routes.status().Wrap("list the proxy's local routes");
  routes_have_ = std::move(routes).value();
  table_ = std::move(table).value();
  observed_ = true;
  return Status::Ok();
}

Status SyncLoop::CheckStopped(const char* before) const {
  if (!stopped_ || !stopped_()) return Status::Ok();
  return Status::Unavailable(std::string("stopped before ") + before);
}

Status SyncLoop::ChangeAddresses(bool bind, const std::vector<ipvs::IpAddress>& addrs) {
  std::string what = (bind ? "bind addresses on " : "unbind addresses on ") + link_;
  for (size_t begin = 0; begin < addrs.size(); begin += proxy::kApplyBatch) {
    KI_RETURN_IF_ERROR(CheckStopped(bind ? "binding addresses" : "unbinding addresses"));
    const size_t end = std::min(addrs.size(), begin + proxy::kApplyBatch);
    const std::vector<ipvs::IpAddress> batch(addrs.begin() + static_cast<std::ptrdiff_t>(begin),
                                             addrs.begin() + static_cast<std::ptrdiff_t>(end));
    Result<netif::BatchResult> r = bind ? links_.Bind(link_, batch) : links_.Unbind(link_, batch);
    if (!r.ok()) return r.status().Wrap(what);
    for (size_t i = 0; i < batch.size() && i < r->statuses.size(); ++i) {
      if (r->statuses[i].ok()) table_.MarkBound(batch[i], bind);
    }
    KI_RETURN_IF_ERROR(r->FirstError().Wrap(what));
  }
  return Status::Ok();
}

std::vector<ipvs::IpAddress> SyncLoop::Unbinds(const proxy::Plan& plan, bool routed) const {
  std::vector<ipvs::IpAddress> out;
  for (const ipvs::IpAddress& a : plan.unbind) {
    if (engine_.options().Routed(a) == routed) out.push_back(a);
  }
  return out;
}

std::vector<netif::LocalRoute> SyncLoop::RoutesToChange(bool add) const {
  const auto in = [](const std::vector<netif::LocalRoute>& v, const netif::LocalRoute& r) {
    return std::ranges::find(v, r) != v.end();
  };
  std::vector<netif::LocalRoute> want;
  for (const proxy::Cidr& c : engine_.options().routed_cidrs) want.push_back({c.base, c.prefix});
  const std::vector<netif::LocalRoute>& from = add ? want : routes_have_;
  const std::vector<netif::LocalRoute>& other = add ? routes_have_ : want;
  std::vector<netif::LocalRoute> todo;
  for (const netif::LocalRoute& r : from) {
    if (!in(other, r)) todo.push_back(r);
  }
  return todo;
}

void SyncLoop::StartEarlyRules(EarlyRules& early) {
  if (netfilter_ == nullptr || !netfilter_->RulesPending()) return;
  // A route that goes keeps the old rules (its REJECT) until it is gone.
  if (!RoutesToChange(false).empty()) return;
  early = std::async(std::launch::async, [this] { return netfilter_->SyncRulesEarly(); });
}

Status SyncLoop::ChangeRoutes(bool add, SyncStats& stats) {
  for (const netif::LocalRoute& r : RoutesToChange(add)) {
    KI_RETURN_IF_ERROR(CheckStopped(add ? "adding a route" : "removing a route"));
    if (add) {
      KI_RETURN_IF_ERROR(links_.AddLocalRoute(r).Wrap("route " + r.ToString() + " as local"));
      routes_have_.push_back(r);
      ++stats.routes_added;
    } else {
      KI_RETURN_IF_ERROR(links_.DeleteLocalRoute(r).Wrap("remove the local route " + r.ToString()));
      std::erase(routes_have_, r);
      ++stats.routes_removed;
    }
  }
  return Status::Ok();
}

proxy::Plan SyncLoop::PlanFullApplying(Streamed& streamed) {
  using Clock = std::chrono::steady_clock;
  // The first sync of a large node would otherwise hold every operation at
  // once (550,000 at 50,000 Services x 10 endpoints: ~100 MB).
  return engine_.PlanFullStreamed(table_, kOpsPerRun, [&](std::span<const ipvs::Op> ops) {
    for (size_t begin = 0; begin < ops.size(); begin += proxy::kApplyBatch) {
      if (stopped_ && stopped_()) {
        if (streamed.result.first_error.ok()) {
          streamed.result.first_error =
              Status::Unavailable("stopped after " + std::to_string(streamed.ops) + " operations");
        }
        return false;
      }
      const auto batch = ops.subspan(begin, std::min(proxy::kApplyBatch, ops.size() - begin));
      const auto start = Clock::now();
      streamed.result.Add(proxy::Apply(ipvs_, batch, table_));
      streamed.time += Clock::now() - start;
      streamed.ops += batch.size();
    }
    return true;
  });
}

Status SyncLoop::JoinEarlyRules(EarlyRules& early, SyncStats& stats) {
  if (!early.valid()) return Status::Ok();
  Result<NetfilterStats> r = early.get();
  if (!r.ok()) return r.status();
  stats.netfilter.Add(*r);
  return Status::Ok();
}

Result<SyncStats> SyncLoop::ApplyPlan(const proxy::Plan& plan, const Streamed& streamed,
                                      EarlyRules& early) {
  using Clock = std::chrono::steady_clock;
  SyncStats stats;
  stats.ops = streamed.ops + plan.ops.size();
  // In the plan's order: the virtual servers complete first, then their
  // addresses (traffic can reach them only then), then the addresses to drop.
  auto start = Clock::now();
  proxy::ApplyResult applied = streamed.result;
  applied.Add(proxy::Apply(ipvs_, plan, table_, stopped_));
  stats.ipvs_time = streamed.time + (Clock::now() - start);
  if (metrics_ != nullptr) {
    metrics_->ipvs_netlink_operations_total.Inc(static_cast<double>(applied.applied), {"apply"});
    metrics_->ipvs_netlink_errors_total.Inc(static_cast<double>(applied.failed), {"apply"});
  }
  if (!applied.first_error.ok()) return applied.first_error.Wrap("apply IPVS plan");
  KI_RETURN_IF_ERROR(JoinEarlyRules(early, stats));
  KI_RETURN_IF_ERROR(CheckStopped("deleting stale flows"));
  if (netfilter_ != nullptr) {
    // Clients of a UDP Service keep their conntrack entry to a removed backend
    // until it times out; a failure here costs them that wait, not the sync.
    Result<int> flows = netfilter_->DeleteStaleFlows(plan);
    if (!flows.ok()) {
      spdlog::warn("delete stale UDP conntrack entries: {}", flows.status().message());
    } else if (*flows > 0) {
      spdlog::debug("deleted {} stale UDP conntrack entries", *flows);
    }
  }
  start = Clock::now();
  KI_RETURN_IF_ERROR(ChangeAddresses(true, plan.bind));
  stats.address_time = Clock::now() - start;
  stats.bound = plan.bind.size();
  stats.unbound = plan.unbind.size();
  // Its ClusterIPs are bound again above before a route goes; the rules that
  // refuse the rest of its CIDR go after it (netfilter, in Sync).
  KI_RETURN_IF_ERROR(ChangeRoutes(false, stats));
  // A ClusterIP a route covers stays bound until the route serves it (Sync).
  start = Clock::now();
  KI_RETURN_IF_ERROR(ChangeAddresses(false, Unbinds(plan, false)));
  stats.address_time += Clock::now() - start;
  draining_ = plan.draining;
  stats.draining = draining_.size();
  return stats;
}

Result<SyncStats> SyncLoop::Sync(bool full) {
  auto started = std::chrono::steady_clock::now();
  // The future's destructor waits for early rules on every way out.
  EarlyRules early;
  proxy::ChangeSet changed = engine_.BuildDesired();
  proxy::Plan plan;
  Streamed streamed;
  const auto observe_start = std::chrono::steady_clock::now();
  if (full || !observed_) {
    KI_RETURN_IF_ERROR(Observe());
    StartEarlyRules(early);
    plan = PlanFullApplying(streamed);
  } else {
    // Draining real servers are rechecked with fresh connection counts.
    changed.Merge(proxy::ChangeSet{draining_, {}});
    KI_RETURN_IF_ERROR(proxy::Refresh(ipvs_, changed.keys, table_).Wrap("refresh IPVS"));
    plan = engine_.PlanChanges(changed, table_);
  }
  const auto observed = std::chrono::steady_clock::now() - observe_start - streamed.time;
  Result<SyncStats> stats = ApplyPlan(plan, streamed, early);
  if (!stats.ok()) return stats;
  stats->observe_time = observed;
  KI_RETURN_IF_ERROR(CheckStopped("the ipset and iptables restores"));
  if (netfilter_ != nullptr) {
    Result<NetfilterStats> nf = netfilter_->Sync(engine_.desired(), changed, full);
    if (!nf.ok()) return nf.status();
    stats->netfilter.Add(*nf);
  }
  // A new route only once the rules refuse what no Service port takes in its
  // CIDR; the ClusterIPs it covers are unbound only once it serves them.
  KI_RETURN_IF_ERROR(ChangeRoutes(true, *stats));
  const auto unbind_start = std::chrono::steady_clock::now();
  KI_RETURN_IF_ERROR(ChangeAddresses(false, Unbinds(plan, true)));
  stats->address_time += std::chrono::steady_clock::now() - unbind_start;
  // Full syncs also retry ports that could not be opened before.
  if (service_health_ != nullptr && (changed.health_checks || full)) UpdateHealthChecks();
  Report(*stats, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return stats;
}

void SyncLoop::UpdateHealthChecks() {
  server::HealthCheckServices wanted;
  for (const auto& [name, hc] : engine_.desired().health_checks()) {
    wanted[name] = {hc.node_port, hc.local_endpoints};
  }
  for (const std::string& e : service_health_->Sync(wanted)) spdlog::warn("health check: {}", e);
}

void SyncLoop::Report(const SyncStats& stats, double seconds) {
  if (health_ != nullptr) {
    health_->Updated(server::IpFamily::kIPv4);
    health_->Updated(server::IpFamily::kIPv6);
  }
  if (metrics_ == nullptr) return;
  metrics_->sync_proxy_rules_duration_seconds.Observe(seconds);
  metrics_->sync_proxy_rules_last_timestamp_seconds.Set(
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count());
  // What the proxy programs (the table also holds other tools' servers).
  metrics_->ipvs_virtual_servers.Set(static_cast<double>(engine_.desired().server_count()));
  metrics_->ipvs_real_servers.Set(static_cast<double>(engine_.desired().real_server_count()));
  metrics_->ipvs_graceful_termination_queue_length.Set(static_cast<double>(stats.draining));
  metrics_->ipset_restores_total.Inc(stats.netfilter.ipset_restores);
  metrics_->iptables_restores_total.Inc(stats.netfilter.iptables_restores);
}

}  // namespace ki::daemon
