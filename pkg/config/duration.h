// Go's time.Duration text form, as Kubernetes configuration uses it
// (metav1.Duration): "30s", "1m30s", "250ms", "24h0m0s". Pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "pkg/base/status.h"

namespace ki::config {

// Nanoseconds, like Go's time.Duration.
struct Duration {
  int64_t ns = 0;
  auto operator<=>(const Duration&) const = default;

  static constexpr Duration Seconds(int64_t s) { return {s * 1'000'000'000}; }
  static constexpr Duration Millis(int64_t ms) { return {ms * 1'000'000}; }
  static constexpr Duration Minutes(int64_t m) { return Seconds(m * 60); }
  static constexpr Duration Hours(int64_t h) { return Seconds(h * 3600); }
};

// Parses Go's syntax: a sequence of decimal numbers, each with an optional
// fraction and a unit (ns, us, µs, ms, s, m, h); "0" alone is zero. Negative
// durations are refused: no Kubernetes duration field means anything by them.
Result<Duration> ParseDuration(std::string_view text);

// Formats as Go's Duration.String() does ("0s", "1h0m0s", "1.5s", "250ms").
std::string FormatDuration(Duration d);

}  // namespace ki::config
