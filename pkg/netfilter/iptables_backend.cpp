#include "pkg/netfilter/iptables_backend.h"

#include <charconv>
#include <regex>
#include <tuple>

#include "pkg/base/subprocess.h"

namespace ki::netfilter {
namespace {

bool HasKubeletChains(std::string_view save) {
  for (std::string_view chain : {":KUBE-IPTABLES-HINT ", ":KUBE-KUBELET-CANARY "}) {
    if (save.starts_with(chain)) return true;
    if (save.find("\n" + std::string(chain)) != std::string_view::npos) return true;
  }
  return false;
}

size_t RuleCount(std::string_view save) {
  size_t n = save.starts_with("-") ? 1 : 0;
  for (size_t at = save.find("\n-"); at != std::string_view::npos; at = save.find("\n-", at + 1)) {
    ++n;
  }
  return n;
}

// {major, minor, patch} of "1.8.9"; zeros when unparsable.
std::tuple<int, int, int> VersionParts(std::string_view v) {
  int parts[3] = {0, 0, 0};
  for (int& p : parts) {
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), p);
    if (ec != std::errc()) break;
    v.remove_prefix(static_cast<size_t>(end - v.data()));
    if (!v.empty() && v.front() == '.') v.remove_prefix(1);
  }
  return {parts[0], parts[1], parts[2]};
}

// Output of a tool run; "" when it is missing, fails or times out.
std::string Output(const std::string& program, std::vector<std::string> args) {
  std::optional<std::string> path = program.starts_with("/") ? program : FindProgram(program);
  if (!path) return "";
  Command cmd{*path, std::move(args)};
  cmd.timeout = std::chrono::seconds(10);
  cmd.merge_stderr = program.find("-save") == std::string::npos;
  Result<CommandOutput> r = RunCommand(cmd);
  return r.ok() && r->ok() ? r->out : "";
}

BackendProbe Probe() {
  BackendProbe p;
  p.nft_mangle = Output("iptables-nft-save", {"-t", "mangle"}) +
                 Output("ip6tables-nft-save", {"-t", "mangle"});
  if (HasKubeletChains(p.nft_mangle)) return p;
  p.legacy_all = Output("iptables-legacy-save", {}) + Output("ip6tables-legacy-save", {});
  if (HasKubeletChains(p.legacy_all)) return p;
  p.nft_all = Output("iptables-nft-save", {}) + Output("ip6tables-nft-save", {});
  p.default_version = Output("iptables", {"-V"});
  return p;
}

}  // namespace

Result<Backend> FindBackend(bool nft, bool ipv6) {
  const std::string prefix = ipv6 ? "ip6tables" : "iptables";
  const std::string flavour = nft ? "nft" : "legacy";
  Backend b{"", "", "", nft, ipv6, ""};
  for (const std::string& base : {prefix + "-" + flavour, prefix}) {
    std::optional<std::string> tool = FindProgram(base);
    std::optional<std::string> save = FindProgram(base + "-save");
    std::optional<std::string> restore = FindProgram(base + "-restore");
    if (!tool || !save || !restore) continue;
    std::string v = Output(*tool, {"-V"});
    if (base == prefix && v.find(nft ? "(nf_tables)" : "(legacy)") == std::string::npos) continue;
    b.iptables = *tool;
    b.save = *save;
    b.restore = *restore;
    b.version = ParseIptablesVersion(v);
    return b;
  }
  return Status::NotFound("no " + prefix + "-" + flavour + " tools (" + prefix + ", " + prefix +
                          "-save, " + prefix + "-restore) in PATH or /usr/sbin, /sbin");
}

bool SupportsRestoreWait(const Backend& b) {
  return VersionParts(b.version) >= std::tuple{1, 6, 2};
}

bool SupportsRandomFully(const Backend& b) {
  return VersionParts(b.version) >= std::tuple{1, 6, 2};
}

std::string ParseIptablesVersion(std::string_view v_output) {
  static const std::regex kVersion("v([0-9]+\\.[0-9]+(\\.[0-9]+)?)");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_search(v_output.begin(), v_output.end(), m, kVersion)) return "";
  return m[1].str();
}

BackendChoice ChooseBackend(const BackendProbe& p) {
  if (HasKubeletChains(p.nft_mangle)) return {true, "kubelet's chains are in iptables-nft"};
  if (HasKubeletChains(p.legacy_all)) return {false, "kubelet's chains are in iptables-legacy"};
  const size_t legacy = RuleCount(p.legacy_all);
  const size_t nft = RuleCount(p.nft_all);
  const std::string counts = " (" + std::to_string(nft) + " rules in iptables-nft, " +
                             std::to_string(legacy) + " in iptables-legacy)";
  if (legacy != nft)
    return {nft > legacy,
            "more rules in iptables-" + std::string(nft > legacy ? "nft" : "legacy") + counts};
  if (p.default_version.find("(legacy)") != std::string::npos) {
    return {false, "the host's iptables is iptables-legacy" + counts};
  }
  if (p.default_version.find("(nf_tables)") != std::string::npos) {
    return {true, "the host's iptables is iptables-nft" + counts};
  }
  return {true, "nothing to tell, nft by default" + counts};
}

Result<Backends> DetectBackends() {
  BackendChoice choice = ChooseBackend(Probe());
  Result<Backend> v4 = FindBackend(choice.nft, false);
  if (!v4.ok()) {
    return v4.status().Wrap("iptables (chosen because " + choice.reason +
                            "; apt-get install iptables)");
  }
  Result<Backend> v6 = FindBackend(choice.nft, true);
  return Backends{*v4, v6.ok() ? std::optional<Backend>(*v6) : std::nullopt, choice.reason};
}

}  // namespace ki::netfilter
