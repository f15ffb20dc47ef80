#include "pkg/k8s/client/backoff.h"

#include <algorithm>
#include <memory>
#include <random>

namespace ki::k8s::client {

Backoff::Backoff(BackoffOptions options, std::function<double()> uniform01)
    : options_(options), uniform01_(std::move(uniform01)), base_(options.initial) {
  if (!uniform01_) {
    auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
    uniform01_ = [engine] { return std::uniform_real_distribution<double>(0, 1)(*engine); };
  }
}

Duration Backoff::Next() {
  const Duration base = base_;
  const auto grown = std::chrono::duration_cast<Duration>(base_ * options_.factor);
  base_ = std::min(grown, options_.cap);
  const double scale = 1.0 + options_.jitter * uniform01_();
  return std::chrono::duration_cast<Duration>(base * scale);
}

void Backoff::Reset() { base_ = options_.initial; }

}  // namespace ki::k8s::client
