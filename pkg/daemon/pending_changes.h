// The hand-over between the API source's reflector threads and the main
// loop: changes coalesce per object (the last word wins: an update after an
// add is one upsert, a delete after an update is one delete), so a burst of
// events costs the engine one call per object; plus each stream's sync and
// reachability. Thread-safe: reflector threads write, the main loop Takes.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "pkg/daemon/source.h"

namespace ki::daemon {

class PendingChanges {
 public:
  using SysTime = std::chrono::system_clock::time_point;

  // streams: how many producers report sync and reachability (0..n-1);
  // the first `required` of them must have listed once for Take to say synced.
  PendingChanges(size_t streams, size_t required);

  void Upsert(k8s::Object object);
  void Delete(ObjectKey key);
  void Error(std::string message);
  // The stream has delivered one complete list.
  void MarkSynced(size_t stream);
  // The stream's last request failed at `now` / its data is current again.
  void MarkLost(size_t stream, SysTime now);
  void MarkCurrent(size_t stream);

  // Waits up to `wait` for a change or error, then returns all of them, and
  // (under the same lock) whether the required streams had all listed: so a
  // list that completes after one Take is never reported synced before the
  // Take that hands over its last objects.
  SourceChanges Take(std::chrono::milliseconds wait);
  // Whether each required stream has synced once.
  bool Synced() const;
  // The earliest time a stream that is still lost was lost.
  std::optional<SysTime> LostSince() const;

 private:
  // REQUIRES: mu_ (both)
  bool HasNews() const {
    return !objects_.empty() || !errors_.empty() || (!told_synced_ && AllRequiredSynced());
  }
  bool AllRequiredSynced() const;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<ObjectKey, std::optional<k8s::Object>> objects_;  // nullopt: deleted
  std::vector<std::string> errors_;
  std::vector<bool> synced_;
  size_t required_;
  bool told_synced_ = false;  // a Take has reported synced
  std::vector<std::optional<SysTime>> lost_since_;
};

}  // namespace ki::daemon
