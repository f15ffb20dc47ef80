// The engine's options from the KubeProxyConfiguration and this node's
// interfaces: the scheduler, the hostname Local policies compare with, the
// NodePort addresses (after nodePortAddresses), the addresses other
// interfaces already hold, and the ranges the proxy must never remove
// (excludeCIDRs); and the options of its iptables rules. Pure.
#pragma once

#include <string>
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

// masqueradeBit, masqueradeAll, and the ClusterCIDR local-traffic detector
// (detectLocalMode "" or ClusterCIDR; the other modes are not built: no
// detector, as upstream without one). Warnings go to `notes`.
netfilter::RuleOptions MakeRuleOptions(const config::KubeProxyConfig& kp, bool random_fully,
                                       std::vector<std::string>& notes);

}  // namespace ki::daemon
