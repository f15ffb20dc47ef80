#include "pkg/config/resolve_mode.h"

#include "pkg/base/quote.h"
#include "pkg/config/feature_gates.h"
#include "pkg/config/gate_check.h"

namespace ki::config {
namespace {

const Position kFlagPosition{"--feature-gates", 0, 0};

std::string Where(const Position& p) { return p.ToString(); }

// --feature-gates: kubeadm gates merged over the file's; SupportIPVSProxyMode
// is kept apart as mode intent. A gate set differently in both is an error.
void ApplyGateFlag(const std::string& text, ModeIntent& intent, ClusterConfig& config,
                   const SourceMap& sources, Diagnostics& diagnostics) {
  Result<FeatureGates> gates = ParseFeatureGateList(text);
  if (!gates.ok()) {
    diagnostics.Error(kFlagPosition, gates.status().message());
    return;
  }
  for (const auto& [name, value] : *gates) {
    if (name == kSupportIpvsProxyMode) {
      intent.flag_gate = Said<bool>{value, kFlagPosition,
                                    "--feature-gates=" + name + "=" + (value ? "true" : "false")};
      continue;
    }
    // The flag takes kubeadm's gates, judged as in a file.
    GateCheck check = CheckKubeadmGate(name);
    if (check.verdict == GateVerdict::kUnknown) {
      diagnostics.Error(kFlagPosition, "unrecognized feature-gate key: " + check.why);
      continue;
    }
    if (check.verdict == GateVerdict::kNoEffect) {
      diagnostics.Notice(kFlagPosition, "--feature-gates " + QuotePath(name) + " " + check.why);
      continue;
    }
    auto in_file = config.feature_gates.find(name);
    if (in_file != config.feature_gates.end() && in_file->second != value) {
      auto src = sources.find("featureGates");
      std::string file_where = src == sources.end() ? "the config file" : Where(src->second.where);
      diagnostics.Error(kFlagPosition,
                        "--feature-gates sets " + name + "=" + (value ? "true" : "false") +
                            " but " + file_where + " sets featureGates." + name + ": " +
                            (in_file->second ? "true" : "false") + "; make them agree or drop one");
      continue;
    }
    config.feature_gates[name] = value;
  }
}

// Reported at a's position; b's position is named in the message.
void Conflict(Diagnostics& d, const std::string& a, const Position& a_at, const std::string& b,
              const Position& b_at) {
  std::string b_where = b_at.line > 0 ? " (" + Where(b_at) + ")" : "";
  d.Error(a_at, a + " conflicts with " + b + b_where + "; make them agree or drop one");
}

template <typename T>
std::string Show(const Said<T>& s) {
  if constexpr (std::is_same_v<T, bool>) {
    if (s.written.rfind("--", 0) == 0) return s.written;
    return s.written + ": " + (s.value ? "true" : "false");
  } else {
    return s.written + ": " + s.value;
  }
}

// The mode the file asks for explicitly, from the canonical key or the
// classic guide's top-level one; both set differently is an error.
std::optional<Said<std::string>> FileMode(const ModeIntent& intent, Diagnostics& d) {
  const auto& canon = intent.proxy_mode;
  const auto& top = intent.top_level_mode;
  if (top) {
    d.Notice(top->where, "top-level `mode: " + top->value +
                             "` read as kubeProxy.config.mode; upstream kubeadm ignores this key");
  }
  if (canon && top && canon->value != top->value) {
    Conflict(d, Show(*top), top->where, Show(*canon), canon->where);
    return std::nullopt;
  }
  return canon ? canon : top;
}

// The file's SupportIPVSProxyMode gates (kubeadm's and kube-proxy's). A gate
// set to true is read as mode: ipvs (said here); one set to false is
// reported where the mode is decided.
std::optional<Said<bool>> FileGate(const ModeIntent& intent, Diagnostics& d) {
  const auto& kubeadm = intent.kubeadm_gate;
  const auto& proxy = intent.proxy_gate;
  if (kubeadm && kubeadm->value) {
    d.Notice(kubeadm->where,
             kubeadm->written +
                 " (kubeadm's gate in the v1.9 betas) read as KubeProxyConfiguration "
                 "mode: ipvs; released kubeadm rejects it (\"is not a valid feature "
                 "name\")");
  }
  if (proxy && proxy->value) {
    d.Notice(proxy->where, proxy->written +
                               " read as mode: ipvs; the gate went GA in v1.11 and was removed, "
                               "`mode: ipvs` alone selects IPVS");
  }
  if (kubeadm && proxy && kubeadm->value != proxy->value) {
    Conflict(d, Show(*kubeadm), kubeadm->where, Show(*proxy), proxy->where);
    return std::nullopt;
  }
  return kubeadm ? kubeadm : proxy;
}

// "kubeProxy.config.mode: ipvs (f.yaml:3:7)": a setting and where it was read.
template <typename T>
std::string WhereSaid(const Said<T>& s) {
  std::string where = s.where.line > 0 ? " (" + Where(s.where) + ")" : "";
  return Show(s) + where;
}

// A gate next to an explicit mode it disagrees with: the mode wins.
void GateHasNoEffect(const Said<bool>& gate, const Said<std::string>& mode, Diagnostics& d) {
  if (gate.value) {
    d.Notice(gate.where, gate.written + " has no effect: the configuration asks for " + Show(mode));
    return;
  }
  // kube-proxy v1.9-v1.10 read the gate: off, it ran `mode: ipvs` as iptables
  // ("Flag proxy-mode=\"ipvs\" unknown, assuming iptables proxy"). From v1.11
  // (GA) it reads only the mode; the gate has since been removed.
  d.Notice(gate.where, Show(gate) + " has no effect: " + WhereSaid(mode) +
                           " wins, as in kube-proxy since v1.11 (IPVS GA), which no longer "
                           "reads the gate (v1.9-v1.10 ran iptables with it off); drop the gate");
}

}  // namespace

std::string ResolveProxyMode(const LoadOptions& options, ModeIntent& intent,
                             const SourceMap& sources, ClusterConfig& config, Diagnostics& d) {
  KubeProxyConfig& kp = config.kube_proxy;
  auto proxy_gate = kp.feature_gates.find(std::string(kSupportIpvsProxyMode));
  if (proxy_gate != kp.feature_gates.end()) {
    auto src = sources.find("kubeProxy.featureGates");
    bool known = src != sources.end();
    // Built in one expression: GCC 12 at -O3 took a default Position assigned
    // later for maybe-uninitialized.
    intent.proxy_gate = Said<bool>{
        proxy_gate->second, known ? src->second.where : Position{},
        (known ? src->second.written_path : std::string("featureGates")) + ".SupportIPVSProxyMode"};
    kp.feature_gates.erase(proxy_gate);
  }
  if (options.feature_gates) {
    ApplyGateFlag(*options.feature_gates, intent, config, sources, d);
  }
  std::optional<Said<std::string>> file_mode = FileMode(intent, d);
  std::optional<Said<bool>> file_gate = FileGate(intent, d);
  const auto& flag = intent.flag_gate;
  if (flag && file_gate && flag->value != file_gate->value) {
    Conflict(d, Show(*flag), flag->where, Show(*file_gate), file_gate->where);
    return "";
  }
  if (flag && file_mode && (file_mode->value == "ipvs") != flag->value) {
    Conflict(d, Show(*flag), flag->where, Show(*file_mode), file_mode->where);
    return "";
  }
  if (file_mode) {
    if (file_gate && file_gate->value != (file_mode->value == "ipvs")) {
      GateHasNoEffect(*file_gate, *file_mode, d);
    }
    kp.mode = file_mode->value;
    return WhereSaid(*file_mode);
  }
  if (flag && flag->value) {
    d.Notice(flag->where, flag->written +
                              " read as KubeProxyConfiguration mode: ipvs; released kubeadm "
                              "rejects this gate (\"unrecognized feature-gate key\")");
    kp.mode = "ipvs";
    return flag->written;
  }
  if (file_gate && file_gate->value) {
    kp.mode = "ipvs";
    return WhereSaid(*file_gate);
  }
  if ((flag && !flag->value) || file_gate) {
    const Said<bool>& off = flag ? *flag : *file_gate;
    d.Notice(off.where, Show(off) + " and no mode given: mode iptables (kube-proxy's default)");
    kp.mode = "iptables";
    return WhereSaid(off);
  }
  if (options.env_proxy_mode) {
    d.Notice(Position{"KUBEPROXY_MODE", 0, 0},
             "KUBEPROXY_MODE=" + *options.env_proxy_mode +
                 " read as KubeProxyConfiguration mode: " + *options.env_proxy_mode +
                 " (the local-up-cluster convention)");
    kp.mode = *options.env_proxy_mode;
    return "KUBEPROXY_MODE=" + *options.env_proxy_mode;
  }
  kp.mode = kDefaultProxyMode;
  return "kubeadm-ipvs's default (no mode was given)";
}

}  // namespace ki::config
