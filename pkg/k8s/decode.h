// Decoding of Service, EndpointSlice and Node manifests from YAML or JSON text
// (read once, document by document, by a reader for the YAML manifests are
// written in, and by libyaml when the text is anything else; yaml_fast.h):
// multi-document streams and `kind: List` documents with items. Decoding is apart from the types
// (objects.h); API objects already parsed as JSON go through the same checks (decode_json.h).
// Fields the proxy does not use are ignored; fields it uses are checked (types, enums, IP syntax,
// port ranges) and a failure names file:line:col, the object and the field path. With
// DecodeOptions::strict, fields the API types do not have and documents of other kinds are warned
// about (as kubectl's strict field validation); a decode can be cancelled while it runs. Pure and
// thread-compatible; never throws.
#pragma once

#include <functional>
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
  // Where each of objects starts ("file:line:col"), in the same order.
  std::vector<std::string> where;
  // "file:line:col: kind Deployment ignored": documents of kinds the proxy does not read.
  std::vector<std::string> skipped;
  // strict only: "file:line:col: Service default/web: unknown field \"spec.clusterIp\"
  // (did you mean \"spec.clusterIP\"?); it is ignored", and unknown kinds.
  std::vector<std::string> warnings;
};

struct DecodeOptions {
  // Warn about fields the API types do not have and kinds that look like a
  // misspelt one (manifests a person wrote; never objects from the API server).
  bool strict = false;
  // Asked while the text is read (every few KiB) and between documents; once
  // it returns true the decode stops with an error saying so. Default: never.
  std::function<bool()> cancelled;
};

// Decodes every document of text. The first malformed document fails the whole
// text (a file is kept or rejected as one, so a typo never half-applies it).
Result<DecodedObjects> DecodeManifests(std::string_view text, const std::string& file,
                                       const DecodeOptions& options = {});

// Decodes text holding exactly one Service, EndpointSlice or Node (a watch
// event's object, a kubectl get -o json); `source` names it in errors.
Result<Object> DecodeObject(std::string_view text, const std::string& source);

}  // namespace ki::k8s
