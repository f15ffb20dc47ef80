// `kubeadm-ipvs init` and `init phase <name>`: resolve the configuration from
// --config, flags and the environment, then run the init phases (pkg/phases)
// with kubeadm's skip/filter semantics.
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "cmd/kubeadm-ipvs/build_info.h"
#include "cmd/kubeadm-ipvs/commands.h"
#include "cmd/kubeadm-ipvs/config_loading.h"
#include "cmd/kubeadm-ipvs/host.h"
#include "pkg/k8s/client/apply.h"
#include "pkg/k8s/client/kubeconfig.h"
#include "pkg/phases/init_phases.h"

namespace ki::cmd {
namespace {

struct InitOptions {
  std::string config;
  std::string feature_gates;
  bool dry_run = false;
  std::string ignore_preflight_errors;
  std::string skip_phases;
  std::string output_dir = "/etc/kubernetes/kubeadm-ipvs";
  std::string kubeconfig;
  std::string image;
  bool proxy_privileged = true;
  config::FlagOverrides flags;
  std::string only;  // set by `init phase <name>`
};

std::vector<std::string> SplitCommas(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

int Fail(const Status& st) {
  std::cerr << "error: " << st.message() << "\n";
  return ExitCodeFor(st);
}

// The cluster --kubeconfig names, read and checked before any phase runs
// (a bad kubeconfig is exit 3 with nothing changed). Null without
// --kubeconfig, and under --dry-run, which applies nothing.
Result<std::unique_ptr<k8s::client::ObjectApplier>> OpenCluster(const InitOptions& o) {
  if (o.kubeconfig.empty()) return std::unique_ptr<k8s::client::ObjectApplier>();
  Result<k8s::client::RestConfig> config = k8s::client::LoadKubeconfig(o.kubeconfig);
  if (!config.ok()) return config.status().Wrap("--kubeconfig");
  if (o.dry_run) return std::unique_ptr<k8s::client::ObjectApplier>();
  return k8s::client::NewApiApplier(*config);
}

int RunInit(const InitOptions& o) {
  config::LoadOptions load;
  if (!o.config.empty()) load.config_path = o.config;
  if (!o.feature_gates.empty()) load.feature_gates = o.feature_gates;
  load.env_proxy_mode = config::ProxyModeFromEnvironment();
  load.flags = o.flags;
  Result<config::LoadedConfig> loaded = LoadAndReport(load);
  if (!loaded.ok()) return ExitCodeFor(loaded.status());
  Result<std::unique_ptr<k8s::client::ObjectApplier>> cluster = OpenCluster(o);
  if (!cluster.ok()) return Fail(cluster.status());

  std::vector<std::string> ignore_items = {o.ignore_preflight_errors};
  for (const std::string& s : loaded->config.node_registration.ignore_preflight_errors) {
    ignore_items.push_back(s);
  }
  Result<preflight::IgnoreSet> ignore = preflight::ParseIgnorePreflightErrors(ignore_items);
  if (!ignore.ok()) return Fail(ignore.status());

  workflow::Runner<phases::InitData> runner(phases::InitPhases());
  std::vector<std::string> skip = SplitCommas(o.skip_phases);
  for (const std::string& s : loaded->config.skip_phases) skip.push_back(s);
  if (Status st = runner.SetSkipped(skip); !st.ok()) return Fail(st);

  Result<Host> host = OpenHost();
  if (!host.ok()) return Fail(host.status());
  phases::InitData data;
  data.loaded = std::move(loaded).value();
  data.dry_run = o.dry_run;
  data.ignore_preflight_errors = *ignore;
  data.output_dir = o.output_dir;
  data.addon = {o.image, o.proxy_privileged, kVersion};
  data.system = host->system.get();
  data.modules = host->modules.get();
  data.out = &std::cout;
  data.cluster = cluster->get();

  std::cout << "[init] Using Kubernetes version: " << data.loaded.config.kubernetes_version << "\n"
            << "[init] kube-proxy mode: " << data.loaded.config.kube_proxy.mode << " (from "
            << data.loaded.mode_source << ")\n";
  if (Status st = runner.Run(data, o.only); !st.ok()) return Fail(st);
  if (Status st = phases::Finish(data); !st.ok()) return Fail(st);
  return 0;
}

void AddInitFlags(CLI::App* cmd, InitOptions& o) {
  cmd->add_option("--config", o.config, "path to a kubeadm configuration file");
  cmd->add_option("--feature-gates", o.feature_gates,
                  "kubeadm feature gates, K=V[,K=V...] (SupportIPVSProxyMode=true selects ipvs)");
  cmd->add_flag("--dry-run", o.dry_run, "don't apply any changes; just output what would be done");
  cmd->add_option("--ignore-preflight-errors", o.ignore_preflight_errors,
                  "checks whose errors are shown as warnings, e.g. 'IsPrivilegedUser,Port-10256'; "
                  "'all' ignores all");
  cmd->add_option("--output-dir", o.output_dir, "where init writes its files")
      ->capture_default_str();
  cmd->add_option("--kubeconfig", o.kubeconfig,
                  "an admin kubeconfig: the addon is also applied to that cluster (created, or "
                  "updated when it exists, as kubeadm does); under --dry-run it is only read");
  cmd->add_option("--image", o.image,
                  "the image the kube-proxy DaemonSet runs (default: "
                  "<imageRepository>/kubeadm-ipvs:<this version>)");
  // A bool flag as pflag's: alone it means true; --proxy-privileged=false.
  cmd->add_flag("--proxy-privileged", o.proxy_privileged,
                "run the proxy privileged, as kubeadm does (default true); "
                "--proxy-privileged=false grants only NET_ADMIN, NET_RAW and SYS_MODULE");
  cmd->add_option("--kubernetes-version", o.flags.kubernetes_version,
                  "the Kubernetes version of the control plane");
  cmd->add_option("--pod-network-cidr", o.flags.pod_network_cidr,
                  "the pod network's CIDR (kube-proxy's clusterCIDR)");
  cmd->add_option("--service-cidr", o.flags.service_cidr,
                  "the Service VIP range (default 10.96.0.0/12)");
  cmd->add_option("--apiserver-advertise-address", o.flags.advertise_address,
                  "the IP address the API server advertises");
  cmd->add_option("--apiserver-bind-port", o.flags.bind_port,
                  "the API server's port (default 6443)");
  cmd->add_option("--control-plane-endpoint", o.flags.control_plane_endpoint,
                  "a stable IP address or DNS name (with optional port) for the control plane");
  cmd->add_option("--image-repository", o.flags.image_repository,
                  "the registry to pull images from (default registry.k8s.io)");
}

// `init phase <name> [<child>]`, generated from the phase tree; a parent also
// gets `all` for itself and its children, as kubeadm has it.
void AddPhaseCommands(CLI::App* parent, const workflow::Phase<phases::InitData>& phase,
                      const std::string& prefix, const std::shared_ptr<InitOptions>& o,
                      int& exit_code) {
  std::string full = prefix.empty() ? phase.name : prefix + "/" + phase.name;
  CLI::App* cmd = parent->add_subcommand(phase.name, phase.help);
  AddInitFlags(cmd, *o);
  cmd->require_subcommand(0, 1);
  if (!phase.children.empty()) {
    CLI::App* all = cmd->add_subcommand("all", "Run every " + phase.name + " phase");
    AddInitFlags(all, *o);
    all->callback([o, full, &exit_code] {
      o->only = full;
      exit_code = RunInit(*o);
    });
  }
  for (const auto& child : phase.children) AddPhaseCommands(cmd, child, full, o, exit_code);
  cmd->callback([cmd, o, full, &exit_code] {
    if (!cmd->get_subcommands().empty()) return;  // a child command ran
    o->only = full;
    exit_code = RunInit(*o);
  });
}

std::string PhaseList() {
  std::string out =
      "\nThe init workflow runs these phases (skip with --skip-phases, run one with "
      "`init phase <name>`):\n";
  workflow::Runner<phases::InitData> runner(phases::InitPhases());
  for (const workflow::PhaseName& p : runner.Names()) {
    std::string name = std::string(static_cast<size_t>(2 + 2 * p.depth), ' ') + p.full_name;
    name.resize(std::max<size_t>(name.size() + 1, 28), ' ');
    out += name + p.help + "\n";
  }
  return out;
}

}  // namespace

void AddInitCommand(CLI::App& root, int& exit_code) {
  auto o = std::make_shared<InitOptions>();
  CLI::App* init = root.add_subcommand(
      "init", "Run the init workflow: preflight, then the kube-proxy addon in IPVS mode");
  AddInitFlags(init, *o);
  init->add_option("--skip-phases", o->skip_phases, "phases to skip, e.g. addon/kube-proxy");
  init->footer(PhaseList());
  init->require_subcommand(0, 1);
  CLI::App* phase = init->add_subcommand("phase", "Use this command to invoke a single phase");
  phase->require_subcommand(1);
  for (const auto& p : phases::InitPhases()) AddPhaseCommands(phase, p, "", o, exit_code);
  init->callback([phase, o, &exit_code] {
    if (phase->parsed()) return;  // `init phase ...` ran its own callback
    exit_code = RunInit(*o);
  });
}

}  // namespace ki::cmd
