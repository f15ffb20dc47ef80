#include "pkg/netfilter/iptables_rules.h"

#include <algorithm>
#include <cstdio>
#include <string_view>

#include "pkg/base/ip_text.h"
#include "pkg/netfilter/iptables_chains.h"
#include "pkg/netfilter/proxy_sets.h"

namespace ki::netfilter {
namespace {

// Builds one table's part of the restore input.
class TableText {
 public:
  explicit TableText(std::string_view table) : text_("*" + std::string(table) + "\n") {}
  void Chain(std::string_view chain) { text_ += ":" + std::string(chain) + " - [0:0]\n"; }
  void Rule(std::string_view chain, std::string_view spec) {
    text_ += "-A " + std::string(chain) + " " + std::string(spec) + "\n";
  }
  std::string Commit() && { return std::move(text_) + "COMMIT\n"; }

 private:
  std::string text_;
};

// Names and comments of the sets of one family.
class Sets {
 public:
  explicit Sets(bool ipv6) : specs_(ProxySets(ipv6)), ipv6_(ipv6) {}
  // "-m set --match-set KUBE-6-X dst,dst"
  std::string Match(std::string_view base, std::string_view dirs) const {
    return "-m set --match-set " + SetName(base, ipv6_) + " " + std::string(dirs);
  }
  // The same with the set's comment first, as upstream writes it.
  std::string Commented(std::string_view base, std::string_view dirs) const {
    return "-m comment --comment \"" + Comment(base) + "\" " + Match(base, dirs);
  }

 private:
  std::string Comment(std::string_view base) const {
    const std::string name = SetName(base, ipv6_);
    for (const SetSpec& s : specs_) {
      if (s.name == name) return s.comment;
    }
    return "";
  }

  std::vector<SetSpec> specs_;
  bool ipv6_;
};

std::string Hex(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%#x", v);
  return buf;
}

IpTextFamily FamilyOf(bool ipv6) { return ipv6 ? IpTextFamily::kIPv6 : IpTextFamily::kIPv4; }

// What `iptables -i` takes: a name the kernel allows (IFNAMSIZ, no '/', ':'
// or blanks), without quotes (iptables-restore would re-tokenize) or '!'
// (iptables reads a leading one as negation), and `+` only last, where it
// means "any name with this prefix".
bool IsInterfaceMatch(std::string_view name) {
  constexpr size_t kMaxName = 15;  // IFNAMSIZ - 1
  if (name.empty() || name.size() > kMaxName || name == "+") return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (c <= ' ' || c >= 0x7f ||
        std::string_view("/:\"'!").find(static_cast<char>(c)) != std::string_view::npos) {
      return false;
    }
    if (c == '+' && i + 1 != name.size()) return false;
  }
  return true;
}

// The masquerade rule for traffic to cluster IPs (upstream's three variants).
// `not_local` is the detector's IfNotLocal match, "" without a detector.
std::string ClusterIpMasquerade(const Sets& sets, const RuleOptions& o,
                                const std::string& not_local) {
  if (o.masquerade_all) return sets.Commented(kClusterIpSet, "dst,dst") + " -j KUBE-MARK-MASQ";
  if (!not_local.empty()) {
    return sets.Commented(kClusterIpSet, "dst,dst") + " " + not_local + " -j KUBE-MARK-MASQ";
  }
  return sets.Commented(kClusterIpSet, "src,dst") + " -j KUBE-MARK-MASQ";
}

// Traffic to external IPs from off the machine, or to one that is local anyway.
void ExternalIpAccept(TableText& t, const std::string& match) {
  t.Rule(kServicesChain,
         match + " -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ACCEPT");
  t.Rule(kServicesChain, match + " -m addrtype --dst-type LOCAL -j ACCEPT");
}

void NatServices(TableText& t, const Sets& s, const RuleOptions& o, const std::string& not_local) {
  t.Rule(kServicesChain, o.ipv6 ? "-s ::1/128 -j RETURN" : "-s 127.0.0.0/8 -j RETURN");
  t.Rule(kServicesChain, s.Commented(kLoadBalancerSet, "dst,dst") + " -j KUBE-LOAD-BALANCER");
  t.Rule(kServicesChain, ClusterIpMasquerade(s, o, not_local));
  const std::string external = s.Commented(kExternalIpSet, "dst,dst");
  t.Rule(kServicesChain, external + " -j KUBE-MARK-MASQ");
  ExternalIpAccept(t, external);
  ExternalIpAccept(t, s.Commented(kExternalIpLocalSet, "dst,dst"));
  t.Rule(kServicesChain, "-m addrtype --dst-type LOCAL -j KUBE-NODE-PORT");
  // Accept IPVS traffic in case other rules would drop it; must stay last.
  t.Rule(kServicesChain, s.Match(kClusterIpSet, "dst,dst") + " -j ACCEPT");
  t.Rule(kServicesChain, s.Match(kLoadBalancerSet, "dst,dst") + " -j ACCEPT");
}

void NatNodePorts(TableText& t, const Sets& s) {
  // Each Local set before its cluster-wide one: Local node ports keep the source.
  struct NodePortSets {
    const char* proto;
    std::string_view local;
    std::string_view all;
    const char* dirs;
  };
  for (const NodePortSets& n :
       {NodePortSets{"tcp", kNodePortLocalTcpSet, kNodePortTcpSet, "dst"},
        NodePortSets{"udp", kNodePortLocalUdpSet, kNodePortUdpSet, "dst"},
        NodePortSets{"sctp", kNodePortLocalSctpSet, kNodePortSctpSet, "dst,dst"}}) {
    const std::string p = std::string("-p ") + n.proto + " ";
    t.Rule(kNodePortChain, p + s.Commented(n.local, n.dirs) + " -j RETURN");
    t.Rule(kNodePortChain, p + s.Commented(n.all, n.dirs) + " -j KUBE-MARK-MASQ");
  }
}

std::string NatTable(const Sets& s, const RuleOptions& o, const std::string& not_local) {
  const std::string mark = Hex(1U << o.masquerade_bit);
  TableText t(kNatTable);
  for (std::string_view c : ProxyChains(kNatTable)) t.Chain(c);
  NatServices(t, s, o, not_local);
  t.Rule(kPostroutingChain, s.Commented(kLoopBackSet, "dst,dst,src") + " -j MASQUERADE");
  t.Rule(kPostroutingChain, "-m mark ! --mark " + mark + "/" + mark + " -j RETURN");
  // Clear the mark so a packet that traverses the stack again is not re-masqueraded.
  t.Rule(kPostroutingChain, "-j MARK --xor-mark " + mark);
  t.Rule(kPostroutingChain,
         std::string("-m comment --comment \"kubernetes service traffic requiring SNAT\" "
                     "-j MASQUERADE") +
             (o.random_fully ? " --random-fully" : ""));
  NatNodePorts(t, s);
  t.Rule(kLoadBalancerChain, s.Commented(kLoadBalancerLocalSet, "dst,dst") + " -j RETURN");
  t.Rule(kLoadBalancerChain, "-j KUBE-MARK-MASQ");
  t.Rule(kMarkMasqChain, "-j MARK --or-mark " + mark);
  return std::move(t).Commit();
}

void FilterIpvs(TableText& t, const Sets& s, const std::vector<std::string>& routed,
                std::vector<LbNoNodeAccess> lbs) {
  // Only Service ports may be reached on a VIP; other ports of the host
  // (sshd, ...) would otherwise answer on every cluster IP (issue 72236).
  for (std::string_view set :
       {kLoadBalancerSet, kClusterIpSet, kExternalIpSet, kExternalIpLocalSet}) {
    t.Rule(kIpvsFilterChain, s.Match(set, "dst,dst") + " -j RETURN");
  }
  t.Rule(kIpvsFilterChain, s.Match(kHealthCheckNodePortSet, "dst") + " -j RETURN");
  t.Rule(kIpvsFilterChain,
         "-m conntrack --ctstate NEW " + s.Match(kIpvsIpsSet, "dst") + " -j REJECT");
  // A routed service CIDR makes every address in it local, allocated or not:
  // only the Service ports above may answer there.
  for (const std::string& cidr : routed) {
    t.Rule(kIpvsFilterChain, "-m conntrack --ctstate NEW -d " + cidr + " -j REJECT");
  }
  std::sort(lbs.begin(), lbs.end());
  lbs.erase(std::unique(lbs.begin(), lbs.end()), lbs.end());
  for (const LbNoNodeAccess& lb : lbs) {
    t.Rule(kIpvsOutFilterChain, "-s " + lb.ip + " -m ipvs --vaddr " + lb.ip + " --vproto " +
                                    lb.protocol + " --vport " + std::to_string(lb.port) +
                                    " -j DROP");
  }
}

std::string FilterTable(const Sets& s, const RuleOptions& o) {
  const std::string mark = Hex(1U << o.masquerade_bit);
  TableText t(kFilterTable);
  for (std::string_view c : ProxyChains(kFilterTable)) t.Chain(c);
  // Marked (NodePort) traffic is forwarded even when FORWARD's policy is DROP.
  t.Rule(kForwardChain, "-m comment --comment \"kubernetes forwarding rules\" -m mark --mark " +
                            mark + "/" + mark + " -j ACCEPT");
  t.Rule(kForwardChain,
         "-m comment --comment \"kubernetes forwarding conntrack rule\" -m conntrack --ctstate "
         "RELATED,ESTABLISHED -j ACCEPT");
  t.Rule(kNodePortChain, s.Commented(kHealthCheckNodePortSet, "dst") + " -j ACCEPT");
  t.Rule(kProxyFirewallChain,
         s.Commented(kLoadBalancerFwSet, "dst,dst") + " -j KUBE-SOURCE-RANGES-FIREWALL");
  t.Rule(kSourceRangesFirewallChain,
         s.Commented(kLoadBalancerSourceCidrSet, "dst,dst,src") + " -j RETURN");
  t.Rule(kSourceRangesFirewallChain,
         s.Commented(kLoadBalancerSourceIpSet, "dst,dst,src") + " -j RETURN");
  t.Rule(kSourceRangesFirewallChain, "-j DROP");
  std::vector<std::string> routed;
  for (const std::string& c : o.routed_cidrs) {
    if (IsCidrText(c, FamilyOf(o.ipv6))) routed.push_back(c);
  }
  FilterIpvs(t, s, routed, o.lb_no_node_access);
  return std::move(t).Commit();
}

Status ValidateDetector(const RuleOptions& o, const std::vector<std::string>& local) {
  const std::string family = o.ipv6 ? "IPv6" : "IPv4";
  if (!o.local_cidrs.empty() && !o.local_interface.empty()) {
    return Status::InvalidConfig("detect-local: local CIDRs and interface " + o.local_interface +
                                 " are two detectors; set one");
  }
  if (local.size() > 1) {
    return Status::InvalidConfig("detect-local: one " + family + " CIDR at most, got " + local[0] +
                                 " and " + local[1]);
  }
  if (!local.empty() && !IsCidrText(local[0], FamilyOf(o.ipv6))) {
    return Status::InvalidConfig("detect-local: \"" + local[0] + "\" is not an " + family +
                                 " CIDR");
  }
  if (!o.local_interface.empty() && !IsInterfaceMatch(o.local_interface)) {
    return Status::InvalidConfig("detect-local: \"" + o.local_interface +
                                 "\" is not an interface name (at most 15 characters, no "
                                 "blanks, quotes or / : !; + only last, as a prefix match)");
  }
  return Status::Ok();
}

Status Validate(const RuleOptions& o, const std::vector<std::string>& local) {
  if (o.masquerade_bit > 31) {
    return Status::InvalidConfig("iptables masquerade bit " + std::to_string(o.masquerade_bit) +
                                 " is not in 0..31");
  }
  KI_RETURN_IF_ERROR(ValidateDetector(o, local));
  for (const std::string& c : o.routed_cidrs) {
    if (!IsCidrText(c, IpTextFamily::kIPv4) && !IsCidrText(c, IpTextFamily::kIPv6)) {
      return Status::InvalidConfig("routed service CIDR \"" + c + "\" is not a CIDR");
    }
  }
  for (const LbNoNodeAccess& lb : o.lb_no_node_access) {
    if (!IsIpText(lb.ip, FamilyOf(o.ipv6)) ||
        (lb.protocol != "tcp" && lb.protocol != "udp" && lb.protocol != "sctp")) {
      return Status::InvalidConfig("load balancer entry " + lb.ip + " " + lb.protocol + ":" +
                                   std::to_string(lb.port) + " is not an IPv" +
                                   (o.ipv6 ? "6" : "4") + " address with tcp, udp or sctp");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> RenderProxyRules(const RuleOptions& options) {
  std::vector<std::string> local;
  for (const std::string& c : options.local_cidrs) {
    if ((c.find(':') != std::string::npos) == options.ipv6) local.push_back(c);
  }
  KI_RETURN_IF_ERROR(Validate(options, local));
  std::string not_local;
  if (!local.empty()) not_local = "! -s " + local.front();
  if (!options.local_interface.empty()) not_local = "! -i " + options.local_interface;
  const Sets sets(options.ipv6);
  return NatTable(sets, options, not_local) + FilterTable(sets, options);
}

}  // namespace ki::netfilter
