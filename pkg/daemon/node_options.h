// The engine's options from the KubeProxyConfiguration and this node's
// interfaces: the scheduler, the hostname Local policies compare with, the
// NodePort addresses (after nodePortAddresses), the addresses other
// interfaces already hold, and the ranges the proxy must never remove
// (excludeCIDRs); and the options of its iptables rules. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pkg/base/status.h"
#include "pkg/config/types.h"
#include "pkg/netfilter/iptables_rules.h"
#include "pkg/netif/links.h"
#include "pkg/proxy/options.h"

namespace ki::daemon {

Result<proxy::ProxyOptions> MakeProxyOptions(const config::KubeProxyConfig& kp,
                                             const std::string& hostname,
                                             const std::vector<netif::LocalAddress>& other_addrs);

// --service-cluster-ip-range: the service CIDRs, comma-separated, at most one
// per family, each at most 20 host bits (/12 for IPv4, /108 for IPv6), as
// kube-apiserver takes the flag of that name; host bits are cleared, as it
// does. Errors name the flag, the value and the rule.
Result<std::vector<proxy::Cidr>> ParseServiceCidrs(std::string_view text);

// A routed service CIDR that holds an address of this node (loopback and
// link-local aside) would make the node's own network local: an error naming
// both. Pure.
Status CheckRoutedCidrs(const std::vector<proxy::Cidr>& routed,
                        const std::vector<netif::LocalAddress>& node_addrs);

// masqueradeBit, masqueradeAll, and the local-traffic detector of
// detectLocalMode, as upstream builds it: "" or ClusterCIDR -> clusterCIDR;
// NodeCIDR -> `node_pod_cidrs` (this Node's spec.podCIDRs; the first of each
// family); BridgeInterface -> detectLocal.bridgeInterface; InterfaceNamePrefix
// -> detectLocal.interfaceNamePrefix + "+". A mode it cannot build leaves no
// detector, as upstream's no-op one, and says why in `notes`.
netfilter::RuleOptions MakeRuleOptions(const config::KubeProxyConfig& kp, bool random_fully,
                                       const std::vector<std::string>& node_pod_cidrs,
                                       std::vector<std::string>& notes);

// True when the detector is built from this Node's spec.podCIDRs (NodeCIDR),
// so the rules should wait for the Node, as upstream waits at start.
bool NeedsNodePodCidrs(const config::KubeProxyConfig& kp);

}  // namespace ki::daemon
