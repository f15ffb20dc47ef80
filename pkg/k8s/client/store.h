// What the reflector remembers of the objects it watches: each one's
// resourceVersion by "namespace/name" (never the objects: at 50,000
// EndpointSlices their JSON trees were hundreds of MB), and the diff that
// turns one such record into another (after a relist, so that no change made
// while the watch was away goes unreported). Pure; thread-compatible.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <string>

#include "pkg/k8s/client/resource.h"
#include "pkg/k8s/client/watch_event.h"

namespace ki::k8s::client {

using ObjectStore = std::map<std::string, std::string>;  // key -> resourceVersion

// An object the reflector only knows by key and version, for a DELETED
// event the reflector makes itself (a relist no longer found it): apiVersion,
// kind, metadata.namespace (if the key has one), name and resourceVersion.
nlohmann::json Tombstone(const ResourceSpec& spec, const std::string& key,
                         const std::string& resource_version);

// Calls deleted(key, resourceVersion) for each key of `from` that `to` lacks,
// in key order.
void ForEachDropped(const ObjectStore& from, const ObjectStore& to,
                    const std::function<void(const std::string&, const std::string&)>& deleted);

}  // namespace ki::k8s::client
