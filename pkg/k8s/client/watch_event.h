// Raw API objects and watch events as the client yields them: parsed JSON
// (nlohmann::json) left for the object model's decoder to interpret. Also
// the incremental parser of a watch stream. Values; thread-compatible.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <string_view>

#include "pkg/base/status.h"

namespace ki::k8s::client {

enum class EventType { kAdded, kModified, kDeleted, kBookmark, kError };

// "ADDED", "MODIFIED", ... as on the wire.
const char* EventTypeName(EventType type);

struct WatchEvent {
  EventType type = EventType::kAdded;
  // The object; for kError a metav1.Status; for kBookmark an object with
  // only metadata.resourceVersion filled in.
  nlohmann::json object;
};

// "namespace/name", or "name" for cluster-scoped objects: the store key.
std::string ObjectKey(const nlohmann::json& object);
// metadata.resourceVersion, or "" when absent.
std::string ResourceVersionOf(const nlohmann::json& object);

// Splits a watch response body into events. The API server writes one JSON
// object per line (Go's json.Encoder), so a line is complete exactly when its
// newline arrives; chunk boundaries fall anywhere.
class WatchStreamParser {
 public:
  using Handler = std::function<Status(WatchEvent&&)>;
  explicit WatchStreamParser(Handler handler) : handler_(std::move(handler)) {}

  // Feeds body bytes; a malformed event or a handler error fails it, and the
  // stream must then be abandoned.
  Status Feed(std::string_view chunk);
  // At end of stream: bytes after the last newline mean a truncated event.
  Status Finish();

 private:
  Status ParseLine(std::string_view line);

  Handler handler_;
  std::string pending_;
};

}  // namespace ki::k8s::client
