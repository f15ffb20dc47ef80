// Client-side rate limit for API requests: a token bucket filled at `qps`
// holding at most `burst` tokens, as clientConnection.qps/burst configure
// (client-go's flowcontrol token bucket). One limiter is shared by all of a
// process's reflectors. Thread-safe.
#pragma once

#include <mutex>

#include "pkg/k8s/client/clock.h"

namespace ki::k8s::client {

class TokenBucket {
 public:
  // qps <= 0 disables limiting. burst < 1 is treated as 1.
  TokenBucket(double qps, int burst, Clock& clock);
  TokenBucket(const TokenBucket&) = delete;
  TokenBucket& operator=(const TokenBucket&) = delete;

  // Takes one token, sleeping until it is available. Returns false if stop
  // fired while waiting (the token stays spent).
  bool Acquire(const StopSignal& stop);
  // Takes one token now and says how long the caller must wait before using it.
  Duration Reserve();

 private:
  const double qps_;
  const double burst_;
  Clock& clock_;
  std::mutex mu_;
  double tokens_;  // may go negative: reservations waiting for refill
  TimePoint last_;
};

}  // namespace ki::k8s::client
