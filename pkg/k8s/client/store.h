// The reflector's copy of the objects it watches, keyed "namespace/name", and
// the diff that turns one copy into another (used after a relist so that no
// change made while the watch was away goes unreported). Pure;
// thread-compatible.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <string>

#include "pkg/k8s/client/watch_event.h"

namespace ki::k8s::client {

using ObjectStore = std::map<std::string, nlohmann::json>;

using DiffVisitor = std::function<void(EventType type, const nlohmann::json& object)>;

// Calls visit with ADDED for keys only in `to`, MODIFIED for keys whose
// resourceVersion differs, and DELETED (with the last object `from` knew)
// for keys only in `from`; in key order.
void DiffStores(const ObjectStore& from, const ObjectStore& to, const DiffVisitor& visit);

}  // namespace ki::k8s::client
