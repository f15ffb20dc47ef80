#include "pkg/k8s/client/apply.h"

#include <spdlog/spdlog.h>

#include "pkg/k8s/client/api_response.h"

namespace ki::k8s::client {
namespace {

// Bigger than any object the API server stores (etcd's limit is 1.5 MiB).
constexpr size_t kMaxBody = 4 << 20;

// NOLINTNEXTLINE(google-runtime-int): curl's type
bool Is2xx(long status) { return status >= 200 && status < 300; }

// Answers worth another attempt: throttling and server-side trouble.
bool Transient(long status) {  // NOLINT(google-runtime-int): curl's type
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

std::string ReasonOf(const HttpResponse& response) {
  const nlohmann::json body =
      nlohmann::json::parse(response.error_body, nullptr, /*allow_exceptions=*/false);
  return ParseApiStatus(body).reason;
}

}  // namespace

ApiApplier::ApiApplier(std::unique_ptr<HttpClient> http, std::string server, Clock& clock,
                       ApplyOptions options)
    : http_(std::move(http)), server_(std::move(server)), clock_(clock), options_(options) {}

Result<ApplyAction> ApiApplier::CreateOrUpdate(const nlohmann::json& object) {
  Result<ObjectRef> ref = RefOf(object);
  if (!ref.ok()) return ref.status();
  const TimePoint deadline = clock_.Now() + options_.timeout;
  for (int attempts = 1;; ++attempts) {
    Attempt a = Once(object, *ref);
    if (a.result.ok() || !a.retry) return std::move(a.result);
    if (clock_.Now() + options_.retry_interval > deadline) {
      return attempts == 1 ? a.result.status()
                           : a.result.status().Wrap("gave up after " + std::to_string(attempts) +
                                                    " attempts");
    }
    if (attempts == 1) {  // once, so a slow or absent server does not look like a hang
      spdlog::warn("{}; retrying every {}ms for up to {}s", a.result.status().message(),
                   options_.retry_interval.count(),
                   std::chrono::duration_cast<std::chrono::seconds>(options_.timeout).count());
    }
    clock_.SleepFor(options_.retry_interval, never_stopped_);
  }
}

ApiApplier::Attempt ApiApplier::Once(const nlohmann::json& object, const ObjectRef& ref) {
  nlohmann::json create = object;
  create["metadata"].erase("resourceVersion");  // the server refuses a create that has one
  Result<Reply> posted = Call("POST", CollectionPath(ref), create.dump());
  if (!posted.ok()) return {posted.status(), true};
  if (Is2xx(posted->response.status)) return {ApplyAction::kCreated, false};
  if (posted->response.status == 409 && ReasonOf(posted->response) == "AlreadyExists") {
    return Replace(object, ref);
  }
  return Failed("create " + Describe(ref), posted->response);
}

// GET the current object, PUT ours with its resourceVersion.
ApiApplier::Attempt ApiApplier::Replace(const nlohmann::json& object, const ObjectRef& ref) {
  const std::string path = ObjectPath(ref);
  Result<Reply> got = Call("GET", path, "");
  if (!got.ok()) return {got.status(), true};
  if (!Is2xx(got->response.status)) {
    Attempt a = Failed("get " + Describe(ref), got->response);
    a.retry = a.retry || got->response.status == 404;  // deleted since: create it again
    return a;
  }
  const nlohmann::json current = nlohmann::json::parse(got->body, nullptr, false);
  const nlohmann::json* rv = nullptr;
  if (current.is_object() && current.contains("metadata") && current["metadata"].is_object()) {
    const auto it = current["metadata"].find("resourceVersion");
    if (it != current["metadata"].end() && it->is_string()) rv = &*it;
  }
  if (rv == nullptr) {
    return {Status::Unavailable("get " + Describe(ref) + ": the answer has no resourceVersion"),
            true};
  }
  nlohmann::json update = object;
  update["metadata"]["resourceVersion"] = *rv;
  Result<Reply> put = Call("PUT", path, update.dump());
  if (!put.ok()) return {put.status(), true};
  if (Is2xx(put->response.status)) return {ApplyAction::kUpdated, false};
  Attempt a = Failed("update " + Describe(ref), put->response);
  a.retry = a.retry || put->response.status == 409;  // changed since the GET: redo both
  return a;
}

ApiApplier::Attempt ApiApplier::Failed(const std::string& what,
                                       const HttpResponse& response) const {
  return {ErrorFromResponse(what, response, http_->DescribeCredentials()),
          Transient(response.status)};
}

Result<ApiApplier::Reply> ApiApplier::Call(const std::string& method, const std::string& path,
                                           const std::string& body) {
  Reply reply;
  const BodySink sink = [&reply](std::string_view chunk) {
    if (reply.body.size() + chunk.size() > kMaxBody) return false;
    reply.body.append(chunk);
    return true;
  };
  RequestOptions request;
  request.total_timeout = options_.request_timeout;
  Result<HttpResponse> response = http_->Send(HttpRequest{method, path, body}, sink, request);
  if (!response.ok()) return response.status();
  reply.response = std::move(*response);
  return reply;
}

Result<std::unique_ptr<ObjectApplier>> NewApiApplier(const RestConfig& config,
                                                     ApplyOptions options) {
  Result<std::unique_ptr<HttpClient>> http = NewCurlHttpClient(config);
  if (!http.ok()) return http.status();
  return std::unique_ptr<ObjectApplier>(
      std::make_unique<ApiApplier>(std::move(*http), config.server, SystemClock(), options));
}

}  // namespace ki::k8s::client
