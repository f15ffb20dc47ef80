// Which collection a reflector lists and watches, and the request paths for
// it (list pages, watches) with their query parameters. Pure;
// thread-compatible.
#pragma once

#include <string>

namespace ki::k8s::client {

struct ResourceSpec {
  std::string group_version_path = "/api/v1";  // or "/apis/discovery.k8s.io/v1"
  std::string resource = "services";
  // Set on list items, which the API server sends without kind/apiVersion,
  // so every object handed on is self-describing.
  std::string kind = "Service";
  std::string api_version = "v1";
  std::string label_selector;  // default: everything
  std::string field_selector;  // default: everything
};

ResourceSpec ServicesResource();
// All EndpointSlices, or with service_name those of one Service
// (label kubernetes.io/service-name).
ResourceSpec EndpointSlicesResource(const std::string& service_name = "");
// One Node, by metadata.name.
ResourceSpec NodeResource(const std::string& node_name);

// Percent-encodes a query value (RFC 3986 unreserved characters stay).
std::string QueryEscape(const std::string& value);

// "/api/v1/services?limit=500&continue=..."; limit <= 0 means no limit.
std::string ListPath(const ResourceSpec& spec, int limit, const std::string& continue_token);
// "/api/v1/services?watch=true&resourceVersion=..&allowWatchBookmarks=true&timeoutSeconds=.."
std::string WatchPath(const ResourceSpec& spec, const std::string& resource_version,
                      int timeout_seconds);

}  // namespace ki::k8s::client
