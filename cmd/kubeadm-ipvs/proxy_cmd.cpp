// `kubeadm-ipvs proxy`: the node proxy (pkg/daemon) over the real kernel:
// netlink IPVS, kube-ipvs0 through libnl-route, modules through libkmod.
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "cmd/kubeadm-ipvs/commands.h"
#include "cmd/kubeadm-ipvs/config_loading.h"
#include "cmd/kubeadm-ipvs/host.h"
#include "pkg/daemon/api_source.h"
#include "pkg/daemon/daemon.h"
#include "pkg/daemon/dir_source.h"
#include "pkg/daemon/node_options.h"
#include "pkg/ipvs/netlink_ipvs.h"
#include "pkg/k8s/client/in_cluster.h"
#include "pkg/k8s/client/kubeconfig.h"
#include "pkg/kmod/ipvs_diagnosis.h"
#include "pkg/kmod/kmod_probe.h"
#include "pkg/netfilter/conntrack.h"
#include "pkg/netfilter/ipset.h"
#include "pkg/netfilter/iptables.h"
#include "pkg/netfilter/iptables_backend.h"
#include "pkg/netfilter/netlink_ipset.h"
#include "pkg/netif/netlink_links.h"

namespace ki::cmd {
namespace {

std::atomic<bool> g_stop{false};

void OnSignal(int) { g_stop.store(true); }

struct ProxyOptions {
  std::string config;
  std::string services_dir;
  std::string hostname_override;
  std::string kubeconfig;
  std::string service_cidrs;
  bool cleanup = false;
};

int Fail(const Status& st) {
  std::cerr << "error: " << st.message() << "\n";
  return ExitCodeFor(st);
}

std::string Hostname() {
  char name[256] = {};
  return ::gethostname(name, sizeof(name) - 1) == 0 ? std::string(name) : std::string();
}

struct NetfilterTools {
  std::unique_ptr<netfilter::Ipset> ipset;
  std::unique_ptr<netfilter::Iptables> iptables;
  std::unique_ptr<netfilter::Iptables> ip6tables;   // null without ip6tables
  std::unique_ptr<netfilter::Conntrack> conntrack;  // null: no stale-flow cleanup
  bool random_fully = false;
};

// The kernel's ipsets (over netlink: no ipset process) and the iptables
// flavour the node uses (nft or legacy, as kubelet's). For --cleanup
// (lenient) a missing one is no error: it is left null and what it would
// have removed is named in `not_removed`.
Result<NetfilterTools> OpenNetfilter(bool lenient, std::vector<std::string>& not_removed) {
  NetfilterTools t;
  Result<std::unique_ptr<netfilter::Ipset>> ipset = netfilter::NewNetlinkIpset();
  if (ipset.ok()) {
    t.ipset = std::move(ipset).value();
  } else if (lenient) {
    not_removed.push_back("the proxy's ipsets: " + ipset.status().message());
  } else {
    return ipset.status().Wrap(
        "IPVS mode needs the kernel's ipsets (ip_set) for its masquerade and filter rules");
  }
  Result<netfilter::Backends> backends = netfilter::DetectBackends();
  if (!backends.ok() && lenient) {
    not_removed.push_back("the proxy's iptables rules: " + backends.status().message());
    return t;
  }
  if (!backends.ok()) {
    return backends.status().Wrap("IPVS mode needs iptables; install the iptables package");
  }
  spdlog::info("proxy: iptables {} ({})", backends->ipv4.nft ? "nft" : "legacy", backends->reason);
  t.iptables = netfilter::NewExecIptables(backends->ipv4);
  if (backends->ipv6) t.ip6tables = netfilter::NewExecIptables(*backends->ipv6);
  t.random_fully = netfilter::SupportsRandomFully(backends->ipv4);
  Result<std::unique_ptr<netfilter::Conntrack>> ct = netfilter::OpenNetlinkConntrack();
  if (ct.ok()) {
    t.conntrack = std::move(ct).value();
  } else {
    spdlog::warn(
        "proxy: {}; UDP clients of a removed backend wait for their conntrack entry "
        "to time out",
        ct.status().message());
  }
  return t;
}

// The API server's address and credentials: --kubeconfig, else
// clientConnection.kubeconfig, else the pod's service account (as
// kube-proxy's rest.InClusterConfig).
Result<k8s::client::RestConfig> ApiConfig(const ProxyOptions& o,
                                          const config::KubeProxyConfig& kp) {
  if (!o.kubeconfig.empty()) return k8s::client::LoadKubeconfig(o.kubeconfig);
  if (kp.client_connection.kubeconfig.empty()) return k8s::client::InClusterConfig();
  Result<k8s::client::RestConfig> rest =
      k8s::client::LoadKubeconfig(kp.client_connection.kubeconfig);
  if (rest.ok()) return rest;
  return Status::InvalidConfig(
      "clientConnection.kubeconfig: " + rest.status().message() +
      "\nGive the API server's kubeconfig with --kubeconfig (or in the KubeProxyConfiguration), "
      "or run without an API server with --services-dir");
}

Result<std::unique_ptr<daemon::Source>> OpenSource(const ProxyOptions& o,
                                                   const config::KubeProxyConfig& kp,
                                                   const std::string& node_name) {
  if (!o.services_dir.empty()) {
    daemon::DirSourceOptions dir_options;
    dir_options.stopped = [] { return g_stop.load(); };
    Result<std::unique_ptr<daemon::DirSource>> dir =
        daemon::DirSource::Open(o.services_dir, std::move(dir_options));
    if (!dir.ok()) return dir.status();
    return std::unique_ptr<daemon::Source>(std::move(dir).value());
  }
  Result<k8s::client::RestConfig> rest = ApiConfig(o, kp);
  if (!rest.ok()) return rest.status();
  daemon::ApiSourceOptions api;
  api.rest = std::move(rest).value();
  api.node_name = node_name;
  api.qps = kp.client_connection.qps;
  api.burst = kp.client_connection.burst;
  Result<std::unique_ptr<daemon::ApiSource>> started = daemon::ApiSource::Start(api);
  if (!started.ok()) return started.status();
  return std::unique_ptr<daemon::Source>(std::move(started).value());
}

// `proxy --cleanup`: removes what it can and names what it could not. A
// kernel whose ip_vs is not loaded (or not even built) holds no virtual
// servers, so there IPVS is simply skipped; the sets, chains and kube-ipvs0
// may still be there (left by a proxy that ran on a kernel with IPVS).
int RunCleanup(const daemon::DaemonOptions& d) {
  std::vector<std::string> not_removed;
  Result<std::unique_ptr<ipvs::Ipvs>> ipvs = ipvs::OpenNetlinkIpvs();
  if (!ipvs.ok()) {
    Result<std::unique_ptr<kmod::ModuleProbe>> modules = kmod::NewKmodProbe({});
    std::optional<kmod::IpvsAbsence> absent;
    if (modules.ok() && ipvs.status().code() == Code::kUnavailable) {
      absent = kmod::DiagnoseIpvsAbsence(**modules);
    }
    if (absent && (absent->state == kmod::ModuleState::kMissing || absent->loadable())) {
      std::cerr << "[cleanup] IPVS: nothing to remove, ip_vs is not loaded (" << absent->reason
                << ")\n";
    } else {
      not_removed.push_back("the proxy's virtual servers: " + ipvs.status().message());
    }
  }
  Result<std::unique_ptr<netif::Links>> links = netif::OpenNetlinkLinks();
  if (!links.ok()) not_removed.push_back(d.link_name + ": " + links.status().message());
  Result<NetfilterTools> nf = OpenNetfilter(true, not_removed);
  if (!nf.ok()) return Fail(nf.status());
  daemon::Kernel kernel{ipvs.ok() ? ipvs->get() : nullptr,
                        links.ok() ? links->get() : nullptr,
                        nf->ipset.get(),
                        nf->iptables.get(),
                        nf->ip6tables.get(),
                        nf->conntrack.get(),
                        nf->random_fully};
  Status st = daemon::Cleanup(d, kernel);
  if (!st.ok()) return Fail(st);
  if (not_removed.empty()) return 0;
  std::string what;
  for (const std::string& n : not_removed) what += "\n\t" + n;
  return Fail(Status::Unavailable("cleanup: the rest is removed, but not:" + what +
                                  "\nthen run `kubeadm-ipvs proxy --cleanup` again"));
}

// SIGTERM and SIGINT set g_stop, checked by every long step (a services-dir
// scan, the API source's requests, a sync between batches of kernel writes).
// Installed first: a signal at any point stops the proxy, not the process
// mid-write, and nothing is written to the kernel after it.
void InstallStopHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sa.sa_flags = SA_RESTART;
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
}

int RunProxy(const ProxyOptions& o) {
  if (!o.cleanup) InstallStopHandlers();
  config::LoadOptions load;
  if (!o.config.empty()) load.config_path = o.config;
  Result<config::LoadedConfig> loaded = LoadAndReport(load);
  if (!loaded.ok()) return ExitCodeFor(loaded.status());
  const config::KubeProxyConfig& kp = loaded->config.kube_proxy;
  if (kp.mode != "ipvs") {
    return Fail(Status::InvalidConfig("mode: " + kp.mode + " (from " + loaded->mode_source +
                                      "): kubeadm-ipvs proxy runs IPVS mode only"));
  }
  if (!o.services_dir.empty() && !o.kubeconfig.empty()) {
    return Fail(Status::InvalidConfig(
        "--services-dir and --kubeconfig: give one source (a directory, or an API server)"));
  }
  daemon::DaemonOptions d{kp, o.hostname_override};
  if (d.hostname.empty())
    d.hostname = kp.hostname_override.empty() ? Hostname() : kp.hostname_override;
  if (!o.service_cidrs.empty()) {
    Result<std::vector<proxy::Cidr>> cidrs = daemon::ParseServiceCidrs(o.service_cidrs);
    if (!cidrs.ok()) return Fail(cidrs.status());
    d.routed_cidrs = std::move(cidrs).value();
  }
  if (o.cleanup) return RunCleanup(d);
  // Before any kernel change: a bad kubeconfig or directory changes nothing.
  Result<std::unique_ptr<daemon::Source>> opened = OpenSource(o, kp, d.hostname);
  if (!opened.ok()) return Fail(opened.status());
  std::unique_ptr<daemon::Source> source = std::move(opened).value();

  Result<std::unique_ptr<kmod::ModuleProbe>> modules = kmod::NewKmodProbe({});
  if (!modules.ok()) return Fail(modules.status());
  if (g_stop.load()) return 0;  // stopped before the first change to the node
  // Modules first: without ip_vs there is no IPVS netlink family to open
  // (nor net.ipv4.vs.* to set).
  Status st = daemon::LoadIpvsModules(**modules, kp.ipvs.scheduler);
  if (!st.ok()) return Fail(st);
  if (g_stop.load()) return 0;  // no sysctl written after the signal either
  st = daemon::ApplyNodeSysctls(**modules, kp, !d.routed_cidrs.empty());
  if (!st.ok()) return Fail(st);
  Result<std::unique_ptr<ipvs::Ipvs>> ipvs = ipvs::OpenNetlinkIpvs();
  if (!ipvs.ok()) return Fail(ExplainIpvsUnavailable(ipvs.status(), **modules));
  Result<std::unique_ptr<netif::Links>> links = netif::OpenNetlinkLinks();
  if (!links.ok()) return Fail(links.status());
  std::vector<std::string> not_removed;
  Result<NetfilterTools> nf = OpenNetfilter(false, not_removed);
  if (!nf.ok()) return Fail(nf.status());
  daemon::Kernel kernel{ipvs->get(),        links->get(),        nf->ipset.get(),
                        nf->iptables.get(), nf->ip6tables.get(), nf->conntrack.get(),
                        nf->random_fully};
  st = daemon::Run(d, kernel, *source, g_stop);
  return st.ok() ? 0 : Fail(st);
}

}  // namespace

void AddProxyCommand(CLI::App& root, int& exit_code) {
  auto o = std::make_shared<ProxyOptions>();
  CLI::App* sub = root.add_subcommand("proxy", "Run the IPVS node proxy");
  sub->add_option("--config", o->config, "a KubeProxyConfiguration file (mode: ipvs)");
  sub->add_option("--services-dir", o->services_dir,
                  "a directory of Service/EndpointSlice manifests to serve (no API server)");
  sub->add_option("--hostname-override", o->hostname_override,
                  "this node's name, as Local traffic policies compare it with endpoints");
  sub->add_option("--kubeconfig", o->kubeconfig,
                  "kubeconfig of the API server to watch (default: clientConnection.kubeconfig, "
                  "else the pod's service account)");
  sub->add_option("--service-cluster-ip-range", o->service_cidrs,
                  "the service CIDRs (kube-apiserver's flag of that name; one per family, "
                  "comma-separated): each is routed as local with one route instead of an "
                  "address per ClusterIP on kube-ipvs0 (sets strictARP)");
  sub->add_flag("--cleanup", o->cleanup,
                "remove what the proxy programs (virtual servers, kube-ipvs0, its ipsets and "
                "iptables chains), also where IPVS or a tool is missing, and exit");
  sub->callback([o, &exit_code] { exit_code = RunProxy(*o); });
}

}  // namespace ki::cmd
