// Decoding of Service, EndpointSlice and Node manifests from YAML or JSON text
// (yaml-cpp reads both): multi-document streams and `kind: List` documents with
// items. Decoding is apart from the types (objects.h); API objects already
// parsed as JSON go through the same checks (decode_json.h). Fields the proxy
// does not use are ignored; fields it uses are checked (types, enums, IP
// syntax, port ranges) and a failure names file:line:col, the object and the
// field path. Pure and thread-compatible; never throws.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "pkg/base/status.h"
#include "pkg/k8s/objects.h"

namespace ki::k8s {

using Object = std::variant<Service, EndpointSlice, Node>;

struct DecodedObjects {
  std::vector<Object> objects;
  // "file:line: kind Deployment ignored": documents of kinds the proxy does not read.
  std::vector<std::string> skipped;
};

// Decodes every document of text. The first malformed document fails the whole
// text (a file is kept or rejected as one, so a typo never half-applies it).
Result<DecodedObjects> DecodeManifests(std::string_view text, const std::string& file);

// Decodes text holding exactly one Service, EndpointSlice or Node (a watch
// event's object, a kubectl get -o json); `source` names it in errors.
Result<Object> DecodeObject(std::string_view text, const std::string& source);

}  // namespace ki::k8s
