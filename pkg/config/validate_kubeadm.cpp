#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <string_view>

#include "pkg/base/ascii_case.h"
#include "pkg/base/quote.h"
#include "pkg/config/net_parse.h"
#include "pkg/config/validate_internal.h"

namespace ki::config {

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
      return AsciiLower(s.substr(0, i));
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
    } else if (!IsDns1123Subdomain(AsciiLower(name))) {
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
  for (const std::string& check : nr.ignore_preflight_errors) ignored.insert(AsciiLower(check));
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
    std::string name = lowercase ? AsciiLower(san) : san;
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

}  // namespace

void ValidateKubeadmRules(const ClusterConfig& cfg, const SourceMap& sources, Diagnostics& d) {
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

}  // namespace ki::config
