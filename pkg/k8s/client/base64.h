// Standard base64 (RFC 4648) decoding for kubeconfig "-data" fields. Pure.
#pragma once

#include <string>
#include <string_view>

#include "pkg/base/status.h"

namespace ki::k8s::client {

// Decodes text; whitespace (line breaks in pasted data) is skipped, padding
// is optional. Any other character outside the alphabet is an error.
Result<std::string> DecodeBase64(std::string_view text);

}  // namespace ki::k8s::client
