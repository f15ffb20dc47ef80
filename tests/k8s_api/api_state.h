// The test API server's data: objects per resource with etcd-like global
// resourceVersions, an event history that can be compacted (so old
// resourceVersions expire with 410), label/field selectors, and paginated
// lists with continue tokens shaped like the real ones. No HTTP here.
// Thread-safe: every method takes the one mutex; WaitForEvents blocks.
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

struct ListResult {
  enum { kOk, kExpired, kBadContinue } outcome = kOk;
  nlohmann::json body;  // the List, or the Status for errors
};

class ApiState {
 public:
  // Creates or replaces namespace/name; returns the new resourceVersion.
  int64_t Upsert(const std::string& resource, nlohmann::json object);
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
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::map<std::string, std::map<std::string, nlohmann::json>> objects_;
  std::deque<StoredEvent> history_;
  int64_t rv_ = 100;
  int64_t compacted_rv_ = 100;
  int64_t uid_ = 0;
};

// The metav1.Status the API server answers errors with.
nlohmann::json StatusBody(int code, const std::string& reason, const std::string& message);
// "ServiceList"/"v1" etc. for a resource name.
std::string KindOf(const std::string& resource);
std::string ApiVersionOf(const std::string& resource);

}  // namespace ki::k8s::testapi
