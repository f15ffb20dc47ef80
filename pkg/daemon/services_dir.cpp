#include "pkg/daemon/services_dir.h"

#include <fstream>
#include <iterator>
#include <set>

namespace ki::daemon {
namespace {

bool IsManifest(const std::filesystem::path& p) {
  std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

Result<std::string> ReadWhole(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return Status::FromErrno(errno, "read " + p.string());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

Result<SourceChanges> ServicesDir::Rescan() {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir_, ec);
  if (ec) return Status::FromErrno(ec.value(), "read services dir " + dir_.string());
  SourceChanges changes;
  std::set<std::string> seen;
  for (const auto& entry : it) {
    if (!entry.is_regular_file(ec) || !IsManifest(entry.path())) continue;
    std::string path = entry.path().string();
    seen.insert(path);
    auto mtime = entry.last_write_time(ec);
    uintmax_t size = entry.file_size(ec);
    auto known = files_.find(path);
    if (known != files_.end() && known->second.mtime == mtime && known->second.size == size) {
      continue;
    }
    Result<std::string> text = ReadWhole(entry.path());
    Result<k8s::DecodedObjects> decoded =
        text.ok() ? k8s::DecodeManifests(*text, path) : Result<k8s::DecodedObjects>(text.status());
    if (!decoded.ok()) {
      changes.errors.push_back(decoded.status().message() +
                               " (the file's last good content stays in effect)");
      // Remember the failing version (so it is reported once) but keep the
      // objects of the last good one.
      FileState& state = files_[path];
      state.mtime = mtime;
      state.size = size;
      continue;
    }
    files_[path] = FileState{mtime, size, std::move(decoded->objects)};
  }
  std::erase_if(files_, [&](const auto& f) { return seen.count(f.first) == 0; });

  std::map<ObjectKey, k8s::Object> now;
  for (const auto& [path, state] : files_) {
    for (const k8s::Object& o : state.objects) now.insert_or_assign(KeyOf(o), o);
  }
  for (const auto& [key, object] : now) {
    auto old = current_.find(key);
    if (old == current_.end() || !(old->second == object)) changes.upserts.push_back(object);
  }
  for (const auto& [key, object] : current_) {
    if (now.count(key) == 0) changes.deletes.push_back(key);
  }
  current_ = std::move(now);
  return changes;
}

}  // namespace ki::daemon
