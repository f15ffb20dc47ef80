// An EndpointSlice as the engine keeps it: only what endpoint choice reads
// (endpoints.h), each endpoint's address parsed once and its node name and
// zone hints interned; about a quarter of the decoded form's memory (at
// 500,000 endpoints, ~80 MB became ~20). Pure; not thread-safe.
#pragma once

#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "pkg/ipvs/types.h"
#include "pkg/k8s/objects.h"

namespace ki::proxy {

struct StoredEndpoint {
  // The first address (the API makes the others fungible); family 0 when
  // it is no IP address (an FQDN slice, an unparsable value).
  ipvs::IpAddress addr;
  k8s::EndpointConditions conditions;
  const std::string* node = nullptr;                     // interned; null: none
  const std::vector<std::string>* hint_zones = nullptr;  // interned; null: no hints
  // Interned: equal names are the same pointer.
  bool operator==(const StoredEndpoint&) const = default;
};

struct StoredSlice {
  k8s::ObjectName service;  // the Service it belongs to (EndpointSlice::ServiceName)
  k8s::AddressType address_type = k8s::AddressType::kIPv4;
  std::vector<StoredEndpoint> endpoints;
  std::vector<k8s::EndpointPort> ports;
  bool operator==(const StoredSlice&) const = default;
};

// The strings StoredSlices point to. What it interns is kept as long as it
// lives: node names and zone lists, a few per node of the cluster.
class SliceInterner {
 public:
  const std::string* Name(const std::string& name);                              // null for ""
  const std::vector<std::string>* Zones(const std::vector<std::string>& zones);  // null for none

 private:
  std::unordered_set<std::string> names_;  // node-stable
  std::set<std::vector<std::string>> zones_;
};

StoredSlice StoreSlice(const k8s::EndpointSlice& slice, SliceInterner& interner);

}  // namespace ki::proxy
