// `kubeadm-ipvs config`: print init-defaults, migrate, validate.
#include <iostream>
#include <memory>
#include <string>

#include "cmd/kubeadm-ipvs/cli_args.h"
#include "cmd/kubeadm-ipvs/commands.h"
#include "cmd/kubeadm-ipvs/config_loading.h"
#include "pkg/base/atomic_file.h"
#include "pkg/config/defaults.h"
#include "pkg/config/emit.h"

namespace ki::cmd {
namespace {

struct ConfigOptions {
  std::string component_configs;
  std::string old_config;
  std::string new_config;
  std::string config;
  std::string feature_gates;
};

int PrintInitDefaults(const ConfigOptions& o) {
  config::ProxyDocument proxy =
      o.component_configs.empty() ? config::ProxyDocument::kNone : config::ProxyDocument::kFull;
  std::cout << config::EmitV1Beta4(config::InitDefaults(), proxy);
  return 0;
}

// Any accepted shape -> v1beta4 + KubeProxyConfiguration. The environment's
// KUBEPROXY_MODE is not read: the output must say what the file says.
int Migrate(const ConfigOptions& o) {
  config::LoadOptions load;
  load.config_path = o.old_config;
  Result<config::LoadedConfig> loaded = LoadAndReport(load);
  if (!loaded.ok()) return ExitCodeFor(loaded.status());
  std::string text = config::EmitV1Beta4(loaded->config, config::ProxyDocument::kNonDefault);
  if (o.new_config.empty()) {
    std::cout << text;
    return 0;
  }
  // 0600: the output carries bootstrap tokens.
  Status st = WriteFileAtomic(o.new_config, text, 0600);
  if (!st.ok()) {
    std::cerr << "error: " << st.message() << "\n";
    return ExitCodeFor(st);
  }
  std::cerr << "[config] wrote " << o.new_config << " (kubeadm.k8s.io/v1beta4)\n";
  return 0;
}

int ValidateConfig(const ConfigOptions& o) {
  config::LoadOptions load;
  load.config_path = o.config;
  if (!o.feature_gates.empty()) load.feature_gates = o.feature_gates;
  load.env_proxy_mode = config::ProxyModeFromEnvironment();
  Result<config::LoadedConfig> loaded = LoadAndReport(load);
  if (!loaded.ok()) return ExitCodeFor(loaded.status());
  std::cout << o.config << ": valid " << loaded->source
            << "; proxy mode: " << loaded->config.kube_proxy.mode << "\n";
  return 0;
}

}  // namespace

void AddConfigCommand(CLI::App& root, int& exit_code) {
  auto opts = std::make_shared<ConfigOptions>();
  auto* sub = root.add_subcommand("config", "Configuration tooling (kubeadm's names)");
  sub->require_subcommand(1);

  auto* print = sub->add_subcommand("print", "Print configuration");
  print->require_subcommand(1);
  auto* defaults = print->add_subcommand(
      "init-defaults", "Print the default kubeadm.k8s.io/v1beta4 init configuration");
  defaults
      ->add_option("--component-configs", opts->component_configs,
                   "also print these component configs' defaults")
      ->check(OneOf({"KubeProxyConfiguration"}));
  defaults->callback([opts, &exit_code] { exit_code = PrintInitDefaults(*opts); });

  auto* migrate = sub->add_subcommand(
      "migrate", "Read any accepted configuration shape and write kubeadm.k8s.io/v1beta4");
  migrate->add_option("--old-config", opts->old_config, "the configuration to read")->required();
  migrate->add_option("--new-config", opts->new_config,
                      "where to write the result (default: standard output)");
  migrate->callback([opts, &exit_code] { exit_code = Migrate(*opts); });

  auto* validate = sub->add_subcommand("validate", "Decode, default and validate a configuration");
  validate->add_option("--config", opts->config, "the configuration file")->required();
  validate->add_option(
      "--feature-gates", opts->feature_gates,
      "kubeadm feature gates, K=V[,K=V...] (SupportIPVSProxyMode=true selects ipvs)");
  validate->callback([opts, &exit_code] { exit_code = ValidateConfig(*opts); });
}

}  // namespace ki::cmd
