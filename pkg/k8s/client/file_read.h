// Reads a whole small file (certificates, tokens, kubeconfigs). Thread-safe.
#pragma once

#include <string>

#include "pkg/base/status.h"

namespace ki::k8s::client {

// "read <path>: No such file or directory" on failure.
Result<std::string> ReadWholeFile(const std::string& path);

}  // namespace ki::k8s::client
