// Internal to pkg/k8s decoding: one decoder per kind over a checked document
// root. Thread-compatible.
#pragma once

#include "pkg/base/ip_text.h"
#include "pkg/base/status.h"
#include "pkg/k8s/decode.h"
#include "pkg/k8s/decode_fields.h"
#include "pkg/k8s/objects.h"

namespace ki::k8s::internal {

Result<Service> DecodeService(const Fields& root);
Result<EndpointSlice> DecodeEndpointSlice(const Fields& root);
Result<Node> DecodeNode(const Fields& root);
// metadata.{namespace,name,labels,annotations}; name is required.
Status DecodeMeta(const Fields& root, ObjectMeta& out);
// "TCP" (default when absent), "UDP", "SCTP".
Status DecodeProtocol(const Fields& f, const std::string& key, Protocol& out);
// One document of a known kind, checked and decoded; `source` names it.
Result<Object> DecodeOneObject(const Value& doc, const std::string& source);

}  // namespace ki::k8s::internal
