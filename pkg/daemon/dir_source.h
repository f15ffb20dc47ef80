// The Source of `proxy --services-dir D`: ServicesDir's rescans, run when
// inotify says the directory changed. Synced after the first rescan; never
// "lost" (a file that fails to decode keeps its last good content).
#pragma once

#include <memory>
#include <string>

#include "pkg/base/status.h"
#include "pkg/daemon/dir_watcher.h"
#include "pkg/daemon/services_dir.h"
#include "pkg/daemon/source.h"

namespace ki::daemon {

class DirSource final : public Source {
 public:
  static Result<std::unique_ptr<DirSource>> Open(const std::string& dir);

  SourceChanges Poll(std::chrono::milliseconds wait) override;
  bool Synced() const override { return synced_; }
  std::optional<std::chrono::system_clock::time_point> LostSince() const override {
    return std::nullopt;
  }
  std::string Describe() const override { return "services from " + dir_; }

 private:
  DirSource(std::string dir, std::unique_ptr<DirWatcher> watcher)
      : dir_(std::move(dir)), scanner_(dir_), watcher_(std::move(watcher)) {}

  std::string dir_;
  ServicesDir scanner_;
  std::unique_ptr<DirWatcher> watcher_;
  bool synced_ = false;
};

}  // namespace ki::daemon
