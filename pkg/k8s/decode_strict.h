// Internal to pkg/k8s decoding: kubectl's strict field validation for
// manifests (`--services-dir` files): every key of a Service, EndpointSlice or
// Node document that the API type does not have is reported by path and
// position ("svc.yaml:7:3: Service default/web: unknown field
// \"spec.clusterIp\" (did you mean \"spec.clusterIP\"?); it is ignored").
// The schema is the API's (v1 Service, discovery.k8s.io/v1 EndpointSlice, v1
// Node), not only what the proxy reads, so valid fields it ignores (selector,
// appProtocol, ...) pass. Objects from the API server are never checked (the
// server has its own versioning). Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pkg/k8s/decode_value.h"

namespace ki::k8s::internal {

// Appends a warning per unknown field of doc (a document of kind `kind`),
// each "file:line:col: <object>: unknown field ...".
void CheckKnownFields(const YamlRef& doc, std::string_view kind, const std::string& file,
                      const std::string& object, std::vector<std::string>& warnings);

// The candidate within edit distance 2 of word (case-insensitive), or "".
std::string SuggestName(std::string_view word, const std::vector<std::string>& candidates);

// "file:line:col" of n, or just file when n has no position.
std::string Position(const std::string& file, const Mark& m);

}  // namespace ki::k8s::internal
