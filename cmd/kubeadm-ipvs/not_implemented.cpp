#include <iostream>

#include "cmd/kubeadm-ipvs/commands.h"

namespace ki::cmd {

void MarkNotImplemented(CLI::App& sub, int& exit_code) {
  sub.callback([&sub, &exit_code] {
    std::cerr << "error: kubeadm-ipvs " << sub.get_name() << ": not implemented yet\n";
    exit_code = 1;
  });
}

}  // namespace ki::cmd
