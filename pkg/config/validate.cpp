#include "pkg/config/validate.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <regex>

#include "pkg/base/quote.h"
#include "pkg/config/defaults.h"
#include "pkg/config/net_parse.h"
#include "pkg/config/validate_internal.h"

namespace ki::config {

std::vector<std::string> SplitComma(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    out.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

// "a,b" CIDRs, at most one per family (dual-stack).
bool IsCidrList(const std::string& s) {
  std::vector<std::string> parts = SplitComma(s);
  if (parts.size() > 2) return false;
  for (const std::string& p : parts) {
    if (!IsCidr(p)) return false;
  }
  return parts.size() < 2 || IsIpv6Address(parts[0].substr(0, parts[0].find('/'))) !=
                                 IsIpv6Address(parts[1].substr(0, parts[1].find('/')));
}

namespace {

bool IsPortRange(const std::string& s) {
  if (s.empty()) return true;
  size_t sep = s.find_first_of("-+");
  if (sep == std::string::npos) return false;
  int a = -1, b = -1;
  auto pa = std::from_chars(s.data(), s.data() + sep, a);
  auto pb = std::from_chars(s.data() + sep + 1, s.data() + s.size(), b);
  if (pa.ec != std::errc() || pb.ec != std::errc() || pa.ptr != s.data() + sep ||
      pb.ptr != s.data() + s.size()) {
    return false;
  }
  int last = s[sep] == '-' ? b : a + b - 1;
  return a >= 1 && last >= a && last <= 65535;
}

// "v1.9.0", "1.33.2-rc.1": major, minor, patch and whether it is a pre-release.
struct Semver {
  int major = 0, minor = 0, patch = 0;
  bool pre_release = false;
};

std::optional<Semver> ParseSemver(const std::string& text) {
  static const std::regex kSemver("^v?([0-9]{1,9})\\.([0-9]{1,9})\\.([0-9]{1,9})([-+].*)?$");
  std::smatch m;
  if (!std::regex_match(text, m, kSemver)) return std::nullopt;
  return Semver{std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3]),
                m[4].length() > 0 && m[4].str()[0] == '-'};
}

enum class Skew { kSupported, kTooOld, kTooNew };

// kubeadm deploys from v<major>.<its minor - 1>.0 (a pre-release of that is
// older) and warns above its own minor.
Skew SkewAgainst(const Semver& v, const Semver& kubeadm) {
  if (v.major != kubeadm.major) return v.major < kubeadm.major ? Skew::kTooOld : Skew::kTooNew;
  if (v.minor > kubeadm.minor) return Skew::kTooNew;
  if (v.minor < kubeadm.minor - 1) return Skew::kTooOld;
  bool before_minimum = v.minor == kubeadm.minor - 1 && v.patch == 0 && v.pre_release;
  return before_minimum ? Skew::kTooOld : Skew::kSupported;
}

void ValidateSyncPeriods(Checker& c, const std::string& section, Duration sync, Duration min) {
  c.Require(sync.ns > 0, section + ".syncPeriod", "must be greater than 0");
  c.Require(min.ns >= 0, section + ".minSyncPeriod", "must be greater than or equal to 0");
  c.Require(min <= sync, section + ".syncPeriod",
            "must be greater than or equal to " + section + ".minSyncPeriod (" +
                FormatDuration(min) + ")");
}

void ValidateIpvs(Checker& c, const IpvsSettings& ipvs) {
  ValidateSyncPeriods(c, "ipvs", ipvs.sync_period, ipvs.min_sync_period);
  const std::string& s = ipvs.scheduler;
  bool known = s.empty() || std::find(std::begin(kIpvsSchedulers), std::end(kIpvsSchedulers), s) !=
                                std::end(kIpvsSchedulers);
  c.Require(
      known, "ipvs.scheduler",
      "unknown IPVS scheduler \"" + s +
          "\"; use one of rr, wrr, lc, wlc, lblc, lblcr, sh, dh, sed, nq, mh (empty means rr)");
  for (size_t i = 0; i < ipvs.exclude_cidrs.size(); ++i) {
    c.Require(IsCidr(ipvs.exclude_cidrs[i]), "ipvs.excludeCIDRs",
              "\"" + ipvs.exclude_cidrs[i] + "\" (item " + std::to_string(i) +
                  ") is not a valid CIDR such as 10.0.0.0/8");
  }
  for (auto [field, value] : {std::pair{"ipvs.tcpTimeout", ipvs.tcp_timeout},
                              std::pair{"ipvs.tcpFinTimeout", ipvs.tcp_fin_timeout},
                              std::pair{"ipvs.udpTimeout", ipvs.udp_timeout}}) {
    c.Require(value.ns >= 0, field, "must be greater than or equal to 0");
  }
}

void ValidateAddresses(Checker& c, const KubeProxyConfig& kp) {
  c.Require(IsIpAddress(kp.bind_address), "bindAddress",
            "\"" + kp.bind_address + "\" is not a valid IP address");
  c.Require(kp.healthz_bind_address.empty() || IsIpPort(kp.healthz_bind_address, true),
            "healthzBindAddress",
            "\"" + kp.healthz_bind_address + "\" is not IP:port (e.g. 0.0.0.0:10256)");
  c.Require(kp.metrics_bind_address.empty() || IsIpPort(kp.metrics_bind_address, true),
            "metricsBindAddress",
            "\"" + kp.metrics_bind_address + "\" is not IP:port (e.g. 127.0.0.1:10249)");
  c.Require(
      kp.cluster_cidr.empty() || IsCidrList(kp.cluster_cidr), "clusterCIDR",
      "\"" + kp.cluster_cidr + "\" is not a CIDR (or one IPv4 and one IPv6 CIDR, comma-separated)");
  for (const std::string& a : kp.node_port_addresses) {
    c.Require(a == "primary" || IsCidr(a), "nodePortAddresses",
              "\"" + a + "\" is not a CIDR (or \"primary\")");
  }
  c.Require(IsPortRange(kp.port_range), "portRange",
            "\"" + kp.port_range + "\" is not a port range such as 30000-32767 or 30000+2768");
}

void ValidateModeAndLocal(Checker& c, const KubeProxyConfig& kp) {
  if (kp.mode == "userspace") {
    c.Fail("mode", "userspace mode was removed from kube-proxy in v1.26; use ipvs");
  } else {
    c.Require(kp.mode == "ipvs" || kp.mode == "iptables" || kp.mode == "nftables", "mode",
              "unknown proxy mode \"" + kp.mode + "\"; use ipvs, iptables or nftables");
  }
  const std::string& dl = kp.detect_local_mode;
  c.Require(dl.empty() || dl == "ClusterCIDR" || dl == "NodeCIDR" || dl == "BridgeInterface" ||
                dl == "InterfaceNamePrefix",
            "detectLocalMode",
            "unknown mode \"" + dl +
                "\"; use ClusterCIDR, NodeCIDR, BridgeInterface or InterfaceNamePrefix");
  c.Require(dl != "BridgeInterface" || !kp.detect_local.bridge_interface.empty(), "detectLocalMode",
            "BridgeInterface needs detectLocal.bridgeInterface");
  c.Require(dl != "InterfaceNamePrefix" || !kp.detect_local.interface_name_prefix.empty(),
            "detectLocalMode", "InterfaceNamePrefix needs detectLocal.interfaceNamePrefix");
}

}  // namespace

// kubeadm v1.31, the first to read v1beta4, deployed v1.30.0 and later.
constexpr int kFirstV1Beta4ControlPlaneMinor = 30;

void CheckKubernetesVersion(ClusterConfig& config, const std::string& source,
                            const SourceMap& sources, Diagnostics& d) {
  std::optional<Semver> v = ParseSemver(config.kubernetes_version);
  std::optional<Semver> kubeadm = ParseSemver(kDefaultKubernetesVersion);
  if (!v || !kubeadm) return;  // a label (stable, latest-1.x), or invalid: Validate says so
  Skew skew = SkewAgainst(*v, *kubeadm);
  if (skew == Skew::kSupported) return;
  std::string major = std::to_string(kubeadm->major);
  std::string target =
      "kubeadm v" + major + "." + std::to_string(kubeadm->minor) + " (kubeadm.k8s.io/v1beta4)";
  std::string minimum = major + "." + std::to_string(kubeadm->minor - 1) + ".0";
  std::string range = "v" + minimum + " to v" + major + "." + std::to_string(kubeadm->minor) + ".x";
  auto at = sources.find("kubernetesVersion");
  Position where = at == sources.end() ? Position{} : at->second.where;
  std::string said = (at == sources.end() ? "kubernetesVersion" : at->second.written_path) + ": " +
                     config.kubernetes_version;
  if (skew == Skew::kTooNew) {
    d.Warning(where, said + " is newer than " + target + " supports (" + range +
                         "); kubeadm's preflight warns \"Kubernetes version is greater than "
                         "kubeadm version. Please consider to upgrade kubeadm.\"");
    return;
  }
  std::string refusal =
      "\"this version of kubeadm only supports deploying clusters with the control plane "
      "version >= " +
      minimum + "\"";
  // A file written for an older kubeadm is migrated. For v1beta4 that is
  // the versions kubeadm v1.31 (its first reader, minimum v1.30.0) and later
  // deployed; older than that no kubeadm reading v1beta4 took.
  bool v1beta4 = source.rfind("kubeadm.k8s.io/v1beta4", 0) == 0;
  bool older_api = source.rfind("kubeadm.k8s.io/", 0) == 0 &&
                   (!v1beta4 || (v->major == 1 && v->minor >= kFirstV1Beta4ControlPlaneMinor));
  if (!older_api) {
    d.Error(where, said + " is older than " + target + " deploys (" + range +
                       "); kubeadm refuses it: " + refusal);
    return;
  }
  d.Notice(where, said + " (written for " + source.substr(0, source.find(' ')) +
                      ") is outside what " + target + " deploys (" + range + ": " + refusal +
                      "); kubeadm-ipvs uses " + kDefaultKubernetesVersion +
                      " and writes it; set kubernetesVersion to choose another in that range");
  config.kubernetes_version = kDefaultKubernetesVersion;
}

void ValidateKubeProxy(const KubeProxyConfig& kp, const SourceMap& sources, Diagnostics& d) {
  Checker c(sources, d, "kubeProxy");
  ValidateModeAndLocal(c, kp);
  NoticeSettingsOfOtherModes(kp, sources, d);
  if (kp.mode == "ipvs") ValidateIpvs(c, kp.ipvs);
  if (kp.mode == "nftables") {
    ValidateSyncPeriods(c, "nftables", kp.nftables.sync_period, kp.nftables.min_sync_period);
  }
  ValidateSyncPeriods(c, "iptables", kp.iptables.sync_period, kp.iptables.min_sync_period);
  int bit = kp.iptables.masquerade_bit.value_or(14);
  c.Require(bit >= 0 && bit <= 31, "iptables.masqueradeBit", "must be within the range [0, 31]");
  ValidateAddresses(c, kp);
  int oom = kp.oom_score_adj.value_or(0);
  c.Require(oom >= -1000 && oom <= 1000, "oomScoreAdj", "must be within the range [-1000, 1000]");
  c.Require(kp.udp_idle_timeout.ns > 0, "udpIdleTimeout", "must be greater than 0");
  c.Require(kp.config_sync_period.ns > 0, "configSyncPeriod", "must be greater than 0");
  c.Require(kp.client_connection.qps >= 0, "clientConnection.qps",
            "must be greater than or equal to 0");
  c.Require(kp.client_connection.burst >= 0, "clientConnection.burst",
            "must be greater than or equal to 0");
  c.Require(kp.conntrack.max_per_core.value_or(0) >= 0, "conntrack.maxPerCore",
            "must be greater than or equal to 0");
  c.Require(kp.conntrack.min.value_or(0) >= 0, "conntrack.min",
            "must be greater than or equal to 0");
}

void Validate(const ClusterConfig& cfg, const SourceMap& sources, Diagnostics& d) {
  if (sources.count("kubeProxy.clusterCIDR") == 0 &&
      cfg.kube_proxy.cluster_cidr == cfg.pod_subnet) {
    // clusterCIDR was derived from podSubnet, which is checked below: one
    // mistake, one error.
    KubeProxyConfig kp = cfg.kube_proxy;
    kp.cluster_cidr.clear();
    ValidateKubeProxy(kp, sources, d);
  } else {
    ValidateKubeProxy(cfg.kube_proxy, sources, d);
  }
  Checker c(sources, d, "");
  c.Require(cfg.advertise_address.empty() || IsIpAddress(cfg.advertise_address), "advertiseAddress",
            "\"" + cfg.advertise_address + "\" is not a valid IP address");
  c.Require(cfg.bind_port >= 1 && cfg.bind_port <= 65535, "bindPort",
            "port " + std::to_string(cfg.bind_port) + " is not within 1-65535");
  c.Require(IsCidrList(cfg.service_subnet), "networking.serviceSubnet",
            "\"" + cfg.service_subnet + "\" is not a CIDR such as 10.96.0.0/12");
  c.Require(cfg.pod_subnet.empty() || IsCidrList(cfg.pod_subnet), "networking.podSubnet",
            "\"" + cfg.pod_subnet + "\" is not a CIDR such as 10.244.0.0/16");
  c.Require(IsDnsSubdomain(cfg.dns_domain), "networking.dnsDomain",
            "\"" + cfg.dns_domain + "\" is not a valid DNS domain (lowercase, e.g. cluster.local)");
  c.Require(cfg.control_plane_endpoint.empty() || IsHostPort(cfg.control_plane_endpoint),
            "controlPlaneEndpoint",
            "\"" + cfg.control_plane_endpoint + "\" is not host[:port] (e.g. 10.0.0.10:6443)");
  static const std::regex kToken("^[a-z0-9]{6}\\.[a-z0-9]{16}$");
  static const std::regex kVersion(
      "^(v?[0-9]+\\.[0-9]+\\.[0-9]+([-+][0-9A-Za-z.-]+)?|stable(-[0-9]+(\\.[0-9]+)?)?|latest(-[0-9]"
      "+(\\.[0-9]+)?)?)$");
  for (size_t i = 0; i < cfg.bootstrap_tokens.size(); ++i) {
    const std::string& t = cfg.bootstrap_tokens[i].token;
    // The token itself is a secret: the message never repeats it.
    Checker tc(sources, d, "bootstrapTokens[" + std::to_string(i) + "]");
    tc.Require(t.empty() || std::regex_match(t, kToken), "token",
               "the bootstrap token is not of the form [a-z0-9]{6}.[a-z0-9]{16}");
  }
  c.Require(std::regex_match(cfg.kubernetes_version, kVersion), "kubernetesVersion",
            "\"" + cfg.kubernetes_version + "\" is not a version such as v1.34.0");
  const std::string& pull = cfg.node_registration.image_pull_policy;
  c.Require(pull == "Always" || pull == "IfNotPresent" || pull == "Never",
            "nodeRegistration.imagePullPolicy",
            "\"" + pull + "\" is not one of Always, IfNotPresent, Never");
  ValidateKubeadmRules(cfg, sources, d);
}

}  // namespace ki::config
