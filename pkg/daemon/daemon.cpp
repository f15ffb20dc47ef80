#include "pkg/daemon/daemon.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>
#include <optional>
#include <utility>

#include "pkg/daemon/node_options.h"
#include "pkg/daemon/sync_loop.h"
#include "pkg/kmod/kernel_modules.h"
#include "pkg/netfilter/cleanup.h"
#include "pkg/netfilter/sysctl.h"
#include "pkg/proxy/reconciler.h"
#include "pkg/proxy/sync_policy.h"
#include "pkg/server/http_servers.h"
#include "pkg/server/service_health.h"

namespace ki::daemon {
namespace {

using SteadyClock = std::chrono::steady_clock;

std::chrono::nanoseconds ToNs(config::Duration d) { return std::chrono::nanoseconds(d.ns); }

// Hands the source's changes to the engine (moved: the engine keeps the one
// copy); says whether anything changed. This Node's spec.podCIDRs go to
// pod_cidrs.
bool Feed(SourceChanges c, const std::string& node_name, proxy::Engine& engine,
          server::ProxyMetrics& metrics, server::ProxyHealth& health,
          std::vector<std::string>& pod_cidrs) {
  bool changed = false;
  // The names are formatted only when printed: a first list has 100,000.
  const bool each = spdlog::should_log(spdlog::level::debug);
  for (k8s::Object& o : c.upserts) {
    if (each) spdlog::debug("source: {} changed", KeyOf(o).name.ToString());
    if (auto* s = std::get_if<k8s::Service>(&o)) {
      changed |= engine.UpsertService(std::move(*s));
      metrics.sync_proxy_rules_service_changes_total.Inc();
    } else if (auto* e = std::get_if<k8s::EndpointSlice>(&o)) {
      changed |= engine.UpsertSlice(*e);
      *e = k8s::EndpointSlice{};  // the engine keeps its own compact form: free this now
      metrics.sync_proxy_rules_endpoint_changes_total.Inc();
    } else {
      const k8s::Node& n = std::get<k8s::Node>(o);
      changed |= engine.SetNode(n);
      // kube-proxy's /healthz tells load balancers to drain a node on its way out.
      if (n.meta.id.name == node_name) {
        health.SetNodeEligible(n.Eligible());
        pod_cidrs = n.pod_cidrs;
      }
    }
  }
  for (const ObjectKey& k : c.deletes) {
    if (each) spdlog::debug("source: {} deleted", k.name.ToString());
    if (k.kind == ObjectKey::Kind::kService) changed |= engine.DeleteService(k.name);
    if (k.kind == ObjectKey::Kind::kEndpointSlice) changed |= engine.DeleteSlice(k.name);
    if (k.kind == ObjectKey::Kind::kNode && k.name.name == node_name) health.SetNodeEligible(false);
  }
  for (const std::string& e : c.errors) spdlog::warn("{}", e);
  return changed;
}

// The first sync at info (how long adopting the node took), the others at
// debug (-v 4): time, and the count and time of each step.
void LogSync(const SyncStats& s, std::chrono::nanoseconds took, proxy::SyncPolicy::Action action,
             bool first) {
  const auto ms = [](std::chrono::nanoseconds d) {
    return std::chrono::duration<double, std::milli>(d).count();
  };
  spdlog::log(
      first ? spdlog::level::info : spdlog::level::debug,
      "proxy: {} sync done in {:.1f} ms: {} IPVS operations ({:.1f} ms, reading the "
      "kernel {:.1f} ms), {} addresses bound and {} unbound ({:.1f} ms), {} set entries in "
      "{} ipset writes ({:.1f} ms), {} iptables restores ({:.1f} ms with checks, {} reads), "
      "{} local routes added and {} removed",
      first                                            ? "first"
      : action == proxy::SyncPolicy::Action::kFullSync ? "full"
                                                       : "incremental",
      ms(took), s.ops, ms(s.ipvs_time), ms(s.observe_time), s.bound, s.unbound, ms(s.address_time),
      s.netfilter.set_entries_changed, s.netfilter.ipset_restores, ms(s.netfilter.ipset_time),
      s.netfilter.iptables_restores, ms(s.netfilter.iptables_time), s.netfilter.iptables_reads,
      s.routes_added, s.routes_removed);
}

// The rules' options; with detectLocalMode NodeCIDR, pod_cidrs are this
// Node's. Explains a detector it cannot build.
netfilter::RuleOptions RuleOptionsFor(const DaemonOptions& o, const Kernel& k,
                                      const std::vector<std::string>& pod_cidrs) {
  std::vector<std::string> notes;
  netfilter::RuleOptions r = MakeRuleOptions(o.kube_proxy, k.random_fully, pod_cidrs, notes);
  for (const std::string& n : notes) spdlog::warn("proxy: {}", n);
  for (const proxy::Cidr& c : o.routed_cidrs) r.routed_cidrs.push_back(c.ToString());
  return r;
}

// The addresses health-check node ports listen on: those of nodePortAddresses,
// or (none given) every address ({} below), as upstream. nullopt: none of the
// node's addresses is in nodePortAddresses, so they listen nowhere.
std::optional<std::vector<std::string>> HealthCheckHosts(const DaemonOptions& o,
                                                         const proxy::ProxyOptions& popts) {
  std::vector<std::string> hosts;
  if (o.kube_proxy.node_port_addresses.empty()) return hosts;
  for (const ipvs::IpAddress& a : popts.node_ips) hosts.push_back(a.ToString());
  if (hosts.empty()) {
    spdlog::warn(
        "proxy: no address of this node is in nodePortAddresses: no NodePorts and no "
        "health-check node ports are served");
    return std::nullopt;
  }
  return hosts;
}

// detectLocalMode NodeCIDR: the rules' detector is this Node's pod ranges,
// known once the Node is. Nothing is programmed before (upstream waits for
// them at start); later changes re-render the rules (upstream restarts).
class NodeCidrDetector {
 public:
  NodeCidrDetector(const DaemonOptions& o, const Kernel& k, NetfilterSync* netfilter)
      : o_(o), k_(k), netfilter_(NeedsNodePodCidrs(o.kube_proxy) ? netfilter : nullptr) {}

  // Whether programming may start.
  bool Ready() const { return netfilter_ == nullptr || !applied_.empty(); }

  // This Node's spec.podCIDRs as last seen; true when the rules changed.
  bool Seen(const std::vector<std::string>& pod_cidrs) {
    if (netfilter_ == nullptr || pod_cidrs.empty() || pod_cidrs == applied_) return false;
    applied_ = pod_cidrs;
    std::string ranges;
    for (const std::string& c : applied_) ranges += (ranges.empty() ? "" : ",") + c;
    spdlog::info("proxy: Node {} pod CIDRs {}: traffic from them is local (NodeCIDR)", o_.hostname,
                 ranges);
    netfilter_->SetRuleOptions(RuleOptionsFor(o_, k_, applied_));
    return true;
  }

  void LogWaitingOnce() {
    if (std::exchange(waiting_logged_, true)) return;
    spdlog::warn(
        "proxy: detectLocalMode NodeCIDR: waiting for Node {} to have spec.podCIDRs "
        "(kube-controller-manager --allocate-node-cidrs assigns them)",
        o_.hostname);
  }

 private:
  const DaemonOptions& o_;
  const Kernel& k_;
  NetfilterSync* const netfilter_;  // null: not NodeCIDR, or no rules at all
  std::vector<std::string> applied_;
  bool waiting_logged_ = false;
};

// Builds the engine's options from the configuration and this node's links.
Result<proxy::ProxyOptions> NodeOptions(const DaemonOptions& o, netif::Links& links) {
  Result<std::vector<netif::LocalAddress>> other = links.ListOtherAddresses(o.link_name);
  if (!other.ok()) return other.status().Wrap("list the node's addresses");
  KI_RETURN_IF_ERROR(CheckRoutedCidrs(o.routed_cidrs, *other));
  Result<proxy::ProxyOptions> popts = MakeProxyOptions(o.kube_proxy, o.hostname, *other);
  if (popts.ok()) popts->routed_cidrs = o.routed_cidrs;
  return popts;
}

}  // namespace

Status LoadIpvsModules(kmod::ModuleProbe& modules, const std::string& scheduler) {
  Result<kmod::KernelVersion> v = kmod::ParseKernelRelease(modules.KernelRelease());
  if (!v.ok()) return v.status();
  std::string failed;
  for (const std::string& m : kmod::RequiredIpvsModules(*v, scheduler)) {
    Status st = modules.Load(m);
    if (!st.ok()) failed += "\n\t" + st.message();
  }
  if (failed.empty()) return Status::Ok();
  return Status::Preflight("IPVS mode cannot start on this node; the kernel modules it needs:" +
                           failed + "\n`kubeadm-ipvs preflight` explains each step and its fix");
}

Status ApplyNodeSysctls(kmod::ModuleProbe& modules, const config::KubeProxyConfig& kp, bool routed,
                        const std::string& proc_sys) {
  Result<kmod::KernelVersion> v = kmod::ParseKernelRelease(modules.KernelRelease());
  if (!v.ok()) return v.status();
  if (routed && !kp.ipvs.strict_arp) {
    spdlog::info("proxy: strictARP's sysctls are set: the routed service CIDRs need them");
  }
  Result<std::vector<std::string>> changed = netfilter::ApplySysctls(
      netfilter::RequiredSysctls(*v, kp.ipvs.strict_arp || routed), proc_sys);
  if (!changed.ok()) return changed.status();
  for (const std::string& path : *changed) {
    spdlog::info("proxy: set {}", netfilter::SysctlName(path));
  }
  return Status::Ok();
}

namespace {

// ipvs.tcpTimeout, tcpFinTimeout, udpTimeout (ipvsadm --set); zeros keep the
// kernel's values.
Status ApplyIpvsTimeouts(const config::IpvsSettings& ipvs, ipvs::Ipvs& kernel) {
  const auto secs = [](config::Duration d) { return static_cast<uint32_t>(d.ns / 1'000'000'000); };
  ipvs::Timeouts t{secs(ipvs.tcp_timeout), secs(ipvs.tcp_fin_timeout), secs(ipvs.udp_timeout)};
  if (t == ipvs::Timeouts{}) return Status::Ok();
  return kernel.SetTimeouts(t).Wrap("set the IPVS timeouts");
}

}  // namespace

Status Run(const DaemonOptions& o, Kernel k, Source& source, const std::atomic<bool>& stop) {
  if (stop.load()) return Status::Ok();  // told to stop before the first kernel write
  if (!o.routed_cidrs.empty() && (k.ipset == nullptr || k.iptables == nullptr)) {
    return Status::InvalidConfig(
        "--service-cluster-ip-range needs the proxy's iptables rules (ipset and iptables): "
        "without them every address of the range would reach the node's own services");
  }
  Result<netif::LinkState> link = k.links->EnsureDummy(o.link_name);
  if (!link.ok()) return link.status().Wrap("ensure " + o.link_name);
  KI_RETURN_IF_ERROR(ApplyIpvsTimeouts(o.kube_proxy.ipvs, *k.ipvs));
  Result<proxy::ProxyOptions> popts = NodeOptions(o, *k.links);
  if (!popts.ok()) return popts.status();
  proxy::Engine engine(std::move(popts).value());

  const config::IpvsSettings& ipvs = o.kube_proxy.ipvs;
  server::ProxyHealth health(2 * ToNs(ipvs.sync_period),
                             [] { return std::chrono::system_clock::now(); });
  server::Registry registry;
  server::ProxyMetrics metrics(registry);
  auto servers = server::StartHttpServers(
      {o.kube_proxy.healthz_bind_address, o.kube_proxy.metrics_bind_address, "ipvs"}, health,
      registry, metrics);
  if (!servers.ok()) return servers.status();

  std::unique_ptr<NetfilterSync> netfilter;
  if (k.ipset != nullptr && k.iptables != nullptr) {
    // (NodeCIDR's options come with the Node: NodeCidrDetector.)
    netfilter = std::make_unique<NetfilterSync>(
        NetfilterKernel{k.ipset, k.iptables, k.ip6tables, k.conntrack},
        NeedsNodePodCidrs(o.kube_proxy) ? netfilter::RuleOptions{} : RuleOptionsFor(o, k, {}));
  }
  NodeCidrDetector node_cidrs(o, k, netfilter.get());
  std::vector<std::string> pod_cidrs;
  const std::optional<std::vector<std::string>> health_check_hosts =
      HealthCheckHosts(o, engine.options());
  server::ServiceHealthServer service_health(
      health_check_hosts.value_or(std::vector<std::string>{}), health);
  SyncLoop loop(engine, *k.ipvs, *k.links, o.link_name, &health, &metrics, netfilter.get());
  if (health_check_hosts) loop.SetServiceHealth(&service_health);
  loop.SetStopCheck([&stop] { return stop.load(); });
  proxy::SyncPolicy policy(ToNs(ipvs.min_sync_period), ToNs(ipvs.sync_period));
  spdlog::info("proxy: IPVS mode, {}, {} {}", source.Describe(), o.link_name,
               link->created ? "created" : "adopted");

  bool synced = false;         // the kernel is being programmed
  bool source_synced = false;  // every object delivered and fed
  bool first_sync_logged = false;
  auto next_drain_check = SteadyClock::time_point::max();
  auto wait = std::chrono::milliseconds(0);
  while (!stop.load()) {
    SourceChanges changes = source.Poll(wait);
    source_synced = source_synced || changes.synced;
    auto now = SteadyClock::now();
    if (Feed(std::move(changes), o.hostname, engine, metrics, health, pod_cidrs)) {
      health.QueuedUpdate(server::IpFamily::kIPv4);
      policy.Request(now);
    }
    health.SetSourceLostSince(source.LostSince());
    if (node_cidrs.Seen(pod_cidrs)) policy.Request(now);
    if (!synced && source_synced && !node_cidrs.Ready()) node_cidrs.LogWaitingOnce();
    if (!synced && source_synced && node_cidrs.Ready()) {
      synced = true;
      spdlog::info("proxy: every Service and EndpointSlice seen; programming the kernel");
      policy.Request(now);
    }
    if (synced) {
      if (now >= next_drain_check) policy.Request(now);
      proxy::SyncPolicy::Action action = policy.Due(now);
      if (action != proxy::SyncPolicy::Action::kNone) {
        Result<SyncStats> r = loop.Sync(action == proxy::SyncPolicy::Action::kFullSync);
        if (stop.load()) {  // the sync stopped between two writes; nothing follows
          if (!r.ok()) spdlog::info("proxy: sync cut short: {}", r.status().message());
          break;
        }
        policy.Ran(action, now, r.ok());
        if (r.ok()) LogSync(*r, SteadyClock::now() - now, action, !first_sync_logged);
        first_sync_logged = first_sync_logged || r.ok();
        if (!r.ok())
          spdlog::warn("sync failed (the next one is a full sync): {}", r.status().message());
        next_drain_check =
            loop.HasDraining() ? now + std::chrono::seconds(1) : SteadyClock::time_point::max();
      }
    }
    auto wake = synced ? std::min(policy.NextWakeup(), next_drain_check)
                       : SteadyClock::now() + std::chrono::milliseconds(100);
    wait =
        std::clamp(std::chrono::duration_cast<std::chrono::milliseconds>(wake - SteadyClock::now()),
                   std::chrono::milliseconds(0), std::chrono::milliseconds(500));
  }
  spdlog::info("proxy: stopping; the kernel keeps its state (no flush)");
  return Status::Ok();
}

namespace {

// Every virtual server in the ranges the proxy owns (all but excludeCIDRs).
Status RemoveOwnedVirtualServers(const DaemonOptions& o, ipvs::Ipvs& kernel) {
  proxy::Ownership own = proxy::Ownership::Everything();
  for (const std::string& text : o.kube_proxy.ipvs.exclude_cidrs) {
    Result<proxy::Cidr> c = proxy::Cidr::Parse(text);
    if (c.ok()) own.exclude.push_back(*c);
  }
  Result<proxy::KernelTable> table = proxy::Observe(kernel);
  if (!table.ok()) return table.status().Wrap("observe IPVS");
  std::vector<ipvs::Op> ops;
  table->ForEach([&](const proxy::KernelServer& s) {
    if (own.MayRemove(s.service.key)) ops.push_back(ipvs::Op::DeleteService(s.service.key));
  });
  Result<ipvs::BatchResult> r = kernel.Apply(ops);
  if (!r.ok()) return r.status().Wrap("remove virtual servers");
  KI_RETURN_IF_ERROR(r->FirstError().Wrap("remove virtual servers"));
  spdlog::info("cleanup: removed {} virtual servers", ops.size());
  return Status::Ok();
}

// Every local route of the proxy's (any service CIDR, whatever the flags now
// say: a route left behind would make its whole range local).
Status RemoveLocalRoutes(netif::Links& links) {
  Result<std::vector<netif::LocalRoute>> routes = links.ListLocalRoutes();
  if (!routes.ok()) return routes.status().Wrap("list the proxy's local routes");
  for (const netif::LocalRoute& r : *routes) {
    KI_RETURN_IF_ERROR(links.DeleteLocalRoute(r).Wrap("remove the local route " + r.ToString()));
    spdlog::info("cleanup: removed the local route {}", r.ToString());
  }
  return Status::Ok();
}

// The proxy's iptables jumps and chains, then its ipsets (rules hold sets).
Status CleanupNetfilter(const Kernel& k) {
  std::vector<netfilter::Iptables*> families;
  for (netfilter::Iptables* f : {k.iptables, k.ip6tables}) {
    if (f != nullptr) families.push_back(f);
  }
  Result<netfilter::CleanupReport> nf = netfilter::CleanupNetfilter(families, k.ipset);
  if (!nf.ok()) return nf.status().Wrap("remove the proxy's iptables rules and ipsets");
  size_t chains = 0;
  for (const netfilter::Removal& r : nf->tables) chains += r.chains.size();
  spdlog::info("cleanup: removed {} iptables chains and {} ipsets", chains, nf->sets.size());
  return Status::Ok();
}

}  // namespace

Status Cleanup(const DaemonOptions& o, Kernel k) {
  // Each part is tried whatever became of the others: one that fails (or a
  // tool that is missing) leaves the rest of the node clean.
  std::vector<std::string> failed;
  auto note = [&](const Status& st) {
    if (!st.ok()) failed.push_back(st.message());
  };
  if (k.ipvs != nullptr) note(RemoveOwnedVirtualServers(o, *k.ipvs));
  // Before the rules: they refuse what a route makes local.
  if (k.links != nullptr) note(RemoveLocalRoutes(*k.links));
  if (k.links != nullptr) {
    Status st = k.links->DeleteDummy(o.link_name).Wrap("delete " + o.link_name);
    if (st.ok()) spdlog::info("cleanup: {} is gone", o.link_name);
    note(st);
  }
  if (k.ipset != nullptr || k.iptables != nullptr) note(CleanupNetfilter(k));
  if (failed.empty()) return Status::Ok();
  std::string what;
  for (const std::string& f : failed) what += "\n\t" + f;
  return Status::Internal("cleanup: the rest is removed, but not:" + what);
}

}  // namespace ki::daemon
