// Reading API server answers: a list page (items, continue token,
// resourceVersion) and an error answer (metav1.Status) turned into a
// ki::Status that says what failed and, for 401/403, which credentials were
// tried. Pure; thread-compatible.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "pkg/base/status.h"
#include "pkg/k8s/client/http_client.h"

namespace ki::k8s::client {

struct ListPage {
  nlohmann::json items;  // an array
  std::string continue_token;
  std::string resource_version;
};

// Parses a List body; truncated or malformed JSON is an error.
Result<ListPage> ParseListPage(std::string_view body);

// The reason and code of a metav1.Status object ("Expired", 410).
struct ApiStatus {
  std::string reason;
  std::string message;
  int code = 0;
};
ApiStatus ParseApiStatus(const nlohmann::json& status);

// "GET <what>: 401 Unauthorized: <message> (tried <credentials>)": the error
// for a non-2xx answer. 401/403 map to kPermissionDenied, 404 to kNotFound,
// the rest to kUnavailable (worth retrying).
Status ErrorFromResponse(const std::string& what, const HttpResponse& response,
                         const std::string& credentials);

}  // namespace ki::k8s::client
