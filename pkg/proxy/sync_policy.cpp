#include "pkg/proxy/sync_policy.h"

namespace ki::proxy {

void SyncPolicy::Request(TimePoint now) {
  if (!pending_) first_request_ = now;
  pending_ = true;
}

SyncPolicy::Action SyncPolicy::Due(TimePoint now) const {
  if (now < EarliestStart()) return Action::kNone;
  if (need_full_ || now >= last_full_ + period_) return Action::kFullSync;
  return pending_ ? Action::kSync : Action::kNone;
}

SyncPolicy::TimePoint SyncPolicy::NextWakeup() const {
  const TimePoint earliest = EarliestStart();
  if (need_full_ || pending_) return earliest;
  return std::max(earliest, last_full_ + period_);
}

void SyncPolicy::Ran(Action action, TimePoint started, bool ok) {
  if (action == Action::kNone) return;
  ran_once_ = true;
  last_run_ = started;
  // A full sync covers the requests too; an incremental one covers all pending
  // changes, since the engine builds every dirty Service at once.
  pending_ = false;
  if (action == Action::kFullSync && ok) {
    last_full_ = started;
    need_full_ = false;
  }
  if (ok) {
    retry_ = Duration(0);
  } else {
    need_full_ = true;
    const Duration first = std::chrono::seconds(1);
    retry_ = retry_ == Duration(0) ? first : std::min<Duration>(2 * retry_, period_);
  }
}

}  // namespace ki::proxy
