// A Clock whose time moves only when someone sleeps on it or calls Advance:
// rate-limiter and backoff tests become exact and instant. Thread-safe.
#pragma once

#include <mutex>
#include <vector>

#include "pkg/k8s/client/clock.h"

namespace ki::k8s::client::testing {

class FakeClock final : public Clock {
 public:
  TimePoint Now() override {
    std::lock_guard<std::mutex> lock(mu_);
    return now_;
  }
  bool SleepFor(Duration d, const StopSignal& stop) override {
    std::lock_guard<std::mutex> lock(mu_);
    sleeps_.push_back(d);
    now_ += d;
    return !stop.stopped();
  }
  void Advance(Duration d) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ += d;
  }
  std::vector<Duration> sleeps() {
    std::lock_guard<std::mutex> lock(mu_);
    return sleeps_;
  }

 private:
  std::mutex mu_;
  TimePoint now_{};
  std::vector<Duration> sleeps_;
};

}  // namespace ki::k8s::client::testing
