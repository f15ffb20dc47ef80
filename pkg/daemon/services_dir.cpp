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
    whole = !config::CheckYamlShape(text.substr(begin, end - begin), file, kServicesText).ok();
    begin = end;
  }
  // A document that fails alone: the whole text says where (and may pass,
  // e.g. a quote that a line of the next document closes).
  return whole ? config::CheckYamlShape(text, file, kServicesText) : Status::Ok();
}

ServicesDir::ServicesDir(std::filesystem::path dir, std::function<bool()> cancelled,
                         ReadManifestFile read)
    : dir_(std::move(dir)), cancelled_(std::move(cancelled)), read_(std::move(read)) {
  if (!read_) {
    read_ = [](const std::string& path) {
      return ReadRegularFile(path, {kMaxManifestFileBytes, "a services-dir file"});
    };
  }
}

void ServicesDir::Load(const std::string& path, Stamp stamp, SourceChanges& changes) {
  Result<std::string> text = read_(path);
  k8s::DecodeOptions options{true, cancelled_};
  Status checked = text.ok() ? CheckServicesText(*text, path, cancelled_) : text.status();
  Result<k8s::DecodedObjects> decoded = checked.ok() ? k8s::DecodeManifests(*text, path, options)
                                                     : Result<k8s::DecodedObjects>(checked);
  if (!decoded.ok()) {
    if (Stopped()) return;  // not read: read again next time
    changes.errors.push_back(decoded.status().message() +
                             " (the file's last good content stays in effect)");
    // Remember the failing version (so it is reported once) but keep the
    // objects of the last good one.
    files_[path] = stamp;
    objects_.Touch(path);
    return;
  }
  const std::vector<std::string>& warnings = decoded->warnings;
  for (size_t i = 0; i < warnings.size() && i < kMaxWarningsPerFile; ++i) {
    changes.errors.push_back(warnings[i]);
  }
  if (warnings.size() > kMaxWarningsPerFile) {
    changes.errors.push_back(path + ": " + std::to_string(warnings.size() - kMaxWarningsPerFile) +
                             " more warnings like these");
  }
  files_[path] = stamp;
  objects_.Put(path, std::move(decoded->objects), std::move(decoded->where));
}

void ServicesDir::Forget(const std::string& path) {
  if (files_.erase(path) != 0) objects_.Put(path, {}, {});
}

bool ServicesDir::Look(const std::filesystem::directory_entry& entry, SourceChanges& changes) {
  // A FIFO has no size; its modification time still tells a change.
  std::error_code ec;
  const Stamp stamp{entry.last_write_time(ec), entry.file_size(ec)};
  const std::string path = entry.path().string();
  auto known = files_.find(path);
  if (known != files_.end() && known->second == stamp) return true;
  Load(path, stamp, changes);
  return !Stopped();
}

Status ServicesDir::CheckDir() const {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir_, ec);
  if (ec) return Status::FromErrno(ec.value(), "read services dir " + dir_.string());
  return Status::Ok();
}

Result<SourceChanges> ServicesDir::Rescan() {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir_, ec);
  if (ec) return Status::FromErrno(ec.value(), "read services dir " + dir_.string());
  SourceChanges changes;
  std::set<std::string> seen;
  for (const auto& entry : it) {
    if (Stopped()) return Status::Unavailable("services dir: rescan stopped");
    if (!IsManifest(entry.path())) continue;
    seen.insert(entry.path().string());
    if (!Look(entry, changes)) return Status::Unavailable("services dir: rescan stopped");
  }
  std::vector<std::string> gone;
  for (const auto& [path, stamp] : files_) {
    if (seen.count(path) == 0) gone.push_back(path);
  }
  for (const std::string& path : gone) Forget(path);
  objects_.Commit(changes);
  return changes;
}

Result<SourceChanges> ServicesDir::Rescan(const std::set<std::string>& names) {
  KI_RETURN_IF_ERROR(CheckDir());
  SourceChanges changes;
  for (const std::string& name : names) {
    if (Stopped()) return Status::Unavailable("services dir: rescan stopped");
    const std::filesystem::path path = dir_ / name;
    if (!IsManifest(path)) continue;
    // The entry itself (a dangling symlink is there, as the full rescan sees it).
    std::error_code ec;
    const std::filesystem::file_status st = std::filesystem::symlink_status(path, ec);
    if (st.type() == std::filesystem::file_type::not_found) {
      Forget(path.string());
      continue;
    }
    if (st.type() == std::filesystem::file_type::none) return Rescan();  // can't tell: look at all
    const std::filesystem::directory_entry entry(path, ec);
    if (!Look(entry, changes)) return Status::Unavailable("services dir: rescan stopped");
  }
  objects_.Commit(changes);
  return changes;
}

}  // namespace ki::daemon
