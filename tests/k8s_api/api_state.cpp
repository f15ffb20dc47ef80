#include "tests/k8s_api/api_state.h"

#include <algorithm>
#include <sstream>

#include "tests/k8s_api/resource_path.h"

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

bool Namespaced(const std::string& resource) {
  const ResourceInfo* info = FindResource(resource);
  return info != nullptr ? info->namespaced : resource != "nodes";
}

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

// What the API server says in details: {name, group (omitted when core), kind: the plural}.
nlohmann::json Details(const ResourceInfo& info, const std::string& name) {
  nlohmann::json d = {{"name", name}, {"kind", info.resource}};
  if (!info.group().empty()) d["group"] = info.group();
  return d;
}

ObjectResult Failure(int code, const std::string& reason, const std::string& message,
                     nlohmann::json details = nullptr) {
  return {code, StatusBody(code, reason, message, std::move(details))};
}

ObjectResult NotFound(const ResourceInfo& info, const std::string& name) {
  return Failure(404, "NotFound", info.qualified() + " \"" + name + "\" not found",
                 Details(info, name));
}

ObjectResult UnknownResource() {
  return Failure(404, "NotFound", "the server could not find the requested resource");
}

std::string ObjectKey(const std::string& ns, const std::string& name) {
  return ns.empty() ? name : ns + "/" + name;
}

// The server's own checks of a body against the request path: a JSON
// object with metadata, the path's namespace (filled in when absent; none
// for cluster-scoped resources) and a name. Empty when the body passes.
std::optional<ObjectResult> CheckBody(const ResourceInfo& info, const std::string& ns,
                                      nlohmann::json& object) {
  if (!object.is_object() || (object.contains("metadata") && !object["metadata"].is_object())) {
    return Failure(400, "BadRequest", "the body is not a Kubernetes object");
  }
  auto& meta = object["metadata"];
  const std::string body_ns = meta.value("namespace", std::string());
  if (!info.namespaced) {
    meta.erase("namespace");
  } else if (body_ns.empty()) {
    meta["namespace"] = ns;
  } else if (body_ns != ns) {
    return Failure(400, "BadRequest",
                   "the namespace of the provided object does not match the namespace sent on "
                   "the request");
  }
  if (meta.value("name", std::string()).empty()) {
    return Failure(422, "Invalid",
                   info.kind +
                       " \"\" is invalid: metadata.name: Required value: name or "
                       "generateName is required",
                   Details(info, ""));
  }
  return std::nullopt;
}

// The object without what the server sets, for "did this update change anything".
nlohmann::json Comparable(nlohmann::json object) {
  object.erase("kind");
  object.erase("apiVersion");
  for (const char* key : {"resourceVersion", "uid", "creationTimestamp"}) {
    object["metadata"].erase(key);
  }
  return object;
}

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

nlohmann::json StatusBody(int code, const std::string& reason, const std::string& message,
                          nlohmann::json details) {
  nlohmann::json body = {
      {"kind", "Status"},    {"apiVersion", "v1"}, {"metadata", nlohmann::json::object()},
      {"status", "Failure"}, {"message", message}, {"reason", reason},
      {"code", code}};
  if (!details.is_null()) body["details"] = std::move(details);
  return body;
}

std::string KindOf(const std::string& resource) {
  const ResourceInfo* info = FindResource(resource);
  return info != nullptr ? info->kind : "Unknown";
}

std::string ApiVersionOf(const std::string& resource) {
  const ResourceInfo* info = FindResource(resource);
  return info != nullptr ? info->group_version : "v1";
}

int64_t ApiState::Upsert(const std::string& resource, nlohmann::json object) {
  std::lock_guard<std::mutex> lock(mu_);
  return UpsertLocked(resource, std::move(object));
}

int64_t ApiState::UpsertLocked(const std::string& resource, nlohmann::json object) {
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
  return DeleteLocked(resource, key);
}

bool ApiState::DeleteLocked(const std::string& resource, const std::string& key) {
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

ObjectResult ApiState::Create(const std::string& resource, const std::string& ns,
                              nlohmann::json object) {
  const ResourceInfo* info = FindResource(resource);
  if (info == nullptr) return UnknownResource();
  if (auto bad = CheckBody(*info, ns, object)) return *bad;
  const std::string name = object["metadata"]["name"];
  object["metadata"].erase("uid");
  std::lock_guard<std::mutex> lock(mu_);
  const std::string key = ObjectKey(ns, name);
  if (objects_[resource].count(key) != 0) {
    return Failure(409, "AlreadyExists", info->qualified() + " \"" + name + "\" already exists",
                   Details(*info, name));
  }
  UpsertLocked(resource, std::move(object));
  return {201, objects_[resource][key]};
}

ObjectResult ApiState::Get(const std::string& resource, const std::string& ns,
                           const std::string& name) const {
  const ResourceInfo* info = FindResource(resource);
  if (info == nullptr) return UnknownResource();
  std::lock_guard<std::mutex> lock(mu_);
  const auto res = objects_.find(resource);
  if (res == objects_.end()) return NotFound(*info, name);
  const auto it = res->second.find(ObjectKey(ns, name));
  if (it == res->second.end()) return NotFound(*info, name);
  return {200, it->second};
}

ObjectResult ApiState::Replace(const std::string& resource, const std::string& ns,
                               const std::string& name, nlohmann::json object) {
  const ResourceInfo* info = FindResource(resource);
  if (info == nullptr) return UnknownResource();
  if (auto bad = CheckBody(*info, ns, object)) return *bad;
  const std::string body_name = object["metadata"]["name"];
  if (body_name != name) {
    return Failure(400, "BadRequest",
                   "the name of the object (" + body_name +
                       ") does not match the name on the URL (" + name + ")");
  }
  std::lock_guard<std::mutex> lock(mu_);
  const std::string key = ObjectKey(ns, name);
  auto& objs = objects_[resource];
  const auto it = objs.find(key);
  if (it == objs.end()) return NotFound(*info, name);
  const std::string want = object["metadata"].value("resourceVersion", std::string());
  if (!want.empty() && want != it->second["metadata"].value("resourceVersion", std::string())) {
    return Failure(409, "Conflict",
                   "Operation cannot be fulfilled on " + info->qualified() + " \"" + name +
                       "\": the object has been modified; please apply your changes to the "
                       "latest version and try again",
                   Details(*info, name));
  }
  if (Comparable(object) == Comparable(it->second)) return {200, it->second};  // a no-op write
  UpsertLocked(resource, std::move(object));
  return {200, objs[key]};
}

ObjectResult ApiState::Remove(const std::string& resource, const std::string& ns,
                              const std::string& name) {
  const ResourceInfo* info = FindResource(resource);
  if (info == nullptr) return UnknownResource();
  std::lock_guard<std::mutex> lock(mu_);
  const std::string key = ObjectKey(ns, name);
  const auto& objs = objects_[resource];
  const auto it = objs.find(key);
  if (it == objs.end()) return NotFound(*info, name);
  nlohmann::json details = Details(*info, name);
  details["uid"] = it->second["metadata"].value("uid", std::string());
  (void)DeleteLocked(resource, key);
  nlohmann::json body = StatusBody(200, "", "", std::move(details));
  body["status"] = "Success";
  body.erase("reason");
  body.erase("message");
  return {200, std::move(body)};
}

void ApiState::Compact() {
  std::lock_guard<std::mutex> lock(mu_);
  history_.clear();
  compacted_rv_ = rv_;
  cv_.notify_all();  // waiting watches are expired now
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
  // The API server counts what is left only for a list without selectors
  // (it would have to filter the rest); with one it omits the count. So
  // does this one, which also keeps a selected list's pages O(page).
  const bool selected = !req.labels.clauses.empty() || !req.fields.clauses.empty();
  int64_t remaining = 0;
  const auto res = objects_.find(req.resource);
  if (res != objects_.end()) {
    for (auto it = res->second.lower_bound(start); it != res->second.end(); ++it) {
      if (!MatchesLabels(req.labels, it->second) || !MatchesFields(req.fields, it->second)) {
        continue;
      }
      if (req.limit > 0 && static_cast<int64_t>(items.size()) == req.limit) {
        next = it->first;
        if (!selected) remaining = std::distance(it, res->second.end());
        break;
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
    if (!selected) meta["remainingItemCount"] = remaining;
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
  cv_.wait_for(lock, wait, [&] { return rv_ > after || after < compacted_rv_; });
  // Judged after the wait: a compaction while waiting takes the history this
  // watch has not seen yet, and only an ERROR makes the client relist.
  *expired = after < compacted_rv_;
  if (*expired) return {};
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
