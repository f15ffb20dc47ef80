// The proxy's health as kube-proxy reports it on /healthz and /livez: healthy
// unless an update has been queued (a Service or EndpointSlice change seen)
// and not applied for longer than the health timeout (2 x syncPeriod), per IP
// family, or the source (the API server) has been out of reach for longer
// than that, so what is programmed may be stale; /healthz also turns 503 when
// the Node is being deleted.
// Thread-safe: the sync loop updates it while the HTTP server reads it.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace ki::server {

using Clock = std::function<std::chrono::system_clock::time_point()>;

enum class IpFamily { kIPv4, kIPv6 };

struct HealthResponse {
  int status = 200;
  std::string body;  // JSON, upstream's shape
};

class ProxyHealth {
 public:
  ProxyHealth(std::chrono::nanoseconds timeout, Clock clock);

  // A change is waiting to be applied (kept from the first one until Updated).
  void QueuedUpdate(IpFamily family);
  // The kernel now reflects every change seen.
  void Updated(IpFamily family);
  // Since when the source has been out of reach; nullopt: its data is current.
  void SetSourceLostSince(std::optional<std::chrono::system_clock::time_point> since);
  // Whether the Node is eligible: not being deleted, not tainted for deletion.
  void SetNodeEligible(bool eligible);

  bool IsHealthy() const;
  HealthResponse Healthz() const;
  HealthResponse Livez() const;

 private:
  struct State {
    bool healthy = true;
    std::chrono::system_clock::time_point last_updated;
  };
  State Evaluate(std::chrono::system_clock::time_point now) const;  // REQUIRES: mu_ held

  const std::chrono::nanoseconds timeout_;
  const Clock clock_;
  mutable std::mutex mu_;
  std::map<IpFamily, std::chrono::system_clock::time_point> last_updated_;
  std::map<IpFamily, std::chrono::system_clock::time_point> oldest_pending_;
  std::optional<std::chrono::system_clock::time_point> source_lost_since_;
  bool node_eligible_ = true;
};

// Go's time.Time.String() in UTC: "2026-11-26 19:00:00.123456789 +0000 UTC".
std::string FormatGoTime(std::chrono::system_clock::time_point t);

}  // namespace ki::server
