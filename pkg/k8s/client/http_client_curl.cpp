// The libcurl HttpClient. One easy handle per client: curl keeps its
// connection (and TLS session) alive between list pages and watches, and
// between the requests of one create-or-update.
#include <spdlog/spdlog.h>

#include <mutex>

#include "pkg/base/file_read.h"
#include "pkg/k8s/client/curl_handle.h"
#include "pkg/k8s/client/http_client.h"

namespace ki::k8s::client {

Status EnsureCurlGlobalInit() {
  static std::once_flag once;
  static CURLcode code = CURLE_OK;
  std::call_once(once, [] { code = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (code != CURLE_OK) {
    return Status::Internal(std::string("curl_global_init: ") + curl_easy_strerror(code));
  }
  return Status::Ok();
}

Result<CurlEasy> NewCurlEasy() {
  KI_RETURN_IF_ERROR(EnsureCurlGlobalInit());
  CurlEasy easy(curl_easy_init());
  if (!easy) {
    return Status::Internal("curl_easy_init failed");
  }
  return easy;
}

namespace {

constexpr size_t kMaxErrorBody = 1 << 20;

// State one request's callbacks share.
struct Transfer {
  CURL* curl = nullptr;
  const BodySink* sink = nullptr;
  const StopSignal* stop = nullptr;
  HttpResponse response;
  bool sink_aborted = false;
};

size_t OnWrite(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t len = size * n;
  long code = 0;  // NOLINT(google-runtime-int): curl's type
  curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &code);
  if (code < 200 || code >= 300) {
    const size_t room = kMaxErrorBody - std::min(kMaxErrorBody, t->response.error_body.size());
    t->response.error_body.append(data, std::min(room, len));
    return len;
  }
  if (*t->sink && !(*t->sink)(std::string_view(data, len))) {
    t->sink_aborted = true;
    return 0;  // makes curl fail the transfer with CURLE_WRITE_ERROR
  }
  return len;
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* t = static_cast<const Transfer*>(user);
  return t->stop != nullptr && t->stop->stopped() ? 1 : 0;
}

class CurlHttpClient final : public HttpClient {
 public:
  CurlHttpClient(RestConfig config, CurlEasy easy)
      : config_(std::move(config)), easy_(std::move(easy)) {}

  Result<HttpResponse> Get(const std::string& path_and_query, const BodySink& sink,
                           const RequestOptions& options) override;
  Result<HttpResponse> Send(const HttpRequest& request, const BodySink& sink,
                            const RequestOptions& options) override;
  std::string DescribeCredentials() const override { return client::DescribeCredentials(config_); }

 private:
  std::string CurrentToken();
  Status Configure(Transfer& t, const CurlHeaders& headers, const std::string& url,
                   const RequestOptions& options);
  Status SetTls();
  Status SetMethod(const HttpRequest& request);

  RestConfig config_;
  CurlEasy easy_;
  std::string last_good_token_;
};

// The token from token_file when set (re-read every request for rotation;
// the last readable value is kept when a rotation is mid-way), else token.
std::string CurlHttpClient::CurrentToken() {
  if (config_.token_file.empty()) {
    return config_.token;
  }
  Result<std::string> token =
      ReadRegularFile(config_.token_file, FileLimit{kMaxCredentialBytes, "a token file"});
  if (token.ok()) {
    std::string value = std::move(*token);
    while (!value.empty() &&
           (value.back() == '\n' || value.back() == '\r' || value.back() == ' ')) {
      value.pop_back();
    }
    if (!value.empty()) {
      last_good_token_ = std::move(value);
    }
  } else {
    spdlog::warn("token file: {}; using the last token read", token.status().message());
  }
  return last_good_token_.empty() ? config_.token : last_good_token_;
}

Status CurlHttpClient::SetTls() {
  CURL* c = easy_.get();
  if (config_.insecure_skip_tls_verify) {
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
  } else if (!config_.ca_pem.empty()) {
    // Trust only the cluster CA, as client-go does when one is configured.
    curl_blob ca{config_.ca_pem.data(), config_.ca_pem.size(), CURL_BLOB_COPY};
    curl_easy_setopt(c, CURLOPT_CAINFO, nullptr);
    curl_easy_setopt(c, CURLOPT_CAPATH, nullptr);
    if (curl_easy_setopt(c, CURLOPT_CAINFO_BLOB, &ca) != CURLE_OK) {
      return Status::Unavailable("this libcurl cannot take an in-memory CA (CURLOPT_CAINFO_BLOB)");
    }
  }
  if (!config_.client_cert_pem.empty()) {
    curl_blob cert{config_.client_cert_pem.data(), config_.client_cert_pem.size(), CURL_BLOB_COPY};
    curl_blob key{config_.client_key_pem.data(), config_.client_key_pem.size(), CURL_BLOB_COPY};
    curl_easy_setopt(c, CURLOPT_SSLCERTTYPE, "PEM");
    curl_easy_setopt(c, CURLOPT_SSLKEYTYPE, "PEM");
    if (curl_easy_setopt(c, CURLOPT_SSLCERT_BLOB, &cert) != CURLE_OK ||
        curl_easy_setopt(c, CURLOPT_SSLKEY_BLOB, &key) != CURLE_OK) {
      return Status::Unavailable("this libcurl cannot take an in-memory client certificate");
    }
  }
  return Status::Ok();
}

Status CurlHttpClient::Configure(Transfer& t, const CurlHeaders& headers, const std::string& url,
                                 const RequestOptions& options) {
  CURL* c = easy_.get();
  curl_easy_reset(c);  // forget the previous request's options, keep the connection
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  if (options.accept_compressed) {
    // The only encoding the API server compresses with (client-go offers the same).
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");
  }
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
  curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &OnWrite);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, &OnProgress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options.total_timeout.count()));
  if (options.idle_timeout.count() > 0) {
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options.idle_timeout.count()));
  }
  return SetTls();
}

Result<HttpResponse> CurlHttpClient::Get(const std::string& path_and_query, const BodySink& sink,
                                         const RequestOptions& options) {
  return Send(HttpRequest{"GET", path_and_query, ""}, sink, options);
}

Status CurlHttpClient::SetMethod(const HttpRequest& request) {
  CURL* c = easy_.get();
  if (request.method != "GET" && request.method != "POST" && request.method != "PUT" &&
      request.method != "DELETE") {
    return Status::Internal("unsupported HTTP method " + request.method);
  }
  if (request.method != "GET") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  if (!request.json_body.empty()) {
    // POSTFIELDS makes curl send the body; CUSTOMREQUEST keeps the verb.
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.json_body.size()));
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.json_body.data());
  }
  return Status::Ok();
}

Result<HttpResponse> CurlHttpClient::Send(const HttpRequest& request, const BodySink& sink,
                                          const RequestOptions& options) {
  const std::string url = config_.server + request.path_and_query;
  const std::string what = request.method + " " + url;
  CurlHeaders headers;
  bool ok =
      headers.Append("Accept: application/json") && headers.Append("User-Agent: kubeadm-ipvs");
  if (!request.json_body.empty()) {
    // "Expect:" stops curl waiting for a 100 Continue before larger bodies.
    ok = ok && headers.Append("Content-Type: application/json") && headers.Append("Expect:");
  }
  const std::string token = CurrentToken();
  if (!token.empty()) {
    ok = ok && headers.Append(("Authorization: Bearer " + token).c_str());
  }
  if (!ok) {
    return Status::Internal(what + ": out of memory building headers");
  }
  Transfer t;
  t.curl = easy_.get();
  t.sink = &sink;
  t.stop = options.stop;
  KI_RETURN_IF_ERROR(Configure(t, headers, url, options).Wrap(what));
  KI_RETURN_IF_ERROR(SetMethod(request).Wrap(what));
  const CURLcode rc = curl_easy_perform(easy_.get());
  curl_easy_getinfo(easy_.get(), CURLINFO_RESPONSE_CODE, &t.response.status);
  curl_off_t retry_after = 0;
  if (curl_easy_getinfo(easy_.get(), CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK &&
      retry_after > 0) {
    t.response.retry_after = std::chrono::seconds(retry_after);
  }
  if (rc != CURLE_OK) {
    std::string why = t.sink_aborted ? "aborted by the reader" : curl_easy_strerror(rc);
    if (rc == CURLE_ABORTED_BY_CALLBACK) {
      why = "stopped";
    }
    return Status::Unavailable(what + ": " + why);
  }
  return std::move(t.response);
}

}  // namespace

Result<std::unique_ptr<HttpClient>> NewCurlHttpClient(const RestConfig& config) {
  Result<CurlEasy> easy = NewCurlEasy();
  if (!easy.ok()) {
    return easy.status();
  }
  return std::unique_ptr<HttpClient>(std::make_unique<CurlHttpClient>(config, std::move(*easy)));
}

}  // namespace ki::k8s::client
