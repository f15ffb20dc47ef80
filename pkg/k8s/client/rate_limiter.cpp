#include "pkg/k8s/client/rate_limiter.h"

#include <algorithm>

namespace ki::k8s::client {

TokenBucket::TokenBucket(double qps, int burst, Clock& clock)
    : qps_(qps), burst_(std::max(1, burst)), clock_(clock), tokens_(burst_), last_(clock.Now()) {}

Duration TokenBucket::Reserve() {
  if (qps_ <= 0) {
    return Duration::zero();
  }
  std::lock_guard<std::mutex> lock(mu_);
  const TimePoint now = clock_.Now();
  const double elapsed = std::chrono::duration<double>(now - last_).count();
  tokens_ = std::min(burst_, tokens_ + elapsed * qps_);
  last_ = now;
  tokens_ -= 1;
  if (tokens_ >= 0) {
    return Duration::zero();
  }
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(-tokens_ / qps_));
}

bool TokenBucket::Acquire(const StopSignal& stop) {
  const Duration wait = Reserve();
  if (wait <= Duration::zero()) {
    return !stop.stopped();
  }
  return clock_.SleepFor(wait, stop);
}

}  // namespace ki::k8s::client
