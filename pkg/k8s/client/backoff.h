// Jittered exponential backoff between failed API requests, shaped like
// client-go's reflector backoff (800ms doubling to 30s, up to +100% jitter),
// so a fleet of proxies does not reconnect in lockstep after an API server
// restart. The random source is injectable. Thread-compatible.
#pragma once

#include <functional>

#include "pkg/k8s/client/clock.h"

namespace ki::k8s::client {

struct BackoffOptions {
  Duration initial = std::chrono::milliseconds(800);  // default 800ms
  Duration cap = std::chrono::seconds(30);            // default 30s
  double factor = 2.0;                                // default 2
  double jitter = 1.0;  // each delay is base * (1 + jitter * U[0,1)); default 1.0
};

class Backoff {
 public:
  // uniform01 returns values in [0, 1); default: a seeded std::mt19937_64.
  explicit Backoff(BackoffOptions options = {}, std::function<double()> uniform01 = {});

  // The delay before the next attempt; grows until cap.
  Duration Next();
  // After a success: the next failure waits `initial` again.
  void Reset();

 private:
  BackoffOptions options_;
  std::function<double()> uniform01_;
  Duration base_;
};

}  // namespace ki::k8s::client
