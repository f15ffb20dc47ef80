// Time and cancellation for the client: a Clock that tests replace with a
// fake (testing/fake_clock.h) and a StopSignal that ends sleeps and requests
// early. Both are thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace ki::k8s::client {

using Duration = std::chrono::nanoseconds;
using TimePoint = std::chrono::steady_clock::time_point;

// Set once from any thread; everything waiting on it wakes.
class StopSignal {
 public:
  StopSignal() = default;
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;

  void Stop();
  bool stopped() const { return stopped_.load(std::memory_order_acquire); }
  // Waits until deadline or Stop(); returns false when stopped.
  bool WaitUntil(TimePoint deadline) const;

 private:
  std::atomic<bool> stopped_{false};
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
};

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() = 0;
  // Sleeps for d unless stop fires first; returns false when stopped.
  virtual bool SleepFor(Duration d, const StopSignal& stop) = 0;
};

// The steady clock; sleeps wake early on stop.
Clock& SystemClock();

}  // namespace ki::k8s::client
