// The proxy's own iptables rules (nat and filter) as one
// `iptables-restore --noflush` input, reproducing the rules upstream
// kube-proxy's IPVS mode writes (pkg/proxy/ipvs/proxier.go writeIptablesRules,
// ipsetWithIptablesChain, acceptIPVSTraffic). Each chain is declared, which
// makes iptables-restore flush it, and refilled; other chains are untouched.
//
// One deliberate difference: upstream writes a set-matching rule only while
// the set is non-empty; here every such rule is always written, so the text
// depends on configuration alone (and the KUBE-IPVS-OUT-FILTER entries), and
// a sync that changed neither needs no iptables-restore at all. A rule
// matching an empty set matches nothing, so behaviour is the same.
// REQUIRES: the sets exist when the text is restored (restore the ipset script
// of ProxySets() first); a rule naming a missing set fails the restore.
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pkg/base/status.h"

namespace ki::netfilter {

// A LoadBalancer address:port with source ranges that do not include the
// node: upstream drops the node's own connections to it (issue 119656).
struct LbNoNodeAccess {
  std::string ip;        // the load balancer IP, of the rules' family
  std::string protocol;  // "tcp", "udp", "sctp"
  uint16_t port = 0;
  auto operator<=>(const LbNoNodeAccess&) const = default;
};

struct RuleOptions {
  bool ipv6 = false;             // default false: IPv4 rules (iptables), true: ip6tables
  uint32_t masquerade_bit = 14;  // default 14: mark 0x4000; 0..31
  bool masquerade_all = false;   // default false; true: SNAT all traffic to cluster IPs
  // The local-traffic detector: traffic to a cluster IP that does not match
  // it is masqueraded (upstream's IfNotLocal; the IPVS proxier uses no other
  // matcher). Set at most one of the two. Default: neither, no detector, and
  // node-originated traffic from a VIP source is masqueraded (src,dst).
  // detectLocalMode ClusterCIDR or NodeCIDR: `! -s CIDR`. CIDRs of the other
  // family are ignored; at most one per family. Default empty.
  std::vector<std::string> local_cidrs;
  // detectLocalMode BridgeInterface ("cbr0") or InterfaceNamePrefix ("veth+",
  // the `+` included): `! -i NAME`, in both families. Default "".
  std::string local_interface;
  bool random_fully = false;  // default false; true: MASQUERADE --random-fully (iptables >= 1.6.2)
  // Service CIDRs routed as local (either family; this family's are used):
  // KUBE-IPVS-FILTER rejects new connections to them that no Service port
  // took. Default empty.
  std::vector<std::string> routed_cidrs;
  std::vector<LbNoNodeAccess>
      lb_no_node_access;  // default empty; written sorted, without duplicates
};

// "*nat ... COMMIT\n*filter ... COMMIT\n". kInvalidConfig for a bit above 31,
// two local CIDRs of the family, a malformed local CIDR or interface, both
// kinds of detector, a malformed routed CIDR, or a malformed LbNoNodeAccess.
Result<std::string> RenderProxyRules(const RuleOptions& options);

}  // namespace ki::netfilter
