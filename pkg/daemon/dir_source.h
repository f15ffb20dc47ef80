// The Source of `proxy --services-dir D`: ServicesDir's rescans, run when
// inotify says the directory changed, of the files it names (every file on
// the first scan, after a failure, or when inotify lost count). Synced after
// the first good rescan;
// never "lost": a file that fails to decode keeps its last good content, and
// when the directory itself can't be read (deleted, replaced by a file,
// unreadable) the last good objects stay programmed while it retries with
// backoff (0.2 s doubling to 5 s), reporting once per change of state (the
// failure, then the recovery), never per retry. A directory back at the path
// gets a new watch. Not thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "pkg/base/status.h"
#include "pkg/daemon/dir_watcher.h"
#include "pkg/daemon/services_dir.h"
#include "pkg/daemon/source.h"

namespace ki::daemon {

struct DirSourceOptions {
  // Asked between files and while one decodes: a stopping proxy does not
  // finish a long scan. Default: never.
  std::function<bool()> stopped;
  // The clock retries are timed with (tests pass their own).
  std::function<std::chrono::steady_clock::time_point()> now = std::chrono::steady_clock::now;
  // How a file is read (tests count reads); default ReadRegularFile.
  ReadManifestFile read;
};

class DirSource final : public Source {
 public:
  // Errors (kInvalidConfig) when dir is missing, no directory ("is a regular
  // file, not a directory") or unreadable; nothing is scanned yet.
  static Result<std::unique_ptr<DirSource>> Open(const std::string& dir,
                                                 DirSourceOptions options = {});

  SourceChanges Poll(std::chrono::milliseconds wait) override;
  bool Synced() const override { return synced_; }
  std::optional<std::chrono::system_clock::time_point> LostSince() const override {
    return std::nullopt;
  }
  std::string Describe() const override { return "services from " + dir_; }

 private:
  DirSource(std::string dir, std::unique_ptr<DirWatcher> watcher, DirSourceOptions options)
      : dir_(std::move(dir)),
        options_(std::move(options)),
        scanner_(dir_, options_.stopped, options_.read),
        watcher_(std::move(watcher)) {}

  // Whether a rescan is due now; waits up to `wait` for a change or a retry.
  bool Due(std::chrono::milliseconds wait);
  // Of the files inotify named, or of all.
  Result<SourceChanges> Rescan();
  // A failed rescan: reported when the failure is new, retried later.
  SourceChanges Failed(const Status& st);
  // A good rescan after failures: a new watch, and the recovery logged.
  Status Recovered();

  std::string dir_;
  DirSourceOptions options_;
  ServicesDir scanner_;
  std::unique_ptr<DirWatcher> watcher_;  // null: lost, reopened after a good rescan
  bool synced_ = false;
  std::optional<std::string> failing_;  // the failure reported, while it lasts
  std::chrono::milliseconds backoff_{0};
  std::chrono::steady_clock::time_point retry_at_{};
};

}  // namespace ki::daemon
