// A small Kubernetes API server for tests: HTTPS on 127.0.0.1 (random free
// port), bearer-token and client-certificate authentication, paginated lists
// and chunked watches (cluster-wide or of one namespace), single-object
// GET/POST/PUT/DELETE for every resource in resource_path.h with the real
// server's preconditions and metav1.Status errors, expiry of old
// resourceVersions, and faults the test injects (dropped or stalled streams,
// 500, 429 with Retry-After, truncated JSON, 410, a concurrent writer).
// Thread-safe: tests mutate objects and inject faults while clients are
// connected.
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "tests/k8s_api/api_state.h"
#include "tests/k8s_api/resource_path.h"

namespace httplib {
class SSLServer;
struct Request;
struct Response;
}  // namespace httplib

namespace ki::k8s::testapi {

enum class Fault {
  kDropMidEvent,   // watch: half an event, then the connection closes
  kStall,          // watch: silence until ReleaseStalls() or Stop()
  kStatus500,      // 500 InternalError
  kStatus429,      // 429 TooManyRequests with Retry-After: 1
  kTruncatedJson,  // list: 200 with half the body; watch: a cut-off event line
  kGone410,        // watch: HTTP 410 (as from the watch cache) instead of an ERROR event
  // PUT: another writer updates the object just before this request is
  // served, so the request's resourceVersion is stale (409 Conflict).
  kConcurrentWrite,
};
// kWrite: POST, PUT and DELETE (kStatus500, kStatus429, kConcurrentWrite).
enum class Target { kList, kWatch, kWrite };

struct ServerOptions {
  std::string cert_file;                  // server certificate (PEM)
  std::string key_file;                   // its key
  std::string client_ca_file;             // CA for client certificates; empty: none accepted
  std::set<std::string> tokens;           // accepted bearer tokens
  std::set<std::string> forbidden_users;  // authenticated but denied (403)
  // A watch sends BOOKMARK after this much silence; default 200ms.
  std::chrono::milliseconds bookmark_interval{200};
};

class TestApiServer {
 public:
  explicit TestApiServer(ServerOptions options);
  ~TestApiServer();
  TestApiServer(const TestApiServer&) = delete;
  TestApiServer& operator=(const TestApiServer&) = delete;

  // Binds 127.0.0.1 on a free port and serves on a thread; returns false
  // when TLS set-up or the bind fails.
  bool Start();
  void Stop();
  int port() const { return port_; }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }

  ApiState& state() { return state_; }
  // The next `count` requests of target fail with fault.
  void InjectFault(Target target, Fault fault, int count = 1);
  void ReleaseStalls();
  // Ends every open watch cleanly, as a watch reaching its timeoutSeconds
  // does: the client's next request is a new watch from where it was.
  void EndWatches();
  void SetTokens(std::set<std::string> tokens);

  int list_requests() const { return list_requests_.load(); }
  int watch_requests() const { return watch_requests_.load(); }
  int write_requests() const { return write_requests_.load(); }
  int faults_fired() const { return faults_fired_.load(); }
  // The Accept-Encoding header of the last list request.
  std::string list_accept_encoding() {
    std::lock_guard<std::mutex> lock(mu_);
    return list_accept_encoding_;
  }

 private:
  struct WatchStream;
  // Takes the next fault queued for target; kConcurrentWrite only when
  // concurrent_write_applies (a PUT).
  bool TakeFault(Target target, Fault* fault, bool concurrent_write_applies = false);
  // The path the request names, when it is one and the caller may do what
  // the request asks there; else res holds the answer (404, 401, 403).
  std::optional<ResourcePath> Admit(const httplib::Request& req, httplib::Response& res);
  bool Authorize(const httplib::Request& req, httplib::Response& res, const std::string& verb,
                 const ResourcePath& path);
  void HandleGet(const httplib::Request& req, httplib::Response& res);
  void HandleWrite(const httplib::Request& req, httplib::Response& res);
  void HandleList(const httplib::Request& req, httplib::Response& res, const ResourcePath& path);
  void HandleWatch(const httplib::Request& req, httplib::Response& res, const ResourcePath& path);
  bool StreamWatch(WatchStream& w, std::string& out);

  ServerOptions options_;
  ApiState state_;
  std::unique_ptr<httplib::SSLServer> server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;  // guards faults_, options_.tokens, list_accept_encoding_
  std::deque<std::pair<Target, Fault>> faults_;
  std::atomic<int> stall_generation_{0};
  std::atomic<int> watch_generation_{0};
  std::atomic<bool> stopping_{false};
  std::atomic<int> list_requests_{0};
  std::atomic<int> watch_requests_{0};
  std::atomic<int> write_requests_{0};
  std::atomic<int> faults_fired_{0};
  std::string list_accept_encoding_;
};

}  // namespace ki::k8s::testapi
