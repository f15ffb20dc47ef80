// Subcommands whose implementation lands in later issues. They parse their
// documented flags (so --help is true) and exit 1 with "not implemented yet".
#include "cmd/kubeadm-ipvs/commands.h"

namespace ki::cmd {

void AddInitCommand(CLI::App& root, int& exit_code) {
  auto* sub = root.add_subcommand(
      "init", "Run the init workflow: preflight, then the kube-proxy addon in IPVS mode");
  sub->allow_extras();
  MarkNotImplemented(*sub, exit_code);
}

void AddPreflightCommand(CLI::App& root, int& exit_code) {
  auto* sub =
      root.add_subcommand("preflight", "Diagnose why IPVS proxy mode cannot start on this node");
  sub->allow_extras();
  MarkNotImplemented(*sub, exit_code);
}

void AddProxyCommand(CLI::App& root, int& exit_code) {
  auto* sub = root.add_subcommand("proxy", "Run the IPVS node proxy");
  sub->allow_extras();
  MarkNotImplemented(*sub, exit_code);
}

void AddIpvsCommand(CLI::App& root, int& exit_code) {
  auto* sub = root.add_subcommand("ipvs", "Inspect the kernel's IPVS table");
  auto* list = sub->add_subcommand("list", "List the IPVS table in ipvsadm -L format");
  sub->require_subcommand(1);
  list->allow_extras();
  MarkNotImplemented(*list, exit_code);
}

}  // namespace ki::cmd
