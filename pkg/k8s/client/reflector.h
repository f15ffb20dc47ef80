// The reflector: keeps one collection (Services, EndpointSlices, a Node) in
// step with the API server and hands every change to an EventSink.
//
//   list (paginated with limit/continue) -> watch from the list's
//   resourceVersion with bookmarks -> on a dropped or stalled stream, watch
//   again from the last resourceVersion seen -> on 410 Gone / "Expired",
//   relist and report the difference (synthetic ADDED/MODIFIED/DELETED), so
//   the sink's view always converges on the server's state.
//
// It keeps each object's resourceVersion, never the object: a list's pages
// reach the sink one at a time, and a DELETED the reflector makes itself
// carries only the object's identity (store.h's Tombstone).
//
// Failures wait a jittered exponential backoff, or Retry-After on 429; every
// request first takes a token from the shared rate limiter. Run() blocks the
// calling thread until the StopSignal fires; a Reflector and its sink are
// used by that one thread only.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "pkg/base/status.h"
#include "pkg/k8s/client/backoff.h"
#include "pkg/k8s/client/clock.h"
#include "pkg/k8s/client/http_client.h"
#include "pkg/k8s/client/rate_limiter.h"
#include "pkg/k8s/client/resource.h"
#include "pkg/k8s/client/store.h"

namespace ki::k8s::client {

// Receives the reflector's view of the collection, change by change. Only
// kAdded, kModified and kDeleted reach OnEvent; bookmarks and errors are
// handled inside.
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void OnEvent(EventType type, const nlohmann::json& object) = 0;
  // After each complete list (initial or relist) has been reported.
  virtual void OnSynced() {}
  // The watch is alive: an event or a bookmark arrived, or it ended at its
  // timeout. With OnSynced, tells a sink its data is current again after
  // OnError.
  virtual void OnProgress() {}
  // A failed request; the reflector retries by itself.
  virtual void OnError(const Status& status) { (void)status; }
};

struct ReflectorOptions {
  int page_size = 500;  // list limit; default 500 (client-go's pager)
  // Each watch asks the server to end it after [min, 2*min); default 5 min.
  std::chrono::seconds min_watch_timeout{300};
  // Reconnect when a watch is silent this long; zero (default) waits for
  // the server's timeout plus a margin.
  std::chrono::seconds idle_timeout{0};
  std::chrono::seconds list_page_timeout{60};  // default 60s per page
  std::chrono::seconds max_retry_after{60};    // cap on a server's Retry-After
  BackoffOptions backoff;
};

class Reflector {
 public:
  // limiter may be null (no client-side limit); it must outlive the reflector.
  Reflector(ResourceSpec spec, std::unique_ptr<HttpClient> http, TokenBucket* limiter, Clock& clock,
            ReflectorOptions options = {}, std::function<double()> uniform01 = {});
  Reflector(const Reflector&) = delete;
  Reflector& operator=(const Reflector&) = delete;

  // Lists, watches and recovers until stop fires.
  void Run(const StopSignal& stop, EventSink& sink);
  // One complete list, its difference to the store reported to sink.
  Status ListAndSync(const StopSignal& stop, EventSink& sink);

  // Each object's resourceVersion by "namespace/name".
  const ObjectStore& store() const { return store_; }
  const std::string& resource_version() const { return resource_version_; }
  int list_count() const { return list_count_; }
  int watch_count() const { return watch_count_; }

 private:
  struct Outcome {
    enum Kind { kEnded, kExpired, kFailed } kind = kEnded;
    Status status;
    std::optional<std::chrono::seconds> retry_after;
    bool progress = false;  // the stream delivered at least one event
  };
  Outcome List(const StopSignal& stop, EventSink& sink);
  Outcome ListPages(const StopSignal& stop, EventSink& sink, ObjectStore& fresh, std::string& rv);
  Outcome Watch(const StopSignal& stop, EventSink& sink);
  Status OnWatchEvent(WatchEvent&& event, EventSink& sink, Outcome& outcome);
  Outcome FromResponse(const std::string& what, const Result<HttpResponse>& response);
  void Wait(const Outcome& failed, const StopSignal& stop);
  void Normalize(nlohmann::json& object) const;
  bool Throttle(const StopSignal& stop);

  ResourceSpec spec_;
  std::unique_ptr<HttpClient> http_;
  TokenBucket* limiter_;
  Clock& clock_;
  ReflectorOptions options_;
  std::function<double()> uniform01_;
  Backoff backoff_;
  ObjectStore store_;
  std::string resource_version_;
  int list_count_ = 0;
  int watch_count_ = 0;
};

}  // namespace ki::k8s::client
