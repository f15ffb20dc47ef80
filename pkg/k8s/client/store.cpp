#include "pkg/k8s/client/store.h"

namespace ki::k8s::client {

nlohmann::json Tombstone(const ResourceSpec& spec, const std::string& key,
                         const std::string& resource_version) {
  nlohmann::json meta = nlohmann::json::object();
  const size_t slash = key.find('/');
  if (slash != std::string::npos) meta["namespace"] = key.substr(0, slash);
  meta["name"] = slash == std::string::npos ? key : key.substr(slash + 1);
  meta["resourceVersion"] = resource_version;
  return {{"apiVersion", spec.api_version}, {"kind", spec.kind}, {"metadata", std::move(meta)}};
}

void ForEachDropped(const ObjectStore& from, const ObjectStore& to,
                    const std::function<void(const std::string&, const std::string&)>& deleted) {
  auto b = to.begin();
  // A merge walk over both sorted maps: linear in their sizes.
  for (const auto& [key, rv] : from) {
    while (b != to.end() && b->first < key) ++b;
    if (b == to.end() || b->first != key) deleted(key, rv);
  }
}

}  // namespace ki::k8s::client
