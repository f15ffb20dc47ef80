// Registration of the subcommands. Each Add*Command attaches one subcommand to
// the root app; its callback runs the command and stores the process exit code.
#pragma once

#include <CLI/CLI.hpp>

namespace ki::cmd {

void AddVersionCommand(CLI::App& root, int& exit_code);
void AddConfigCommand(CLI::App& root, int& exit_code);
void AddInitCommand(CLI::App& root, int& exit_code);
void AddPreflightCommand(CLI::App& root, int& exit_code);
void AddProxyCommand(CLI::App& root, int& exit_code);
void AddIpvsCommand(CLI::App& root, int& exit_code);

}  // namespace ki::cmd
