// Waits for changes in a directory with inotify (files written, moved in or
// out, deleted), so the services-dir source rescans only when something
// happened. Owns its inotify descriptor. Not thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "pkg/base/fd.h"
#include "pkg/base/status.h"

namespace ki::daemon {

class DirWatcher {
 public:
  static Result<std::unique_ptr<DirWatcher>> Open(const std::string& dir);

  // True when something changed within timeout (all pending events consumed);
  // false on timeout.
  bool Wait(std::chrono::milliseconds timeout);

 private:
  explicit DirWatcher(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};

}  // namespace ki::daemon
