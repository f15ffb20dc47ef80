#include "pkg/daemon/pending_changes.h"

#include <algorithm>

namespace ki::daemon {

PendingChanges::PendingChanges(size_t streams, size_t required)
    : synced_(streams), required_(std::min(required, streams)), lost_since_(streams) {}

void PendingChanges::Upsert(k8s::Object object) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ObjectKey key = KeyOf(object);
    objects_.insert_or_assign(std::move(key), std::move(object));
  }
  cv_.notify_one();
}

void PendingChanges::Delete(ObjectKey key) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    objects_.insert_or_assign(std::move(key), std::nullopt);
  }
  cv_.notify_one();
}

void PendingChanges::Error(std::string message) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    errors_.push_back(std::move(message));
  }
  cv_.notify_one();
}

void PendingChanges::MarkSynced(size_t stream) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    synced_.at(stream) = true;
    lost_since_.at(stream).reset();
  }
  cv_.notify_one();  // news: the first sync need not wait out the Take
}

void PendingChanges::MarkLost(size_t stream, SysTime now) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!lost_since_.at(stream)) lost_since_[stream] = now;
}

void PendingChanges::MarkCurrent(size_t stream) {
  std::lock_guard<std::mutex> lock(mu_);
  lost_since_.at(stream).reset();
}

SourceChanges PendingChanges::Take(std::chrono::milliseconds wait) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, wait, [this] { return HasNews(); });
  SourceChanges out;
  for (auto& [key, object] : objects_) {
    if (object) {
      out.upserts.push_back(std::move(*object));
    } else {
      out.deletes.push_back(key);
    }
  }
  objects_.clear();
  out.errors.swap(errors_);
  out.synced = AllRequiredSynced();
  told_synced_ = told_synced_ || out.synced;
  return out;
}

bool PendingChanges::Synced() const {
  std::lock_guard<std::mutex> lock(mu_);
  return AllRequiredSynced();
}

bool PendingChanges::AllRequiredSynced() const {
  return std::all_of(synced_.begin(), synced_.begin() + static_cast<std::ptrdiff_t>(required_),
                     [](bool s) { return s; });
}

std::optional<PendingChanges::SysTime> PendingChanges::LostSince() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::optional<SysTime> earliest;
  for (const auto& since : lost_since_) {
    if (since && (!earliest || *since < *earliest)) earliest = since;
  }
  return earliest;
}

}  // namespace ki::daemon
