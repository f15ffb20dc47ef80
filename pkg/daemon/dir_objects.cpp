#include "pkg/daemon/dir_objects.h"

#include <algorithm>
#include <functional>

namespace ki::daemon {
namespace {

const char* KindName(ObjectKey::Kind k) {
  switch (k) {
    case ObjectKey::Kind::kService:
      return "Service";
    case ObjectKey::Kind::kEndpointSlice:
      return "EndpointSlice";
    case ObjectKey::Kind::kNode:
      return "Node";
  }
  return "object";
}

}  // namespace

size_t DirObjects::KeyHash::operator()(const ObjectKey& k) const {
  const std::hash<std::string> h;
  return (h(k.name.ns) * 31 + h(k.name.name)) * 4 + static_cast<size_t>(k.kind);
}

void DirObjects::MarkKeys(const std::string& path) {
  auto it = files_.find(path);
  if (it == files_.end()) return;
  for (const k8s::Object& o : it->second.objects) dirty_.push_back(KeyOf(o));
}

void DirObjects::Put(const std::string& path, std::vector<k8s::Object> objects,
                     std::vector<std::string> where) {
  read_.insert(path);
  auto file = files_.find(path);
  if (file != files_.end()) {
    std::vector<k8s::Object>& old = file->second.objects;
    for (size_t i = 0; i < old.size(); ++i) {
      const ObjectKey key = KeyOf(old[i]);
      const Holder h{&file->first, i};
      std::vector<Holder>& holders = holders_[key];
      std::erase(holders, h);
      if (holders.empty()) holders_.erase(key);
      // The copy handed out goes away: keep it to compare with what follows.
      if (auto e = in_effect_.find(key); e != in_effect_.end() && e->second == h) {
        before_.try_emplace(key, std::move(old[i]));
        e->second.path = nullptr;
      }
      dirty_.push_back(key);
    }
    if (objects.empty()) {
      files_.erase(file);
      return;
    }
  }
  if (objects.empty()) return;
  if (file == files_.end()) file = files_.emplace(path, File{}).first;
  file->second = File{std::move(objects), std::move(where)};
  const std::vector<k8s::Object>& now = file->second.objects;
  for (size_t i = 0; i < now.size(); ++i) {
    ObjectKey key = KeyOf(now[i]);
    std::vector<Holder>& holders = holders_[key];
    const Holder h{&file->first, i};
    holders.insert(std::upper_bound(holders.begin(), holders.end(), h), h);
    dirty_.push_back(std::move(key));
  }
}

void DirObjects::Touch(const std::string& path) {
  read_.insert(path);
  MarkKeys(path);
}

std::vector<std::pair<DirObjects::Holder, std::string>> DirObjects::Duplicates(
    const ObjectKey& key, const std::vector<Holder>& holders) const {
  std::vector<std::pair<Holder, std::string>> out;
  auto where = [this](const Holder& h) -> const std::string& {
    const File& f = files_.at(*h.path);
    return h.index < f.where.size() ? f.where[h.index] : *h.path;
  };
  const Holder& winner = holders.front();
  for (size_t i = 1; i < holders.size(); ++i) {
    out.emplace_back(holders[i], std::string(KindName(key.kind)) + " " + key.name.ToString() +
                                     " is in both " + where(winner) + " and " + where(holders[i]) +
                                     "; the one in " + *winner.path +
                                     " is used (the lexically first path wins; remove the other)");
  }
  return out;
}

void DirObjects::Commit(SourceChanges& changes) {
  // In key order, each once; pointers sorted, not keys (their strings).
  std::vector<const ObjectKey*> order;
  order.reserve(dirty_.size());
  for (const ObjectKey& k : dirty_) order.push_back(&k);
  std::sort(order.begin(), order.end(), [](const auto* a, const auto* b) { return *a < *b; });
  order.erase(std::unique(order.begin(), order.end(),
                          [](const auto* a, const auto* b) { return *a == *b; }),
              order.end());
  std::vector<std::pair<Holder, std::string>> reports;
  for (const ObjectKey* key_in_order : order) {
    const ObjectKey& key = *key_in_order;
    auto held = holders_.find(key);
    auto current = in_effect_.find(key);
    if (held == holders_.end()) {
      reported_.erase(key);
      if (current != in_effect_.end()) {
        in_effect_.erase(current);
        changes.deletes.push_back(key);
      }
      continue;
    }
    const Holder& winner = held->second.front();
    const k8s::Object& object = files_.at(*winner.path).objects[winner.index];
    if (current == in_effect_.end()) {
      in_effect_.emplace(key, winner);
      changes.upserts.push_back(object);
    } else if (!(current->second == winner)) {
      // Another copy, or the same place in a file read again.
      const Holder was = current->second;
      const k8s::Object& before =
          was.path != nullptr ? files_.at(*was.path).objects[was.index] : before_.at(key);
      if (!(before == object)) changes.upserts.push_back(object);
      current->second = winner;
    }
    if (held->second.size() == 1 && reported_.empty()) continue;
    std::vector<std::string> now;
    auto said = reported_.find(key);
    for (auto& [holder, msg] : Duplicates(key, held->second)) {
      const bool fresh =
          said == reported_.end() ||
          std::find(said->second.begin(), said->second.end(), msg) == said->second.end() ||
          read_.count(*holder.path) != 0 || read_.count(*winner.path) != 0;
      if (fresh) reports.emplace_back(holder, msg);
      now.push_back(std::move(msg));
    }
    if (now.empty()) {
      if (said != reported_.end()) reported_.erase(said);
    } else {
      reported_[key] = std::move(now);
    }
  }
  std::stable_sort(reports.begin(), reports.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& r : reports) changes.errors.push_back(std::move(r.second));
  dirty_.clear();
  before_.clear();
  read_.clear();
}

}  // namespace ki::daemon
