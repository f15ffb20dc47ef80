#include "pkg/server/health.h"

#include <cstdio>
#include <ctime>

namespace ki::server {

ProxyHealth::ProxyHealth(std::chrono::nanoseconds timeout, Clock clock)
    : timeout_(timeout), clock_(std::move(clock)) {}

void ProxyHealth::QueuedUpdate(IpFamily family) {
  std::lock_guard<std::mutex> lock(mu_);
  oldest_pending_.try_emplace(family, clock_());
}

void ProxyHealth::Updated(IpFamily family) {
  std::lock_guard<std::mutex> lock(mu_);
  oldest_pending_.erase(family);
  last_updated_[family] = clock_();
}

void ProxyHealth::SetSourceLostSince(std::optional<std::chrono::system_clock::time_point> since) {
  std::lock_guard<std::mutex> lock(mu_);
  source_lost_since_ = since;
}

void ProxyHealth::SetNodeEligible(bool eligible) {
  std::lock_guard<std::mutex> lock(mu_);
  node_eligible_ = eligible;
}

ProxyHealth::State ProxyHealth::Evaluate(std::chrono::system_clock::time_point now) const {
  State s;
  for (const auto& [family, updated] : last_updated_) {
    s.last_updated = std::max(s.last_updated, updated);
  }
  if (source_lost_since_ && now - *source_lost_since_ >= timeout_) {
    return {false, s.last_updated};
  }
  for (const auto& [family, updated] : last_updated_) {
    auto pending = oldest_pending_.find(family);
    if (pending != oldest_pending_.end() && now - pending->second >= timeout_) {
      return {false, updated};
    }
  }
  return s;
}

bool ProxyHealth::IsHealthy() const {
  std::lock_guard<std::mutex> lock(mu_);
  return Evaluate(clock_()).healthy;
}

namespace {

// Healthy answers say "lastUpdated" = now, as upstream does for compatibility
// with older releases whose timestamp moved on every sync.
HealthResponse Respond(bool healthy, std::chrono::system_clock::time_point last,
                       std::chrono::system_clock::time_point now, const std::string& extra) {
  HealthResponse r;
  r.status = healthy ? 200 : 503;
  if (healthy) last = now;
  r.body = "{\"lastUpdated\": \"" + FormatGoTime(last) + "\",\"currentTime\": \"" +
           FormatGoTime(now) + "\"" + extra + "}";
  return r;
}

}  // namespace

HealthResponse ProxyHealth::Healthz() const {
  std::lock_guard<std::mutex> lock(mu_);
  auto now = clock_();
  State s = Evaluate(now);
  return Respond(s.healthy && node_eligible_, s.last_updated, now,
                 std::string(", \"nodeEligible\": ") + (node_eligible_ ? "true" : "false"));
}

HealthResponse ProxyHealth::Livez() const {
  std::lock_guard<std::mutex> lock(mu_);
  auto now = clock_();
  State s = Evaluate(now);
  return Respond(s.healthy, s.last_updated, now, "");
}

std::string FormatGoTime(std::chrono::system_clock::time_point t) {
  // Never set: Go's zero time.
  if (t == std::chrono::system_clock::time_point{}) return "0001-01-01 00:00:00 +0000 UTC";
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ns / 1'000'000'000);
  long frac = static_cast<long>(ns % 1'000'000'000);
  if (frac < 0) {
    frac += 1'000'000'000;
    --secs;
  }
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char date[32];
  std::strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S", &tm);
  std::string out = date;
  if (frac != 0) {
    // Go prints the fraction without trailing zeros.
    char digits[16];
    std::snprintf(digits, sizeof(digits), ".%09ld", frac);
    std::string f = digits;
    while (f.back() == '0') f.pop_back();
    out += f;
  }
  return out + " +0000 UTC";
}

}  // namespace ki::server
