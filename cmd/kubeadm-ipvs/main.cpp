// kubeadm-ipvs: bootstrap a node in IPVS mode (init, preflight, config) and run
// its proxy (proxy, ipvs). Flags are parsed here; the work lives in pkg/.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "cmd/kubeadm-ipvs/commands.h"
#include "pkg/base/log.h"

int main(int argc, char** argv) {
  CLI::App app{"kubeadm-ipvs: bootstrap Kubernetes nodes in IPVS proxy mode and run their proxy",
               "kubeadm-ipvs"};
  app.require_subcommand(1);
  int verbosity = 0;
  app.add_option("-v,--v", verbosity, "log level verbosity (kubeadm's -v N)")
      ->check(CLI::NonNegativeNumber);
  app.parse_complete_callback([&] { ki::InitLogging(verbosity); });

  int exit_code = 0;
  ki::cmd::AddInitCommand(app, exit_code);
  ki::cmd::AddPreflightCommand(app, exit_code);
  ki::cmd::AddProxyCommand(app, exit_code);
  ki::cmd::AddIpvsCommand(app, exit_code);
  ki::cmd::AddConfigCommand(app, exit_code);
  ki::cmd::AddVersionCommand(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and friends are successes; everything else is a flag error (exit 3).
    int rc = app.exit(e);
    return rc == 0 ? 0 : 3;
  } catch (const std::exception& e) {
    // Nothing below throws by design (errors are Status values); a library
    // that does still gets a clean runtime-error exit, not an abort.
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return exit_code;
}
