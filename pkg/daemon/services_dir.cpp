#include "pkg/daemon/services_dir.h"

#include "pkg/base/file_read.h"
#include "pkg/config/yaml_input.h"

namespace ki::daemon {
namespace {

// A file with more warnings than this reports the first ones and a count.
constexpr size_t kMaxWarningsPerFile = 20;

bool IsManifest(const std::filesystem::path& p) {
  std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

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

constexpr config::YamlTextKind kServicesText{
    "a services-dir file", "a manifest document is a mapping (apiVersion: v1, kind: Service, ...)"};

// Whether text[pos...] starts a "---" line (a document marker at column 0).
bool MarkerAt(std::string_view text, size_t pos) {
  if (text.compare(pos, 3, "---") != 0) return false;
  return pos + 3 == text.size() || text[pos + 3] == ' ' || text[pos + 3] == '\t' ||
         text[pos + 3] == '\n' || text[pos + 3] == '\r';
}

}  // namespace

Status CheckServicesText(std::string_view text, const std::string& file,
                         const std::function<bool()>& cancelled) {
  size_t begin = 0;
  bool whole = false;
  while (begin < text.size() && !whole) {
    if (cancelled && cancelled()) return Status::Unavailable(file + ": check stopped");
    size_t end = begin;
    do {
      end = text.find('\n', end);
      end = end == std::string_view::npos ? text.size() : end + 1;
    } while (end < text.size() && !MarkerAt(text, end));
    whole = !config::CheckYamlText(text.substr(begin, end - begin), file, kServicesText).ok();
    begin = end;
  }
  // A document that fails alone: the whole text says where (and may pass,
  // e.g. a directive that belongs to the next document).
  return whole ? config::CheckYamlText(text, file, kServicesText) : Status::Ok();
}

void ServicesDir::Load(const std::filesystem::path& path, std::filesystem::file_time_type mtime,
                       uintmax_t size, SourceChanges& changes) {
  const std::string name = path.string();
  Result<std::string> text = ReadRegularFile(name, {kMaxManifestFileBytes, "a services-dir file"});
  k8s::DecodeOptions options{true, cancelled_};
  Status checked = text.ok() ? CheckServicesText(*text, name, cancelled_) : text.status();
  Result<k8s::DecodedObjects> decoded = checked.ok() ? k8s::DecodeManifests(*text, name, options)
                                                     : Result<k8s::DecodedObjects>(checked);
  if (!decoded.ok()) {
    if (cancelled_ && cancelled_()) return;  // not read: read again next time
    changes.errors.push_back(decoded.status().message() +
                             " (the file's last good content stays in effect)");
    // Remember the failing version (so it is reported once) but keep the
    // objects of the last good one.
    FileState& state = files_[name];
    state.mtime = mtime;
    state.size = size;
    return;
  }
  const std::vector<std::string>& warnings = decoded->warnings;
  for (size_t i = 0; i < warnings.size() && i < kMaxWarningsPerFile; ++i) {
    changes.errors.push_back(warnings[i]);
  }
  if (warnings.size() > kMaxWarningsPerFile) {
    changes.errors.push_back(name + ": " + std::to_string(warnings.size() - kMaxWarningsPerFile) +
                             " more warnings like these");
  }
  files_[name] = FileState{mtime, size, std::move(decoded->objects), std::move(decoded->where)};
}

std::map<ObjectKey, ServicesDir::Found> ServicesDir::Merge(const std::set<std::string>& read,
                                                           SourceChanges& changes) {
  std::map<ObjectKey, Found> now;
  std::set<std::string> duplicates;
  // files_ is in byte order of the paths: the first one holding a key wins.
  for (const auto& [path, state] : files_) {
    for (size_t i = 0; i < state.objects.size(); ++i) {
      const ObjectKey key = KeyOf(state.objects[i]);
      const std::string& where = i < state.where.size() ? state.where[i] : path;
      auto [it, inserted] = now.try_emplace(key, Found{state.objects[i], where, path});
      if (inserted) continue;
      const Found& winner = it->second;
      std::string msg = std::string(KindName(key.kind)) + " " + key.name.ToString() +
                        " is in both " + winner.where + " and " + where + "; the one in " +
                        winner.path + " is used (the lexically first path wins; remove the other)";
      const bool fresh =
          duplicates_.count(msg) == 0 || read.count(path) != 0 || read.count(winner.path) != 0;
      if (fresh) changes.errors.push_back(msg);
      duplicates.insert(std::move(msg));
    }
  }
  duplicates_ = std::move(duplicates);
  return now;
}

Result<SourceChanges> ServicesDir::Rescan() {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir_, ec);
  if (ec) return Status::FromErrno(ec.value(), "read services dir " + dir_.string());
  SourceChanges changes;
  std::set<std::string> seen, read;
  for (const auto& entry : it) {
    if (cancelled_ && cancelled_()) return Status::Unavailable("services dir: rescan stopped");
    if (!IsManifest(entry.path())) continue;
    std::string path = entry.path().string();
    seen.insert(path);
    // A FIFO has no size; its modification time still tells a change.
    auto mtime = entry.last_write_time(ec);
    uintmax_t size = entry.file_size(ec);
    auto known = files_.find(path);
    if (known != files_.end() && known->second.mtime == mtime && known->second.size == size) {
      continue;
    }
    Load(entry.path(), mtime, size, changes);
    if (cancelled_ && cancelled_()) return Status::Unavailable("services dir: rescan stopped");
    read.insert(std::move(path));
  }
  std::erase_if(files_, [&](const auto& f) { return seen.count(f.first) == 0; });

  std::map<ObjectKey, Found> now = Merge(read, changes);
  for (const auto& [key, found] : now) {
    auto old = current_.find(key);
    if (old == current_.end() || !(old->second == found.object)) {
      changes.upserts.push_back(found.object);
    }
  }
  for (const auto& [key, object] : current_) {
    if (now.count(key) == 0) changes.deletes.push_back(key);
  }
  current_.clear();
  for (auto& [key, found] : now) current_.emplace(key, std::move(found.object));
  return changes;
}

}  // namespace ki::daemon
