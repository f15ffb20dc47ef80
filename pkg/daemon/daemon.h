// `kubeadm-ipvs proxy`: the main loop. With the IPVS modules loaded
// (LoadIpvsModules, before the IPVS netlink family can be opened), adopts what
// the kernel already has (no flush, ever), then keeps IPVS and kube-ipvs0 in
// the state the source's Services need: nothing is programmed before the
// source has seen every Service and EndpointSlice once; then changes coalesce
// under SyncPolicy (minSyncPeriod / syncPeriod), a full verification repairs
// drift every syncPeriod, failures retry as full syncs. Serves /healthz,
// /livez, /metrics.
// Also `proxy --cleanup`. Runs on the calling thread until Stop().
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "pkg/base/status.h"
#include "pkg/config/types.h"
#include "pkg/daemon/source.h"
#include "pkg/ipvs/ipvs.h"
#include "pkg/kmod/module_probe.h"
#include "pkg/netfilter/conntrack.h"
#include "pkg/netfilter/ipset.h"
#include "pkg/netfilter/iptables.h"
#include "pkg/netif/links.h"
#include "pkg/proxy/options.h"

namespace ki::daemon {

struct DaemonOptions {
  config::KubeProxyConfig kube_proxy;  // defaulted and validated
  std::string hostname;                // --hostname-override or the host's name
  std::string link_name = netif::kDefaultLinkName;
  // --service-cluster-ip-range: each CIDR is routed as local (one route on
  // lo) and refused but for Service ports, instead of a /32 per ClusterIP;
  // needs the iptables rules, and sets strictARP's sysctls. Default none.
  std::vector<proxy::Cidr> routed_cidrs;
};

// The kernel interfaces the daemon drives (netlink, and the iptables tools in
// production). Without ipset and iptables only IPVS and kube-ipvs0 are
// kept (tests of that half).
struct Kernel {
  ipvs::Ipvs* ipvs = nullptr;
  netif::Links* links = nullptr;
  netfilter::Ipset* ipset = nullptr;
  netfilter::Iptables* iptables = nullptr;    // IPv4
  netfilter::Iptables* ip6tables = nullptr;   // may be null
  netfilter::Conntrack* conntrack = nullptr;  // may be null: stale UDP flows stay
  bool random_fully = false;                  // MASQUERADE --random-fully is supported
};

// Loads every module IPVS mode needs; the error explains what is missing.
Status LoadIpvsModules(kmod::ModuleProbe& modules, const std::string& scheduler);

// The sysctls IPVS mode needs (for this kernel; strictARP's too, also when
// `routed`: a routed CIDR would otherwise answer ARP for every address in
// it), written where they differ. REQUIRES: LoadIpvsModules succeeded
// (net.ipv4.vs.*).
Status ApplyNodeSysctls(kmod::ModuleProbe& modules, const config::KubeProxyConfig& kp, bool routed,
                        const std::string& proc_sys = "/proc/sys");

// Runs until *stop becomes true. Returns an error only for start-up failures.
// stop is also checked between batches of kernel writes: once it is true
// nothing more is written (a sync in progress stops part way; the kernel
// keeps what it has, and the next start adopts it). The source should check
// it too while it reads (DirSourceOptions::stopped).
// REQUIRES: LoadIpvsModules succeeded.
Status Run(const DaemonOptions& options, Kernel kernel, Source& source,
           const std::atomic<bool>& stop);

// Removes what the proxy programs: every virtual server in the ranges it owns
// (all but excludeCIDRs, fwmark services never), its local routes (before
// the rules that guard them), the kube-ipvs0 link, and
// its iptables jumps and chains (when the Kernel has iptables) and its ipsets
// (when the kernel has ip_set): a node without one of them, or without IPVS (a
// null ipvs) or rtnetlink (null links), is cleaned of the rest.
Status Cleanup(const DaemonOptions& options, Kernel kernel);

}  // namespace ki::daemon
