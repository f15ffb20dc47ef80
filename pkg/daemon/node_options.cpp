#include "pkg/daemon/node_options.h"

#include <algorithm>

namespace ki::daemon {

Result<proxy::ProxyOptions> MakeProxyOptions(const config::KubeProxyConfig& kp,
                                             const std::string& hostname,
                                             const std::vector<netif::LocalAddress>& other) {
  proxy::ProxyOptions o;
  o.scheduler = kp.ipvs.scheduler.empty() ? "rr" : kp.ipvs.scheduler;
  o.hostname = hostname;
  for (const netif::LocalAddress& a : other) o.other_interface_addrs.insert(a.addr);
  std::vector<proxy::Cidr> filter;
  for (const std::string& text : kp.node_port_addresses) {
    if (text == "primary") continue;  // every node address is taken below
    Result<proxy::Cidr> c = proxy::Cidr::Parse(text);
    if (!c.ok()) return c.status().Wrap("nodePortAddresses");
    filter.push_back(*c);
  }
  for (const ipvs::IpAddress& a : netif::NodeAddresses(other)) {
    bool wanted = filter.empty();
    for (const proxy::Cidr& c : filter) wanted = wanted || c.Contains(a);
    if (wanted) o.node_ips.push_back(a);
  }
  for (const std::string& text : kp.ipvs.exclude_cidrs) {
    Result<proxy::Cidr> c = proxy::Cidr::Parse(text);
    if (!c.ok()) return c.status().Wrap("ipvs.excludeCIDRs");
    o.ownership.exclude.push_back(*c);
  }
  return o;
}

Result<std::vector<proxy::Cidr>> ParseServiceCidrs(std::string_view text) {
  const std::string flag = "--service-cluster-ip-range \"" + std::string(text) + "\": ";
  std::vector<proxy::Cidr> out;
  for (size_t begin = 0; begin <= text.size();) {
    const size_t comma = std::min(text.find(',', begin), text.size());
    const std::string_view item = text.substr(begin, comma - begin);
    begin = comma + 1;
    Result<proxy::Cidr> c = proxy::Cidr::Parse(item);
    if (!c.ok() || item.find('/') == std::string_view::npos) {
      return Status::InvalidConfig(flag + "\"" + std::string(item) +
                                   "\" is not a CIDR (e.g. 10.96.0.0/12 or fd00:10:96::/108)");
    }
    const int bits = c->base.family == ipvs::kAfInet6 ? 128 : 32;
    if (bits - c->prefix > 20) {
      return Status::InvalidConfig(
          flag + std::string(item) + " is too large: at most 20 host bits (/" +
          std::to_string(bits - 20) + " or longer), as kube-apiserver allows");
    }
    for (const proxy::Cidr& prev : out) {
      if (prev.base.family == c->base.family) {
        return Status::InvalidConfig(flag +
                                     "two CIDRs of one family; give at most one IPv4 and one IPv6");
      }
    }
    out.push_back(c->Masked());
  }
  return out;
}

Status CheckRoutedCidrs(const std::vector<proxy::Cidr>& routed,
                        const std::vector<netif::LocalAddress>& node_addrs) {
  for (const ipvs::IpAddress& a : netif::NodeAddresses(node_addrs)) {
    for (const proxy::Cidr& c : routed) {
      if (!c.Contains(a)) continue;
      return Status::InvalidConfig(
          "--service-cluster-ip-range " + c.ToString() + " holds " + a.ToString() +
          ", an address of this node: routed as local, the rest of the node's network "
          "would be unreachable; give kube-apiserver's --service-cluster-ip-range");
    }
  }
  return Status::Ok();
}

namespace {

// Without a detector only masqueradeAll masquerades off-cluster traffic, so
// the note is for the case where that matters.
void NoteNoDetector(const config::KubeProxyConfig& kp, const std::string& why,
                    const std::string& fix, std::vector<std::string>& notes) {
  if (kp.iptables.masquerade_all) return;
  notes.push_back(why + ": traffic to ClusterIPs from outside the cluster is not masqueraded; " +
                  fix);
}

// The first CIDR of each family, as upstream's detector takes them.
std::vector<std::string> FirstOfEachFamily(const std::vector<std::string>& cidrs) {
  std::vector<std::string> out;
  bool v4 = false, v6 = false;
  for (const std::string& c : cidrs) {
    bool& seen = c.find(':') != std::string::npos ? v6 : v4;
    if (c.empty() || seen) continue;
    seen = true;
    out.push_back(c);
  }
  return out;
}

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

// A mode it cannot build leaves no detector, as upstream's no-op one does.
void SetDetector(const config::KubeProxyConfig& kp, const std::vector<std::string>& pod_cidrs,
                 netfilter::RuleOptions& r, std::vector<std::string>& notes) {
  const std::string& mode = kp.detect_local_mode;
  if (mode.empty() || mode == "ClusterCIDR") {
    r.local_cidrs = FirstOfEachFamily(SplitCommas(kp.cluster_cidr));
    if (r.local_cidrs.empty()) {
      NoteNoDetector(kp, "clusterCIDR is empty",
                     "set clusterCIDR (kubeadm: networking.podSubnet) or masqueradeAll", notes);
    }
  } else if (mode == "NodeCIDR") {
    r.local_cidrs = FirstOfEachFamily(pod_cidrs);
    if (r.local_cidrs.empty()) {
      NoteNoDetector(kp, "detectLocalMode is NodeCIDR but this Node has no spec.podCIDRs",
                     "kube-controller-manager assigns them with --allocate-node-cidrs (kubeadm "
                     "sets it when networking.podSubnet is set), or use detectLocalMode "
                     "ClusterCIDR",
                     notes);
    }
  } else if (mode == "BridgeInterface" && !kp.detect_local.bridge_interface.empty()) {
    r.local_interface = kp.detect_local.bridge_interface;
  } else if (mode == "InterfaceNamePrefix" && !kp.detect_local.interface_name_prefix.empty()) {
    // iptables' `+` suffix matches every interface whose name starts with the prefix.
    r.local_interface = kp.detect_local.interface_name_prefix + "+";
  } else {
    NoteNoDetector(kp, "detectLocalMode " + mode + " has no local-traffic detector",
                   "use ClusterCIDR, NodeCIDR, BridgeInterface (with detectLocal.bridgeInterface) "
                   "or InterfaceNamePrefix (with detectLocal.interfaceNamePrefix)",
                   notes);
  }
}

}  // namespace

netfilter::RuleOptions MakeRuleOptions(const config::KubeProxyConfig& kp, bool random_fully,
                                       const std::vector<std::string>& node_pod_cidrs,
                                       std::vector<std::string>& notes) {
  netfilter::RuleOptions r;
  // IPVS mode reads the iptables section for these two, as upstream does.
  r.masquerade_bit = static_cast<uint32_t>(kp.iptables.masquerade_bit.value_or(14));
  r.masquerade_all = kp.iptables.masquerade_all;
  r.random_fully = random_fully;
  SetDetector(kp, node_pod_cidrs, r, notes);
  return r;
}

bool NeedsNodePodCidrs(const config::KubeProxyConfig& kp) {
  return kp.detect_local_mode == "NodeCIDR";
}

}  // namespace ki::daemon
