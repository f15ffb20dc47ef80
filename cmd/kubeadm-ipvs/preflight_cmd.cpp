// `kubeadm-ipvs preflight`: the "why can't IPVS mode start" checklist, step by
// step with evidence and fixes. Diagnostics only: it changes nothing unless
// --load-modules is given.
#include <iostream>
#include <memory>
#include <string>

#include "cmd/kubeadm-ipvs/cli_args.h"
#include "cmd/kubeadm-ipvs/commands.h"
#include "cmd/kubeadm-ipvs/config_loading.h"
#include "cmd/kubeadm-ipvs/host.h"
#include "pkg/preflight/checklist.h"
#include "pkg/preflight/checks.h"

namespace ki::cmd {
namespace {

struct PreflightOptions {
  std::string config;
  std::string feature_gates;
  std::string output = "text";
  bool load_modules = false;
};

int RunPreflightChecklist(const PreflightOptions& o) {
  config::LoadOptions load;
  if (!o.config.empty()) load.config_path = o.config;
  if (!o.feature_gates.empty()) load.feature_gates = o.feature_gates;
  load.env_proxy_mode = config::ProxyModeFromEnvironment();
  Result<config::LoadedConfig> loaded = LoadAndReport(load);
  if (!loaded.ok()) return ExitCodeFor(loaded.status());
  Result<Host> host = OpenHost();
  if (!host.ok()) {
    std::cerr << "error: " << host.status().message() << "\n";
    return ExitCodeFor(host.status());
  }
  const config::KubeProxyConfig& kp = loaded->config.kube_proxy;
  preflight::ProxySettings settings{kp.mode, loaded->mode_source, kp.ipvs.scheduler,
                                    kp.healthz_bind_address, kp.metrics_bind_address};
  auto action = o.load_modules ? preflight::ModuleAction::kLoad : preflight::ModuleAction::kReport;
  auto checks = preflight::IpvsModeChecks(settings, *host->system, *host->modules, action);
  preflight::Checklist list = preflight::RunChecklist(checks, host->modules->KernelRelease());
  std::cout << (o.output == "json" ? preflight::RenderJson(list) : preflight::RenderText(list));
  return list.CanStart() ? 0 : 2;
}

}  // namespace

void AddPreflightCommand(CLI::App& root, int& exit_code) {
  auto o = std::make_shared<PreflightOptions>();
  CLI::App* sub =
      root.add_subcommand("preflight", "Diagnose why IPVS proxy mode cannot start on this node");
  sub->add_option("--config", o->config, "a kubeadm or kube-proxy configuration file");
  sub->add_option("--feature-gates", o->feature_gates,
                  "kubeadm feature gates, K=V[,K=V...] (SupportIPVSProxyMode=true selects ipvs)");
  sub->add_option("-o,--output", o->output, "text or json")->check(OneOf({"text", "json"}));
  sub->add_flag("--load-modules", o->load_modules,
                "load the IPVS kernel modules through libkmod (the only change it makes)");
  sub->callback([o, &exit_code] { exit_code = RunPreflightChecklist(*o); });
}

}  // namespace ki::cmd
