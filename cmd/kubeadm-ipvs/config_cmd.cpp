#include "cmd/kubeadm-ipvs/commands.h"

namespace ki::cmd {

void AddConfigCommand(CLI::App& root, int& exit_code) {
  auto* sub = root.add_subcommand("config", "Configuration tooling");
  sub->allow_extras();
  MarkNotImplemented(*sub, exit_code);
}

}  // namespace ki::cmd
