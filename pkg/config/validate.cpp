#include "pkg/config/validate.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <regex>
#include <set>

#include "pkg/base/quote.h"
#include "pkg/config/defaults.h"
#include "pkg/config/net_parse.h"

namespace ki::config {
namespace {

// Reports errors against canonical model paths, placed where the value was
// read (or without a position when it came from defaults or flags).
class Checker {
 public:
  Checker(const SourceMap& sources, Diagnostics& d, std::string prefix)
      : sources_(sources), d_(d), prefix_(std::move(prefix)) {}

  void Fail(const std::string& field, const std::string& message) {
    std::string key = prefix_.empty() ? field : prefix_ + "." + field;
    auto it = sources_.find(key);
    if (it != sources_.end()) {
      d_.Error(it->second.where, it->second.written_path + ": " + message);
    } else if (key.rfind("kubeProxy.", 0) == 0) {
      d_.Error(Position{}, "KubeProxyConfiguration " + key.substr(10) + ": " + message);
    } else {
      d_.Error(Position{}, key + ": " + message);
    }
  }
  void Require(bool ok, const std::string& field, const std::string& message) {
    if (!ok) Fail(field, message);
  }

 private:
  const SourceMap& sources_;
  Diagnostics& d_;
  std::string prefix_;
};

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

// kubeadm's own rules (cmd/kubeadm/app/apis/kubeadm/validation/validation.go
// of the release kubeadm-ipvs targets), on the defaulted model; each message
// quotes kubeadm's where it says more than "invalid".
namespace {

// apimachinery's IsDNS1123Subdomain: at most 253 characters of
// [a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*, labels of
// any length (a DNS name's 63 is not checked).
bool IsDns1123Subdomain(std::string_view s) {
  static const std::regex kSubdomain(
      "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  return !s.empty() && s.size() <= 253 && std::regex_match(s.begin(), s.end(), kSubdomain);
}

bool IsWildcardDns1123Subdomain(std::string_view s) {
  return s.size() > 2 && s.substr(0, 2) == "*." && s.size() <= 253 &&
         IsDns1123Subdomain(s.substr(2));
}

std::string Lowercase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// The scheme Go's url.Parse finds in s ("" for none, lowercased), or nullopt
// where it fails: a control character, ":" first ("missing protocol
// scheme"), or a colon in the first path segment of a URL without scheme.
std::optional<std::string> UrlScheme(std::string_view s) {
  if (std::any_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; })) {
    return std::nullopt;
  }
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (std::isalpha(static_cast<unsigned char>(c))) continue;
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.') {
      if (i == 0) break;
      continue;
    }
    if (c == ':') {
      if (i == 0) return std::nullopt;
      return Lowercase(std::string(s.substr(0, i)));
    }
    break;
  }
  std::string_view first = s.substr(0, s.find_first_of("/?#"));
  if (first.find(':') != std::string_view::npos) return std::nullopt;
  return std::string();
}

bool IsAbsolutePath(std::string_view p) { return !p.empty() && p.front() == '/'; }

constexpr const char* kCriSocketExample = "unix:///var/run/containerd/containerd.sock";

// ValidateNodeRegistrationOptions, after kubeadm's GetHostname (which trims
// and lowercases the name) and with ValidateSocketPath as kubeadm on Linux
// runs it.
void ValidateNodeRegistration(Checker& c, const NodeRegistration& nr) {
  if (!nr.name.empty()) {
    std::string name = nr.name;
    name.erase(0, name.find_first_not_of(" \t\n\r\v\f"));
    name.erase(name.find_last_not_of(" \t\n\r\v\f") + 1);
    if (name.empty()) {
      c.Fail("nodeRegistration.name",
             "a name of blanks only (kubeadm: \"empty hostname is invalid\")");
    } else if (!IsDns1123Subdomain(Lowercase(name))) {
      c.Fail("nodeRegistration.name",
             Quote(nr.name) +
                 " is not a valid node name: kubeadm refuses a name that is not a lowercase RFC "
                 "1123 subdomain (lower case alphanumeric characters, '-' or '.', starting and "
                 "ending with an alphanumeric character, at most 253 characters, e.g. "
                 "'node-1.example.com')");
    }
  }
  // ValidateIgnorePreflightErrors (names are case-insensitive there).
  std::set<std::string> ignored;
  for (const std::string& check : nr.ignore_preflight_errors) ignored.insert(Lowercase(check));
  c.Require(ignored.count("all") == 0 || ignored.size() == 1,
            "nodeRegistration.ignorePreflightErrors",
            "don't specify individual checks if 'all' is used (kubeadm refuses the list)");
  const std::string& socket = nr.cri_socket;
  std::optional<std::string> scheme = UrlScheme(socket);
  if (!scheme) {
    c.Fail("nodeRegistration.criSocket",
           Quote(socket) + " is not a URL (kubeadm: \"URL parsing error\"); use e.g. " +
               kCriSocketExample);
  } else if (scheme->empty()) {
    c.Require(IsAbsolutePath(socket), "nodeRegistration.criSocket",
              Quote(socket) +
                  " is neither a unix:// URL nor an absolute path (kubeadm: \"path is not "
                  "absolute\"); use e.g. " +
                  kCriSocketExample);
  } else if (*scheme != "unix") {
    c.Fail("nodeRegistration.criSocket",
           "URL scheme " + Quote(*scheme) + " is not supported on Linux, where kubeadm takes " +
               "only \"unix\"" +
               (*scheme == "npipe" ? " (npipe:// names a Windows named pipe)" : "") +
               "; use e.g. " + kCriSocketExample);
  }
}

void ValidateCertSans(Checker& c, const std::vector<std::string>& sans, const std::string& field,
                      bool lowercase) {
  for (const std::string& san : sans) {
    std::string name = lowercase ? Lowercase(san) : san;
    c.Require(IsDns1123Subdomain(name) || IsWildcardDns1123Subdomain(name) || IsIpAddress(name),
              field,
              Quote(san) +
                  " is not a valid IP address, DNS name or wildcard DNS name (\"*.\" "
                  "and a DNS name); kubeadm refuses it");
  }
}

void ValidateEtcd(Checker& c, const ClusterConfig& cfg, const SourceMap& sources) {
  if (!cfg.external_etcd) {
    const LocalEtcd& local = cfg.local_etcd;
    c.Require(
        IsAbsolutePath(local.data_dir), "etcd.local.dataDir",
        Quote(local.data_dir) + " is not an absolute path (kubeadm: \"path is not absolute\")");
    ValidateCertSans(c, local.server_cert_sans, "etcd.local.serverCertSANs", false);
    ValidateCertSans(c, local.peer_cert_sans, "etcd.local.peerCertSANs", false);
    return;
  }
  if (sources.count("etcd.local") != 0 || !(cfg.local_etcd == LocalEtcd{})) {
    c.Fail("etcd.local",
           "etcd.local and etcd.external are mutually exclusive (kubeadm: \".Etcd.Local and "
           ".Etcd.External are mutually exclusive\"); keep one");
  }
  const ExternalEtcd& ext = *cfg.external_etcd;
  if (ext.cert_file.empty() != ext.key_file.empty()) {
    c.Fail(ext.cert_file.empty() ? "etcd.external.keyFile" : "etcd.external.certFile",
           "certFile and keyFile go together (kubeadm: \"either both or none of "
           ".Etcd.External.CertFile and .Etcd.External.KeyFile must be set\")");
  } else if (!ext.cert_file.empty() && ext.ca_file.empty()) {
    c.Fail("etcd.external.certFile",
           "a client certificate needs caFile too (kubeadm: \"setting .Etcd.External.CertFile "
           "and .Etcd.External.KeyFile requires .Etcd.External.CAFile\")");
  }
  // Plain http only when no TLS file is given.
  bool tls = !ext.ca_file.empty() || !ext.cert_file.empty() || !ext.key_file.empty();
  for (const std::string& endpoint : ext.endpoints) {
    std::optional<std::string> scheme = UrlScheme(endpoint);
    if (!scheme) {
      c.Fail("etcd.external.endpoints",
             Quote(endpoint) + " is not a URL such as https://10.0.0.1:2379");
    } else if (scheme->empty()) {
      c.Fail("etcd.external.endpoints",
             Quote(endpoint) +
                 " has no scheme (kubeadm: \"the URL without scheme is not "
                 "allowed\"); write e.g. https://10.0.0.1:2379");
    } else if (tls && *scheme != "https") {
      c.Fail("etcd.external.endpoints",
             Quote(endpoint) +
                 " must be https:// with caFile, certFile or keyFile set (kubeadm: "
                 "\"the URL must be using the HTTPS scheme\")");
    }
  }
  for (auto [field, value] : {std::pair{"etcd.external.caFile", &ext.ca_file},
                              std::pair{"etcd.external.certFile", &ext.cert_file},
                              std::pair{"etcd.external.keyFile", &ext.key_file}}) {
    c.Require(value->empty() || IsAbsolutePath(*value), field,
              Quote(*value) + " is not an absolute path (kubeadm: \"path is not absolute\")");
  }
}

// ValidateBootstrapTokens' usages and groups (the token itself: Validate).
void ValidateTokenUsagesAndGroups(const ClusterConfig& cfg, const SourceMap& sources,
                                  Diagnostics& d) {
  static const std::regex kGroup("^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$");
  for (size_t i = 0; i < cfg.bootstrap_tokens.size(); ++i) {
    const BootstrapToken& t = cfg.bootstrap_tokens[i];
    std::string prefix = "bootstrapTokens[" + std::to_string(i) + "]";
    Checker c(sources, d, prefix);
    for (const std::string& usage : t.usages) {
      c.Require(usage == "signing" || usage == "authentication", "usages",
                "invalid bootstrap token usage " + Quote(usage) +
                    "; valid usage options: signing, authentication");
    }
    for (const std::string& group : t.groups) {
      c.Require(std::regex_match(group, kGroup), "groups",
                "bootstrap group " + Quote(group) +
                    " is invalid (must match ^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$)");
    }
    // Only groups written in the file: kubeadm defaults them before it
    // validates, so it refused usages without authentication even with no
    // groups written; kubeadm-ipvs says so only where the file asks for both.
    bool written = sources.count(prefix + ".groups") != 0;
    bool authentication =
        std::find(t.usages.begin(), t.usages.end(), "authentication") != t.usages.end();
    c.Require(!written || t.groups.empty() || authentication, "groups",
              "token groups cannot be specified unless usages include \"authentication\" "
              "(kubeadm refuses them)");
  }
}

// "10.96.0.0/12": its family's bits and prefix; nullopt if not a CIDR.
struct Prefix {
  int bits = 32;
  int length = 0;
};

std::optional<Prefix> ParsePrefix(std::string_view cidr) {
  size_t slash = cidr.find('/');
  if (slash == std::string_view::npos || !IsCidr(cidr)) return std::nullopt;
  Prefix p;
  p.bits = IsIpv6Address(cidr.substr(0, slash)) ? 128 : 32;
  std::from_chars(cidr.data() + slash + 1, cidr.data() + cidr.size(), p.length);
  return p;
}

// netutils.RangeSize: the number of addresses, capped.
int64_t RangeSize(const Prefix& p) {
  int host = p.bits - p.length;
  return host >= 63 ? INT64_MAX : (int64_t{1} << host);
}

// The last value of a flag in an extraArgs list, as kubeadm's GetArgValue.
std::optional<std::string> ArgValue(const ArgList& args, std::string_view name) {
  std::optional<std::string> value;
  for (const auto& [n, v] : args) {
    if (n == name) value = v;
  }
  return value;
}

// ValidateIPNetFromString's sizes, ValidateServiceSubnetSize and
// ValidatePodSubnetNodeMask (constants: MinimumAddressesInServiceSubnet 10,
// MaximumBitsForServiceSubnet 20, MinimumAddressesInPodSubnet 14,
// PodSubnetNodeMaskMaxDiff 16; node masks 24/64 unless the controller
// manager's node-cidr-mask-size-ipv4/-ipv6 say otherwise).
void ValidateSubnetSizes(Checker& c, const ClusterConfig& cfg) {
  for (const std::string& part : SplitComma(cfg.service_subnet)) {
    std::optional<Prefix> p = ParsePrefix(part);
    if (!p) continue;
    c.Require(RangeSize(*p) >= 10, "networking.serviceSubnet",
              Quote(part) + ": subnet with " + std::to_string(RangeSize(*p)) +
                  " address(es) is too small, the minimum is 10");
    c.Require(p->bits - p->length <= 20, "networking.serviceSubnet",
              Quote(part) + ": specified service subnet is too large; for " +
                  std::to_string(p->bits) +
                  "-bit addresses, the mask must be >= " + std::to_string(p->bits - 20));
  }
  if (cfg.pod_subnet.empty()) return;
  bool allocate = ArgValue(cfg.controller_manager.extra_args, "allocate-node-cidrs") != "false";
  for (const std::string& part : SplitComma(cfg.pod_subnet)) {
    std::optional<Prefix> p = ParsePrefix(part);
    if (!p) continue;
    c.Require(RangeSize(*p) >= 14, "networking.podSubnet",
              Quote(part) + ": subnet with " + std::to_string(RangeSize(*p)) +
                  " address(es) is too small, the minimum is 14");
    if (!allocate) continue;
    std::string flag = p->bits == 128 ? "node-cidr-mask-size-ipv6" : "node-cidr-mask-size-ipv4";
    int node_mask = p->bits == 128 ? 64 : 24;
    if (std::optional<std::string> v = ArgValue(cfg.controller_manager.extra_args, flag)) {
      auto [end, error] = std::from_chars(v->data(), v->data() + v->size(), node_mask);
      if (error != std::errc() || end != v->data() + v->size()) {
        c.Fail("networking.podSubnet",
               "could not parse the value of the kube-controller-manager "
               "flag " +
                   flag + " as an integer: " + Quote(*v));
        continue;
      }
    }
    if (p->length > node_mask) {
      c.Fail("networking.podSubnet",
             Quote(part) + ": the size of pod subnet with mask " + std::to_string(p->length) +
                 " is smaller than the size of node subnet with mask " + std::to_string(node_mask));
    } else if (node_mask - p->length > 16) {
      c.Fail("networking.podSubnet",
             Quote(part) + ": pod subnet mask (" + std::to_string(p->length) + ") and node-mask (" +
                 std::to_string(node_mask) + ") difference is greater than 16");
    }
  }
}

void ValidateKubeadm(const ClusterConfig& cfg, const SourceMap& sources, Diagnostics& d) {
  Checker c(sources, d, "");
  ValidateNodeRegistration(c, cfg.node_registration);
  c.Require(IsAbsolutePath(cfg.certificates_dir), "certificatesDir",
            Quote(cfg.certificates_dir) +
                " is not an absolute path (kubeadm: \"path is not "
                "absolute\")");
  ValidateEtcd(c, cfg, sources);
  ValidateCertSans(c, cfg.api_server_cert_sans, "apiServer.certSANs", true);
  ValidateTokenUsagesAndGroups(cfg, sources, d);
  if (IsCidrList(cfg.service_subnet) && (cfg.pod_subnet.empty() || IsCidrList(cfg.pod_subnet))) {
    ValidateSubnetSizes(c, cfg);
  }
}

}  // namespace

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
  ValidateKubeadm(cfg, sources, d);
}

}  // namespace ki::config
