// One YAML document as the JSON the API server takes, with the scalar types
// Kubernetes' own YAML reader (sigs.k8s.io/yaml over go-yaml v2, as
// `kubectl apply -f` uses) would give it: a quoted, literal or folded
// scalar, or one tagged !!str, is always a string ("true", "80" and "" stay
// strings); a plain scalar is null, a bool (YAML 1.1: true/yes/on/y and
// their negatives, in three casings), an integer (decimal, 0x, 0o or leading-0
// octal, 0b; underscores ignored), a float, or else a string. Keys become
// strings. A float JSON cannot hold (.inf, .nan), a custom tag or a
// non-scalar key is an error.
//
// Meant for documents this program rendered (pkg/manifests); text from
// users goes through pkg/config's libyaml check before yaml-cpp sees it.
// Pure; thread-compatible; never throws.
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

#include "pkg/base/status.h"

namespace ki::k8s::client {

// Converts exactly one YAML document; an empty stream or several documents
// is an error.
Result<nlohmann::json> JsonFromYaml(std::string_view yaml);

}  // namespace ki::k8s::client
