// An HttpClient that answers from a script: each request takes the next
// queued reply (a status and body, or a transport failure) and is recorded.
// For unit tests of request logic (create-or-update). Not thread-safe.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "pkg/k8s/client/http_client.h"

namespace ki::k8s::client::testing {

class ScriptedHttpClient final : public HttpClient {
 public:
  struct Reply {
    long status = 200;  // NOLINT(google-runtime-int): curl's type; 0: no answer (transport error)
    std::string body;
  };

  // Queues the answer to the next unanswered request.
  void Push(long status, std::string body) {  // NOLINT(google-runtime-int)
    replies_.push_back({status, std::move(body)});
  }

  Result<HttpResponse> Send(const HttpRequest& request, const BodySink& sink,
                            const RequestOptions& /*options*/) override {
    requests.push_back(request);
    if (replies_.empty()) {
      return Status::Internal("script ran out: unexpected " + request.method + " " +
                              request.path_and_query);
    }
    Reply reply = std::move(replies_.front());
    replies_.pop_front();
    if (reply.status == 0) {
      return Status::Unavailable(request.method + " " + request.path_and_query +
                                 ": Couldn't connect to server");
    }
    HttpResponse response;
    response.status = reply.status;
    if (reply.status >= 200 && reply.status < 300) {
      if (sink && !sink(reply.body)) return Status::Unavailable("aborted by the reader");
    } else {
      response.error_body = std::move(reply.body);
    }
    return response;
  }
  Result<HttpResponse> Get(const std::string& path_and_query, const BodySink& sink,
                           const RequestOptions& options) override {
    return Send(HttpRequest{"GET", path_and_query, ""}, sink, options);
  }
  std::string DescribeCredentials() const override { return "client certificate (scripted)"; }

  std::vector<HttpRequest> requests;  // every request, in order
  size_t unanswered() const { return replies_.size(); }

 private:
  std::deque<Reply> replies_;
};

}  // namespace ki::k8s::client::testing
