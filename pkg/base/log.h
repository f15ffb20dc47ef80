// Logging set-up: spdlog to stderr, levels chosen by kubeadm's `-v N`.
// Results go to stdout through the commands themselves, never through the log.
#pragma once

namespace ki {

// 0 = info (kubeadm's default), 1-4 = debug, >= 5 = trace. Call once, early.
void InitLogging(int verbosity);

}  // namespace ki
