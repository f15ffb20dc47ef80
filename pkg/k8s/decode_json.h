// Decoding of one API object the client already parsed (a list item or a
// watch event's object, as nlohmann::json) into the proxy's types, through
// the same field checks as manifests, read straight from the JSON, so the API
// and --services-dir sources accept the same objects. A JSON scalar reads as
// its text with no quoting ("80" is a port; see decode_value.h).
// metadata.managedFields, which can be most of an object's bytes, is never
// read. Pure; thread-compatible; never throws.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "pkg/base/status.h"
#include "pkg/k8s/decode.h"

namespace ki::k8s {

// `source` names the object in errors ("watch services").
Result<Object> DecodeJsonObject(const nlohmann::json& object, const std::string& source);

}  // namespace ki::k8s
