#include "tests/k8s_api/api_state.h"

#include <algorithm>
#include <sstream>

namespace ki::k8s::testapi {
namespace {

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(const std::string& in) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (const unsigned char c : in) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kB64[(acc >> bits) & 63]);
    }
  }
  if (bits > 0) {
    out.push_back(kB64[(acc << (6 - bits)) & 63]);
  }
  while (out.size() % 4 != 0) {
    out.push_back('=');
  }
  return out;
}

std::optional<std::string> Unbase64(const std::string& in) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (const char c : in) {
    if (c == '=') break;
    const char* p = std::char_traits<char>::find(kB64, 64, c);
    if (p == nullptr) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(p - kB64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

bool Namespaced(const std::string& resource) { return resource != "nodes"; }

std::string MetaString(const nlohmann::json& object, const char* key) {
  const auto& meta = object.value("metadata", nlohmann::json::object());
  return meta.value(key, std::string());
}

std::string KeyOf(const nlohmann::json& object) {
  const std::string ns = MetaString(object, "namespace");
  const std::string name = MetaString(object, "name");
  return ns.empty() ? name : ns + "/" + name;
}

bool ClauseHolds(const Selector::Clause& c, const std::optional<std::string>& value) {
  switch (c.op) {
    case Selector::Clause::kEq:
      return value && *value == c.value;
    case Selector::Clause::kNe:
      return !value || *value != c.value;
    case Selector::Clause::kExists:
      return value.has_value();
    case Selector::Clause::kNotExists:
      return !value.has_value();
  }
  return false;
}

bool Matches(const StoredEvent& e, const std::string& resource) { return e.resource == resource; }

}  // namespace

std::optional<Selector> ParseSelector(const std::string& text) {
  Selector sel;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) {
    if (part.empty()) continue;
    Selector::Clause c;
    size_t pos = 0;
    if ((pos = part.find("!=")) != std::string::npos) {
      c = {part.substr(0, pos), part.substr(pos + 2), Selector::Clause::kNe};
    } else if ((pos = part.find("==")) != std::string::npos) {
      c = {part.substr(0, pos), part.substr(pos + 2), Selector::Clause::kEq};
    } else if ((pos = part.find('=')) != std::string::npos) {
      c = {part.substr(0, pos), part.substr(pos + 1), Selector::Clause::kEq};
    } else if (part[0] == '!') {
      c = {part.substr(1), "", Selector::Clause::kNotExists};
    } else {
      c = {part, "", Selector::Clause::kExists};
    }
    if (c.key.empty() || c.key.find_first_of(" ()") != std::string::npos) {
      return std::nullopt;  // set-based selectors are not needed by the proxy
    }
    sel.clauses.push_back(std::move(c));
  }
  return sel;
}

bool MatchesLabels(const Selector& selector, const nlohmann::json& object) {
  const auto& labels =
      object.value("metadata", nlohmann::json::object()).value("labels", nlohmann::json::object());
  for (const auto& c : selector.clauses) {
    std::optional<std::string> v;
    if (auto it = labels.find(c.key); it != labels.end() && it->is_string()) {
      v = it->get<std::string>();
    }
    if (!ClauseHolds(c, v)) return false;
  }
  return true;
}

bool MatchesFields(const Selector& selector, const nlohmann::json& object) {
  for (const auto& c : selector.clauses) {
    if (c.key != "metadata.name" && c.key != "metadata.namespace") return false;
    const std::string v = MetaString(object, c.key == "metadata.name" ? "name" : "namespace");
    if (!ClauseHolds(c, v)) return false;
  }
  return true;
}

nlohmann::json StatusBody(int code, const std::string& reason, const std::string& message) {
  return {{"kind", "Status"},    {"apiVersion", "v1"}, {"metadata", nlohmann::json::object()},
          {"status", "Failure"}, {"message", message}, {"reason", reason},
          {"code", code}};
}

std::string KindOf(const std::string& resource) {
  if (resource == "services") return "Service";
  if (resource == "endpointslices") return "EndpointSlice";
  if (resource == "nodes") return "Node";
  return "Unknown";
}

std::string ApiVersionOf(const std::string& resource) {
  return resource == "endpointslices" ? "discovery.k8s.io/v1" : "v1";
}

int64_t ApiState::Upsert(const std::string& resource, nlohmann::json object) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& meta = object["metadata"];
  if (Namespaced(resource) && !meta.contains("namespace")) meta["namespace"] = "default";
  const std::string key = KeyOf(object);
  auto& slot = objects_[resource][key];
  const bool existed = !slot.is_null();
  meta["uid"] = existed ? slot["metadata"]["uid"] : nlohmann::json("uid-" + std::to_string(++uid_));
  meta["creationTimestamp"] = "2026-01-01T00:00:00Z";
  meta["resourceVersion"] = std::to_string(++rv_);
  object["kind"] = KindOf(resource);
  object["apiVersion"] = ApiVersionOf(resource);
  slot = object;
  history_.push_back({rv_, resource, existed ? "MODIFIED" : "ADDED", std::move(object)});
  cv_.notify_all();
  return rv_;
}

bool ApiState::Delete(const std::string& resource, const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& objs = objects_[resource];
  auto it = objs.find(key);
  if (it == objs.end()) return false;
  nlohmann::json object = std::move(it->second);
  objs.erase(it);
  object["metadata"]["resourceVersion"] = std::to_string(++rv_);
  history_.push_back({rv_, resource, "DELETED", std::move(object)});
  cv_.notify_all();
  return true;
}

void ApiState::Compact() {
  std::lock_guard<std::mutex> lock(mu_);
  history_.clear();
  compacted_rv_ = rv_;
}

int64_t ApiState::current_rv() const {
  std::lock_guard<std::mutex> lock(mu_);
  return rv_;
}

int64_t ApiState::compacted_rv() const {
  std::lock_guard<std::mutex> lock(mu_);
  return compacted_rv_;
}

std::map<std::string, nlohmann::json> ApiState::Snapshot(const std::string& resource) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = objects_.find(resource);
  return it == objects_.end() ? std::map<std::string, nlohmann::json>() : it->second;
}

ListResult ApiState::List(const ListRequest& req) const {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t list_rv = rv_;
  std::string start;
  if (!req.continue_token.empty()) {
    const auto raw = Unbase64(req.continue_token);
    const auto tok = raw ? nlohmann::json::parse(*raw, nullptr, false) : nlohmann::json();
    if (!tok.is_object() || !tok.contains("rv") || !tok.contains("start")) {
      return {ListResult::kBadContinue,
              StatusBody(400, "BadRequest",
                         "continue key is not valid: incorrect encoded start "
                         "resourceVersion (version meta.k8s.io/v1)")};
    }
    list_rv = tok["rv"].get<int64_t>();
    start = tok["start"].get<std::string>();
    if (list_rv < compacted_rv_) {
      return {ListResult::kExpired,
              StatusBody(410, "Expired",
                         "The provided continue parameter is too old to display a consistent "
                         "list result. You can start a new list without the continue "
                         "parameter.")};
    }
  }
  nlohmann::json items = nlohmann::json::array();
  std::string next;
  int64_t remaining = 0;
  const auto res = objects_.find(req.resource);
  if (res != objects_.end()) {
    for (auto it = res->second.lower_bound(start); it != res->second.end(); ++it) {
      if (!MatchesLabels(req.labels, it->second) || !MatchesFields(req.fields, it->second)) {
        continue;
      }
      if (req.limit > 0 && static_cast<int64_t>(items.size()) == req.limit) {
        if (next.empty()) next = it->first;
        ++remaining;
        continue;
      }
      nlohmann::json item = it->second;
      item.erase("kind");  // list items carry no kind/apiVersion, as from the real server
      item.erase("apiVersion");
      items.push_back(std::move(item));
    }
  }
  nlohmann::json meta = {{"resourceVersion", std::to_string(list_rv)}};
  if (!next.empty()) {
    const nlohmann::json tok = {{"v", "meta.k8s.io/v1"}, {"rv", list_rv}, {"start", next}};
    meta["continue"] = Base64(tok.dump());
    meta["remainingItemCount"] = remaining;
  }
  nlohmann::json body = {{"kind", KindOf(req.resource) + "List"},
                         {"apiVersion", ApiVersionOf(req.resource)},
                         {"metadata", std::move(meta)},
                         {"items", std::move(items)}};
  return {ListResult::kOk, std::move(body)};
}

std::vector<StoredEvent> ApiState::InitialEvents(const std::string& resource,
                                                 const Selector& labels, const Selector& fields,
                                                 int64_t* rv) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<StoredEvent> out;
  *rv = rv_;
  if (auto res = objects_.find(resource); res != objects_.end()) {
    for (const auto& [key, object] : res->second) {
      if (MatchesLabels(labels, object) && MatchesFields(fields, object)) {
        out.push_back({rv_, resource, "ADDED", object});
      }
    }
  }
  return out;
}

std::vector<StoredEvent> ApiState::EventsAfter(const std::string& resource, int64_t after,
                                               std::chrono::milliseconds wait, bool* expired,
                                               int64_t* scanned_to) const {
  std::unique_lock<std::mutex> lock(mu_);
  *scanned_to = after;
  *expired = after < compacted_rv_;
  if (*expired) return {};
  cv_.wait_for(lock, wait, [&] { return rv_ > after; });
  *scanned_to = rv_;
  std::vector<StoredEvent> out;
  for (auto it = history_.rbegin(); it != history_.rend() && it->rv > after; ++it) {
    if (Matches(*it, resource)) out.push_back(*it);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

void ApiState::WakeAll() {
  std::lock_guard<std::mutex> lock(mu_);
  cv_.notify_all();
}

}  // namespace ki::k8s::testapi
