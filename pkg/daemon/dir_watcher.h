// Waits for changes in a directory with inotify (files written, moved in or
// out, deleted), so the services-dir source rescans only when something
// happened and only what did, and tells when the watch is gone (the
// directory was deleted or moved away: a new one at the path needs a new
// watcher). Owns its inotify descriptor. Not thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "pkg/base/fd.h"
#include "pkg/base/status.h"

namespace ki::daemon {

class DirWatcher {
 public:
  static Result<std::unique_ptr<DirWatcher>> Open(const std::string& dir);

  enum class Event {
    kTimeout,  // nothing happened within the timeout
    kChanged,  // something in the directory changed (all pending events consumed)
    kLost,     // the directory itself was deleted or moved: this watch sees no more
  };
  Event Wait(std::chrono::milliseconds timeout);

  // The names of the entries that changed since the last call (from the
  // events Wait consumed), or nullopt when not all are known (the kernel's
  // queue overflowed, or the directory itself changed): then every entry
  // must be looked at.
  std::optional<std::set<std::string>> TakeChanged();

 private:
  explicit DirWatcher(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
  std::set<std::string> changed_;
  bool all_changed_ = false;
};

}  // namespace ki::daemon
