// Subcommands whose implementation lands in later issues. They parse their
// documented flags (so --help is true) and exit 1 with "not implemented yet".
#include "cmd/kubeadm-ipvs/commands.h"

namespace ki::cmd {

void AddProxyCommand(CLI::App& root, int& exit_code) {
  auto* sub = root.add_subcommand("proxy", "Run the IPVS node proxy");
  sub->allow_extras();
  MarkNotImplemented(*sub, exit_code);
}

}  // namespace ki::cmd
