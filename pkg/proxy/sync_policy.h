// When the proxy syncs: a bounded-frequency policy (upstream's
// BoundedFrequencyRunner, minus its goroutines) as a pure class with the clock
// injected through every call, so it is tested without sleeping.
//
//   - changes request a sync; a burst of requests coalesces into one sync;
//   - syncs start at least minSyncPeriod apart (0 = as soon as requested);
//   - a full verification (dump the kernel, repair drift) runs every
//     syncPeriod, and first of all (start-up adoption);
//   - a failed sync makes the next one full, retried after 1s, 2s, 4s, ... up
//     to syncPeriod (never faster than minSyncPeriod), so a kernel that keeps
//     refusing is not hammered in a loop.
//
// Not thread-safe: the daemon loop owns it.
#pragma once

#include <algorithm>
#include <chrono>

namespace ki::proxy {

class SyncPolicy {
 public:
  using Clock = std::chrono::steady_clock;
  using TimePoint = Clock::time_point;
  using Duration = Clock::duration;

  enum class Action { kNone, kSync, kFullSync };

  // min_sync_period: ipvs.minSyncPeriod (default 0s); sync_period: ipvs.syncPeriod (default 30s).
  SyncPolicy(Duration min_sync_period, Duration sync_period)
      : min_(min_sync_period), period_(sync_period) {}

  // A change arrived at `now`.
  void Request(TimePoint now);
  // What to run at `now` (kNone when nothing is due yet).
  Action Due(TimePoint now) const;
  // The moment Due() next changes its answer, for the loop's wait.
  TimePoint NextWakeup() const;
  // Records a sync that started at `started`; `ok` false forces the next one full.
  void Ran(Action action, TimePoint started, bool ok);

 private:
  TimePoint EarliestStart() const {
    return ran_once_ ? last_run_ + std::max(min_, retry_) : TimePoint::min();
  }

  Duration min_;
  Duration period_;
  bool ran_once_ = false;
  bool pending_ = false;
  bool need_full_ = true;  // start-up adoption
  Duration retry_{0};      // back-off after failures; 0 after a success
  TimePoint first_request_{};
  TimePoint last_run_{};
  TimePoint last_full_{};
};

}  // namespace ki::proxy
