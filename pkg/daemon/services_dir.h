// The proxy's source when it runs without an API server (`proxy
// --services-dir D`): every *.yaml, *.yml and *.json file in D holds Services,
// EndpointSlices (and optionally this Node). A file that fails to decode (or
// is no regular file: a FIFO or device is named, never read) is reported and
// its last good content kept, so a typo never withdraws what is programmed.
// Files are decoded strictly: unknown fields and kinds are warned about with
// file:line:col. An object (kind, namespace/name) in more than one file is
// taken from the lexically first path (byte order), and the others are named
// in a warning. Each report is made once per change of the files involved,
// not on every rescan. A rescan reports what changed since the previous one;
// only files whose size or modification time changed are read again, and
// the work is that of their objects: a rescan of named files looks at those
// alone. Not thread-safe.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "pkg/base/status.h"
#include "pkg/daemon/dir_objects.h"
#include "pkg/daemon/source.h"
#include "pkg/k8s/decode.h"

namespace ki::daemon {

// The checks every YAML text a user gives goes through but the parse itself
// (config::CheckYamlShape: binary content, tab indentation, nesting, the
// document starts yaml-cpp 0.7 never returns on), made document by document
// (the text split at its "---" lines) so cancelled is asked between
// documents; only when a document fails alone is the whole text checked, for
// the position of the fault. libyaml's verdict on the text is the decode's
// (k8s::DecodeManifests reads it once, with libyaml where its fast reader
// does not).
Status CheckServicesText(std::string_view text, const std::string& file,
                         const std::function<bool()>& cancelled = {});

// Reads one file of the directory; ReadRegularFile with the services-dir cap
// by default (tests count reads through it).
using ReadManifestFile = std::function<Result<std::string>(const std::string& path)>;

class ServicesDir {
 public:
  // cancelled: asked between files and while one decodes; once true a
  // rescan stops and fails (default: never).
  explicit ServicesDir(std::filesystem::path dir, std::function<bool()> cancelled = {},
                       ReadManifestFile read = {});

  // Looks at every file of the directory. Fails when the directory can't be
  // read (the last good objects stay current) or the rescan was cancelled.
  Result<SourceChanges> Rescan();
  // Looks only at the entries of the directory with these names (what
  // inotify said changed): new, changed or gone. Fails as Rescan does.
  Result<SourceChanges> Rescan(const std::set<std::string>& names);

 private:
  struct Stamp {
    std::filesystem::file_time_type mtime;
    uintmax_t size = 0;
    bool operator==(const Stamp&) const = default;
  };

  Status CheckDir() const;
  bool Stopped() const { return cancelled_ && cancelled_(); }
  // Reads path again when new or changed; false when cancelled.
  bool Look(const std::filesystem::directory_entry& entry, SourceChanges& changes);
  // Decodes a new or changed file into objects_; reports go to changes.
  void Load(const std::string& path, Stamp stamp, SourceChanges& changes);
  void Forget(const std::string& path);

  std::filesystem::path dir_;
  std::function<bool()> cancelled_;
  ReadManifestFile read_;
  std::map<std::string, Stamp> files_;  // each file as last read
  DirObjects objects_;
};

}  // namespace ki::daemon
