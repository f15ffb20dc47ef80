#include "pkg/daemon/dir_source.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>

#include "pkg/base/file_read.h"
#include "pkg/base/quote.h"

namespace ki::daemon {
namespace {

constexpr std::chrono::milliseconds kFirstRetry{200};
constexpr std::chrono::milliseconds kMaxRetry{5000};

// The directory as the flag names it: present, a directory, readable.
Status CheckDir(const std::string& dir) {
  const std::string flag = "--services-dir " + QuotePath(dir);
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0)
    return Status::InvalidConfig(flag + ": " + std::strerror(errno));
  if (!S_ISDIR(st.st_mode)) {
    std::string_view kind = DescribeNonRegular(st.st_mode);
    return Status::InvalidConfig(
        flag + ": is " + std::string(kind.empty() ? "a regular file" : kind) + ", not a directory");
  }
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) return Status::InvalidConfig(flag + ": " + ec.message());
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<DirSource>> DirSource::Open(const std::string& dir,
                                                   DirSourceOptions options) {
  KI_RETURN_IF_ERROR(CheckDir(dir));
  // Watch first, so a change made while the first scan runs is not missed.
  Result<std::unique_ptr<DirWatcher>> watcher = DirWatcher::Open(dir);
  if (!watcher.ok()) return watcher.status().Wrap("--services-dir");
  return std::unique_ptr<DirSource>(
      new DirSource(dir, std::move(watcher).value(), std::move(options)));
}

bool DirSource::Due(std::chrono::milliseconds wait) {
  if (failing_) {
    const auto now = options_.now();
    if (now >= retry_at_) return true;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(retry_at_ - now);
    std::this_thread::sleep_for(std::min(wait, left));
    return options_.now() >= retry_at_;
  }
  if (!synced_ || watcher_ == nullptr) return true;
  switch (watcher_->Wait(wait)) {
    case DirWatcher::Event::kTimeout:
      return false;
    case DirWatcher::Event::kChanged:
      return true;
    case DirWatcher::Event::kLost:
      watcher_.reset();
      return true;
  }
  return true;
}

Result<SourceChanges> DirSource::Rescan() {
  if (!synced_ || failing_ || watcher_ == nullptr) return scanner_.Rescan();
  std::optional<std::set<std::string>> names = watcher_->TakeChanged();
  return names ? scanner_.Rescan(*names) : scanner_.Rescan();
}

SourceChanges DirSource::Poll(std::chrono::milliseconds wait) {
  if (!Due(wait)) return {};
  Result<SourceChanges> changes = Rescan();
  if (options_.stopped && options_.stopped()) return {};  // what was read is dropped
  if (!changes.ok()) return Failed(changes.status());
  if (Status st = Recovered(); !st.ok()) return Failed(st);
  synced_ = true;
  changes->synced = true;
  return std::move(changes).value();
}

SourceChanges DirSource::Failed(const Status& st) {
  backoff_ = std::clamp(backoff_ * 2, kFirstRetry, kMaxRetry);
  retry_at_ = options_.now() + backoff_;
  SourceChanges out;
  out.synced = synced_;
  if (failing_ != st.message()) {
    out.errors.push_back(st.message() + (synced_ ? "; what it held stays programmed" : "") +
                         "; retrying until it is a readable directory again");
  }
  failing_ = st.message();
  return out;
}

Status DirSource::Recovered() {
  if (watcher_ == nullptr) {
    Result<std::unique_ptr<DirWatcher>> w = DirWatcher::Open(dir_);
    if (!w.ok()) return w.status().Wrap("services dir");
    watcher_ = std::move(w).value();
  }
  if (failing_) spdlog::info("services dir {} is readable again", QuotePath(dir_));
  failing_.reset();
  backoff_ = std::chrono::milliseconds(0);
  return Status::Ok();
}

}  // namespace ki::daemon
