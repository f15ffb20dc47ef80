// The HTTP seam between the API client and the network: GET a path on the
// API server (list pages, watches) or send a request with a JSON body
// (create, update), streaming a successful body to a sink. The libcurl
// implementation (http_client_curl.cpp) is the only code that sees curl;
// tests may supply their own. An HttpClient is used by one thread at a time
// (it owns one connection); make one per reflector or applier.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "pkg/base/status.h"
#include "pkg/k8s/client/clock.h"
#include "pkg/k8s/client/rest_config.h"

namespace ki::k8s::client {

struct HttpResponse {
  long status = 0;  // NOLINT(google-runtime-int): curl's type
  // The body of a non-2xx answer (a metav1.Status, usually), capped at 1 MiB.
  std::string error_body;
  // From Retry-After on 429/503, when the server sent one.
  std::optional<std::chrono::seconds> retry_after;
};

// Receives 2xx body bytes as they arrive; returning false aborts the request.
using BodySink = std::function<bool(std::string_view chunk)>;

struct RequestOptions {
  // Whole-request limit; zero: none. Default: none.
  std::chrono::milliseconds total_timeout{0};
  // Abort when no byte arrives for this long (a stalled watch); zero: never.
  std::chrono::seconds idle_timeout{0};
  // Ends the request promptly (within about a second) when fired; may be null.
  const StopSignal* stop = nullptr;
  // Offer gzip. Worth it for big lists; never for watches, where a
  // compressing server may hold events back to fill a block. Default: off.
  bool accept_compressed = false;
};

// One request other than a streamed GET: "POST", "PUT", "DELETE" or "GET",
// with a JSON body (sent with Content-Type: application/json) when not empty.
struct HttpRequest {
  std::string method = "GET";
  std::string path_and_query;
  std::string json_body;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Sends request to server + path_and_query; errors as for Get.
  virtual Result<HttpResponse> Send(const HttpRequest& request, const BodySink& sink,
                                    const RequestOptions& options) = 0;
  // GETs server + path_and_query. A Status error means no complete answer
  // arrived (connect, TLS, reset, timeout, abort); an HTTP error status is a
  // successful result with status set.
  virtual Result<HttpResponse> Get(const std::string& path_and_query, const BodySink& sink,
                                   const RequestOptions& options) = 0;
  // What credentials requests carry, for auth-failure messages.
  virtual std::string DescribeCredentials() const = 0;
};

// Makes a libcurl client for config: TLS with its CA (or the system store),
// client certificate, bearer token (token_file re-read per request), HTTP/2
// when the server offers it through ALPN.
Result<std::unique_ptr<HttpClient>> NewCurlHttpClient(const RestConfig& config);

}  // namespace ki::k8s::client
