// The test API server's data: objects per resource with etcd-like global
// resourceVersions, an event history that can be compacted (so old
// resourceVersions expire with 410), label/field selectors, paginated
// lists with continue tokens shaped like the real ones, and single-object
// create/get/replace/delete with the API server's preconditions and
// metav1.Status answers (AlreadyExists, NotFound, Conflict). No HTTP here.
// Thread-safe: every method takes the one mutex; EventsAfter blocks.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace ki::k8s::testapi {

struct StoredEvent {
  int64_t rv = 0;
  std::string resource;
  std::string type;  // ADDED, MODIFIED, DELETED
  nlohmann::json object;
};

// A parsed label or field selector: clauses "k=v", "k==v", "k!=v", "k", "!k".
struct Selector {
  struct Clause {
    std::string key;
    std::string value;
    enum Op { kEq, kNe, kExists, kNotExists } op = kEq;
  };
  std::vector<Clause> clauses;
};
std::optional<Selector> ParseSelector(const std::string& text);
bool MatchesLabels(const Selector& selector, const nlohmann::json& object);
// Field selectors: metadata.name and metadata.namespace only; false for others.
bool MatchesFields(const Selector& selector, const nlohmann::json& object);

struct ListRequest {
  std::string resource;
  int64_t limit = 0;
  std::string continue_token;
  Selector labels;
  Selector fields;
};

// The answer to a single-object request: the HTTP status and the stored
// object, or the metav1.Status of the failure.
struct ObjectResult {
  int code = 200;
  nlohmann::json body;
};

struct ListResult {
  enum { kOk, kExpired, kBadContinue } outcome = kOk;
  nlohmann::json body;  // the List, or the Status for errors
};

class ApiState {
 public:
  // Creates or replaces namespace/name; returns the new resourceVersion.
  int64_t Upsert(const std::string& resource, nlohmann::json object);

  // As the API server does them. namespace_name is the request path's
  // (empty for cluster-scoped resources); objects carry kind/apiVersion and
  // metadata.uid/resourceVersion/creationTimestamp as stored.
  // Create: 201, or 409 AlreadyExists; the body's namespace must match.
  ObjectResult Create(const std::string& resource, const std::string& namespace_name,
                      nlohmann::json object);
  // Get: 200, or 404 NotFound.
  ObjectResult Get(const std::string& resource, const std::string& namespace_name,
                   const std::string& name) const;
  // Replace: 200; 404 when absent; 409 Conflict when the body's
  // metadata.resourceVersion is set and not the stored one (empty: an
  // unconditional update). A body equal to the stored object changes
  // nothing: same resourceVersion, no event.
  ObjectResult Replace(const std::string& resource, const std::string& namespace_name,
                       const std::string& name, nlohmann::json object);
  // Remove: 200 with a Success Status, or 404.
  ObjectResult Remove(const std::string& resource, const std::string& namespace_name,
                      const std::string& name);
  // Deletes by key ("ns/name" or "name"); false when absent.
  bool Delete(const std::string& resource, const std::string& key);
  // Forgets the event history: watches and continue tokens from before now
  // get 410 Gone.
  void Compact();

  int64_t current_rv() const;
  int64_t compacted_rv() const;
  std::map<std::string, nlohmann::json> Snapshot(const std::string& resource) const;
  ListResult List(const ListRequest& request) const;
  // Current objects matching, as ADDED events at the current RV (a watch
  // without resourceVersion starts with these).
  std::vector<StoredEvent> InitialEvents(const std::string& resource, const Selector& labels,
                                         const Selector& fields, int64_t* rv) const;
  // Events of resource after `after`; waits up to `wait` for one. Sets
  // expired when `after` is older than the compaction point; scanned_to is
  // the RV up to which every event of resource has been returned.
  std::vector<StoredEvent> EventsAfter(const std::string& resource, int64_t after,
                                       std::chrono::milliseconds wait, bool* expired,
                                       int64_t* scanned_to) const;
  // Wakes every waiter (server shutdown, stall release).
  void WakeAll();

 private:
  int64_t UpsertLocked(const std::string& resource, nlohmann::json object);
  bool DeleteLocked(const std::string& resource, const std::string& key);

  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::map<std::string, std::map<std::string, nlohmann::json>> objects_;
  std::deque<StoredEvent> history_;
  int64_t rv_ = 100;
  int64_t compacted_rv_ = 100;
  int64_t uid_ = 0;
};

// The metav1.Status the API server answers errors with; details
// ({name, group, kind}) when not null.
nlohmann::json StatusBody(int code, const std::string& reason, const std::string& message,
                          nlohmann::json details = nullptr);
// "Service"/"v1" etc. for a resource name (tests/k8s_api/resource_path.h).
std::string KindOf(const std::string& resource);
std::string ApiVersionOf(const std::string& resource);

}  // namespace ki::k8s::testapi
