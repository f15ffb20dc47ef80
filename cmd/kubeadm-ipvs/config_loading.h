// Shared by the commands that read configuration: loads it through pkg/config
// and prints notices, warnings and errors to stderr (results go to stdout).
#pragma once

#include <optional>
#include <string>

#include "pkg/base/status.h"
#include "pkg/config/load.h"

namespace ki::cmd {

// Prints every diagnostic, one per line, to stderr.
void PrintDiagnostics(const config::Diagnostics& diagnostics);

// Loads, prints the diagnostics, and returns the model, or an InvalidConfig
// status (exit 3) whose message is already printed.
Result<config::LoadedConfig> LoadAndReport(const config::LoadOptions& options);

}  // namespace ki::cmd
