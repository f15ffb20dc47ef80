#include "pkg/k8s/client/api_response.h"

#include <cerrno>

namespace ki::k8s::client {
namespace {

std::string StringField(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const char* ReasonPhrase(long status) {  // NOLINT(google-runtime-int): curl's type
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "";
  }
}

}  // namespace

Result<ListPage> ParseListPage(std::string_view body) {
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Status::Unavailable("malformed list response (" + std::to_string(body.size()) +
                               " bytes)");
  }
  ListPage page;
  auto items = doc.find("items");
  if (items == doc.end() || items->is_null()) {
    page.items = nlohmann::json::array();  // an empty list may omit or null items
  } else if (items->is_array()) {
    page.items = std::move(*items);
  } else {
    return Status::Unavailable("list response: items is not an array");
  }
  const auto meta = doc.find("metadata");
  if (meta != doc.end() && meta->is_object()) {
    page.continue_token = StringField(*meta, "continue");
    page.resource_version = StringField(*meta, "resourceVersion");
  }
  return page;
}

ApiStatus ParseApiStatus(const nlohmann::json& status) {
  ApiStatus out;
  if (!status.is_object()) {
    return out;
  }
  out.reason = StringField(status, "reason");
  out.message = StringField(status, "message");
  const auto code = status.find("code");
  if (code != status.end() && code->is_number_integer()) {
    out.code = code->get<int>();
  }
  return out;
}

Status ErrorFromResponse(const std::string& what, const HttpResponse& response,
                         const std::string& credentials) {
  const nlohmann::json body =
      nlohmann::json::parse(response.error_body, nullptr, /*allow_exceptions=*/false);
  const ApiStatus api = ParseApiStatus(body);
  std::string msg = what + ": " + std::to_string(response.status);
  if (const char* phrase = ReasonPhrase(response.status); *phrase != '\0') {
    msg += std::string(" ") + phrase;
  }
  if (!api.message.empty()) {
    msg += ": " + api.message;
  }
  if (response.status == 401 || response.status == 403) {
    // FromErrno is the only way to a kPermissionDenied Status.
    return Status::FromErrno(EACCES, msg + " (tried " + credentials + ")");
  }
  if (response.status == 404) {
    return Status::NotFound(msg);
  }
  return Status::Unavailable(msg);
}

}  // namespace ki::k8s::client
