// The kubeadm-ipvs command line: the CLI11 app with every subcommand, and the
// one entry point that checks argv (cli_args.h), parses it and runs the
// command. Tests build the same app to walk every subcommand and option.
// Not thread-safe: one app per thread.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>

namespace ki::cmd {

// The root app with the root options (-v), every subcommand and `help
// [command...]`. Parsing it runs the chosen command, whose exit code is stored
// in `exit_code`, which must outlive the app.
std::unique_ptr<CLI::App> BuildApp(int& exit_code);

// Checks, parses and runs argv; returns the process exit code (kubeadm's: 0
// ok, 1 runtime, 2 preflight, 3 invalid configuration or flags). Help goes to
// stdout, every error to stderr.
int RunCommandLine(int argc, const char* const* argv);

}  // namespace ki::cmd
