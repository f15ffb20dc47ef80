#include "pkg/k8s/client/resource.h"

#include <cctype>

namespace ki::k8s::client {
namespace {

std::string Selectors(const ResourceSpec& spec) {
  std::string q;
  if (!spec.label_selector.empty()) {
    q += "&labelSelector=" + QueryEscape(spec.label_selector);
  }
  if (!spec.field_selector.empty()) {
    q += "&fieldSelector=" + QueryEscape(spec.field_selector);
  }
  return q;
}

}  // namespace

ResourceSpec ServicesResource() { return ResourceSpec{}; }

ResourceSpec EndpointSlicesResource(const std::string& service_name) {
  ResourceSpec spec;
  spec.group_version_path = "/apis/discovery.k8s.io/v1";
  spec.resource = "endpointslices";
  spec.kind = "EndpointSlice";
  spec.api_version = "discovery.k8s.io/v1";
  if (!service_name.empty()) {
    spec.label_selector = "kubernetes.io/service-name=" + service_name;
  }
  return spec;
}

ResourceSpec NodeResource(const std::string& node_name) {
  ResourceSpec spec;
  spec.resource = "nodes";
  spec.kind = "Node";
  spec.field_selector = "metadata.name=" + node_name;
  return spec;
}

std::string QueryEscape(const std::string& value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0xf]);
    }
  }
  return out;
}

std::string ListPath(const ResourceSpec& spec, int limit, const std::string& continue_token) {
  std::string q;
  if (limit > 0) {
    q += "&limit=" + std::to_string(limit);
  }
  if (!continue_token.empty()) {
    q += "&continue=" + QueryEscape(continue_token);
  }
  q += Selectors(spec);
  std::string path = spec.group_version_path + "/" + spec.resource;
  if (!q.empty()) {
    q[0] = '?';
  }
  return path + q;
}

std::string WatchPath(const ResourceSpec& spec, const std::string& resource_version,
                      int timeout_seconds) {
  std::string path =
      spec.group_version_path + "/" + spec.resource +
      "?watch=true&allowWatchBookmarks=true&timeoutSeconds=" + std::to_string(timeout_seconds);
  if (!resource_version.empty()) {
    path += "&resourceVersion=" + QueryEscape(resource_version);
  }
  return path + Selectors(spec);
}

}  // namespace ki::k8s::client
