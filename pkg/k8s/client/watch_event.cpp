#include "pkg/k8s/client/watch_event.h"

namespace ki::k8s::client {
namespace {

std::string StringAt(const nlohmann::json& object, const char* field) {
  const auto meta = object.find("metadata");
  if (meta == object.end() || !meta->is_object()) {
    return {};
  }
  const auto it = meta->find(field);
  return it != meta->end() && it->is_string() ? it->get<std::string>() : std::string();
}

Result<EventType> ParseType(const nlohmann::json& type) {
  if (!type.is_string()) {
    return Status::Internal("watch event without a type");
  }
  const auto& s = type.get_ref<const std::string&>();
  if (s == "ADDED") return EventType::kAdded;
  if (s == "MODIFIED") return EventType::kModified;
  if (s == "DELETED") return EventType::kDeleted;
  if (s == "BOOKMARK") return EventType::kBookmark;
  if (s == "ERROR") return EventType::kError;
  return Status::Internal("watch event of unknown type \"" + s + "\"");
}

}  // namespace

const char* EventTypeName(EventType type) {
  switch (type) {
    case EventType::kAdded:
      return "ADDED";
    case EventType::kModified:
      return "MODIFIED";
    case EventType::kDeleted:
      return "DELETED";
    case EventType::kBookmark:
      return "BOOKMARK";
    case EventType::kError:
      return "ERROR";
  }
  return "?";
}

std::string ObjectKey(const nlohmann::json& object) {
  const std::string ns = StringAt(object, "namespace");
  const std::string name = StringAt(object, "name");
  return ns.empty() ? name : ns + "/" + name;
}

std::string ResourceVersionOf(const nlohmann::json& object) {
  return StringAt(object, "resourceVersion");
}

Status WatchStreamParser::ParseLine(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
    line.remove_suffix(1);
  }
  if (line.empty()) {
    return Status::Ok();
  }
  nlohmann::json doc = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Status::Internal("malformed watch event (" + std::to_string(line.size()) + " bytes)");
  }
  Result<EventType> type = ParseType(doc["type"]);
  if (!type.ok()) {
    return type.status();
  }
  auto object = doc.find("object");
  if (object == doc.end() || !object->is_object()) {
    return Status::Internal(std::string("watch event ") + EventTypeName(*type) +
                            " without an object");
  }
  return handler_(WatchEvent{*type, std::move(*object)});
}

Status WatchStreamParser::Feed(std::string_view chunk) {
  size_t start = 0;
  while (true) {
    const size_t nl = chunk.find('\n', start);
    if (nl == std::string_view::npos) {
      pending_.append(chunk.substr(start));
      return Status::Ok();
    }
    const std::string_view tail = chunk.substr(start, nl - start);
    if (pending_.empty()) {
      KI_RETURN_IF_ERROR(ParseLine(tail));
    } else {
      pending_.append(tail);
      const std::string line = std::move(pending_);
      pending_.clear();
      KI_RETURN_IF_ERROR(ParseLine(line));
    }
    start = nl + 1;
  }
}

Status WatchStreamParser::Finish() {
  const bool blank = pending_.find_first_not_of(" \r\t") == std::string::npos;
  if (!blank) {
    return Status::Internal("watch stream ended inside an event (" +
                            std::to_string(pending_.size()) + " bytes)");
  }
  return Status::Ok();
}

}  // namespace ki::k8s::client
