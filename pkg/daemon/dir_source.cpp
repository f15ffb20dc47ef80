#include "pkg/daemon/dir_source.h"

namespace ki::daemon {

Result<std::unique_ptr<DirSource>> DirSource::Open(const std::string& dir) {
  // Watch first, so a change made while the first scan runs is not missed.
  Result<std::unique_ptr<DirWatcher>> watcher = DirWatcher::Open(dir);
  if (!watcher.ok()) return watcher.status().Wrap("--services-dir");
  return std::unique_ptr<DirSource>(new DirSource(dir, std::move(watcher).value()));
}

SourceChanges DirSource::Poll(std::chrono::milliseconds wait) {
  if (synced_ && !watcher_->Wait(wait)) return {};
  Result<SourceChanges> changes = scanner_.Rescan();
  if (!changes.ok()) {
    SourceChanges failed;
    failed.errors.push_back(changes.status().message());
    return failed;
  }
  synced_ = true;
  return std::move(changes).value();
}

}  // namespace ki::daemon
