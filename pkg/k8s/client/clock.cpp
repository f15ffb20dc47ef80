#include "pkg/k8s/client/clock.h"

namespace ki::k8s::client {

void StopSignal::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopped_.store(true, std::memory_order_release);
  }
  cv_.notify_all();
}

bool StopSignal::WaitUntil(TimePoint deadline) const {
  std::unique_lock<std::mutex> lock(mu_);
  return !cv_.wait_until(lock, deadline, [this] { return stopped(); });
}

namespace {

class SteadyClock final : public Clock {
 public:
  TimePoint Now() override { return std::chrono::steady_clock::now(); }
  bool SleepFor(Duration d, const StopSignal& stop) override { return stop.WaitUntil(Now() + d); }
};

}  // namespace

Clock& SystemClock() {
  static SteadyClock clock;
  return clock;
}

}  // namespace ki::k8s::client
