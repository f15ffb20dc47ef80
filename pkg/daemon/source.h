// Where the proxy's Services, EndpointSlices and Node come from: a directory
// of manifests (DirSource) or the API server (ApiSource). The main loop polls
// a Source for what changed, and must not sync before a Poll said synced: a
// sync that has not yet seen every Service and EndpointSlice would withdraw
// the ones it has not seen from the kernel.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "pkg/k8s/decode.h"

namespace ki::daemon {

struct ObjectKey {
  enum class Kind { kService, kEndpointSlice, kNode };
  Kind kind = Kind::kService;
  k8s::ObjectName name;
  auto operator<=>(const ObjectKey&) const = default;
};

ObjectKey KeyOf(const k8s::Object& object);

struct SourceChanges {
  std::vector<k8s::Object> upserts;  // new or changed
  std::vector<ObjectKey> deletes;    // gone
  std::vector<std::string> errors;   // objects or files kept at their last good content
  // Every Service and EndpointSlice has been delivered once, these changes
  // included. Taken with the changes: asking Synced() after a Poll races
  // with a list that completes in between, whose last objects the Poll
  // did not carry.
  bool synced = false;
  bool empty() const { return upserts.empty() && deletes.empty(); }
};

class Source {
 public:
  virtual ~Source() = default;
  // Waits up to `wait` for news, then returns every change since the last
  // call (possibly none). Called by the main loop's thread only.
  virtual SourceChanges Poll(std::chrono::milliseconds wait) = 0;
  // Whether every Service and EndpointSlice has been delivered once (for
  // tests and status; the main loop goes by SourceChanges::synced).
  virtual bool Synced() const = 0;
  // Since when the source has been unable to reach its data; nullopt while
  // its data is current.
  virtual std::optional<std::chrono::system_clock::time_point> LostSince() const = 0;
  // For the start-up line: "services from <dir>", "the API server at <url>".
  virtual std::string Describe() const = 0;
};

}  // namespace ki::daemon
