#include <initializer_list>
#include <string>
#include <string_view>

#include "pkg/config/defaults.h"
#include "pkg/config/validate_internal.h"

namespace ki::config {
namespace {

// One setting of a section, and whether it differs from kube-proxy's default
// (a default value has no effect to speak of in any mode).
struct Setting {
  std::string_view path;  // under kubeProxy.
  bool set;
};

void NoticeUnread(const SourceMap& sources, Diagnostics& d, std::initializer_list<Setting> settings,
                  const std::string& why) {
  for (const Setting& s : settings) {
    auto it = sources.find("kubeProxy." + std::string(s.path));
    if (!s.set || it == sources.end()) continue;
    d.Notice(it->second.where, it->second.written_path + " has no effect " + why);
  }
}

}  // namespace

// Settings the chosen mode does not read, after upstream's createProxier
// (cmd/kube-proxy/app/server_linux.go) and the v1alpha1 conversion: the ipvs
// proxier reads iptables.masqueradeBit and masqueradeAll and no other iptables
// or nftables setting; the nftables proxier reads no iptables or ipvs one;
// winkernel and windowsRunAsService are read on Windows only; udpIdleTimeout
// and portRange configured the userspace proxier (removed in v1.26).
void NoticeSettingsOfOtherModes(const KubeProxyConfig& kp, const SourceMap& sources,
                                Diagnostics& d) {
  KubeProxyConfig def;
  ApplyKubeProxyDefaults(def);
  const std::string& mode = kp.mode;
  const IptablesSettings& ipt = kp.iptables;
  const IpvsSettings& ipvs = kp.ipvs;
  const NftablesSettings& nft = kp.nftables;
  std::string in_mode = "in " + mode + " mode";
  if (mode != "iptables") {
    std::string why = mode == "ipvs" ? in_mode +
                                           ": of the iptables settings the ipvs proxier "
                                           "reads only masqueradeBit and masqueradeAll"
                                     : in_mode + ": it configures the iptables proxier";
    NoticeUnread(sources, d,
                 {{"iptables.localhostNodePorts",
                   ipt.localhost_node_ports != def.iptables.localhost_node_ports},
                  {"iptables.snatNodeInternalIP",
                   ipt.snat_node_internal_ip != def.iptables.snat_node_internal_ip},
                  {"iptables.syncPeriod", ipt.sync_period != def.iptables.sync_period},
                  {"iptables.minSyncPeriod", ipt.min_sync_period != def.iptables.min_sync_period}},
                 why);
  }
  if (mode == "nftables") {
    NoticeUnread(sources, d,
                 {{"iptables.masqueradeBit", ipt.masquerade_bit != def.iptables.masquerade_bit},
                  {"iptables.masqueradeAll", ipt.masquerade_all != def.iptables.masquerade_all}},
                 in_mode + ": it configures the iptables and ipvs proxiers");
  }
  if (mode != "ipvs") {
    NoticeUnread(sources, d,
                 {{"ipvs.syncPeriod", ipvs.sync_period != def.ipvs.sync_period},
                  {"ipvs.minSyncPeriod", ipvs.min_sync_period != def.ipvs.min_sync_period},
                  {"ipvs.scheduler", ipvs.scheduler != def.ipvs.scheduler},
                  {"ipvs.excludeCIDRs", ipvs.exclude_cidrs != def.ipvs.exclude_cidrs},
                  {"ipvs.strictARP", ipvs.strict_arp != def.ipvs.strict_arp},
                  {"ipvs.tcpTimeout", ipvs.tcp_timeout != def.ipvs.tcp_timeout},
                  {"ipvs.tcpFinTimeout", ipvs.tcp_fin_timeout != def.ipvs.tcp_fin_timeout},
                  {"ipvs.udpTimeout", ipvs.udp_timeout != def.ipvs.udp_timeout}},
                 in_mode + ": it configures the ipvs proxier");
  }
  if (mode != "nftables") {
    NoticeUnread(sources, d,
                 {{"nftables.masqueradeBit", nft.masquerade_bit != def.nftables.masquerade_bit},
                  {"nftables.masqueradeAll", nft.masquerade_all != def.nftables.masquerade_all},
                  {"nftables.syncPeriod", nft.sync_period != def.nftables.sync_period},
                  {"nftables.minSyncPeriod", nft.min_sync_period != def.nftables.min_sync_period}},
                 in_mode + ": it configures the nftables proxier");
  }
  const WinkernelSettings& win = kp.winkernel;
  NoticeUnread(sources, d,
               {{"winkernel.networkName", !win.network_name.empty()},
                {"winkernel.sourceVip", !win.source_vip.empty()},
                {"winkernel.enableDSR", win.enable_dsr},
                {"winkernel.rootHnsEndpointName", !win.root_hns_endpoint_name.empty()},
                {"winkernel.forwardHealthCheckVip", win.forward_health_check_vip},
                {"windowsRunAsService", kp.windows_run_as_service}},
               "on Linux: kube-proxy reads it on Windows only");
  NoticeUnread(sources, d,
               {{"udpIdleTimeout", kp.udp_idle_timeout != def.udp_idle_timeout},
                {"portRange", kp.port_range != def.port_range}},
               in_mode +
                   ": it configured the userspace proxier, which kube-proxy removed in "
                   "v1.26");
}

}  // namespace ki::config
