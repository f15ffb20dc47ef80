// The proxy's source when it runs without an API server (`proxy
// --services-dir D`): every *.yaml, *.yml and *.json file in D holds Services,
// EndpointSlices (and optionally this Node). A file that fails to decode (or
// is no regular file: a FIFO or device is named, never read) is reported and
// its last good content kept, so a typo never withdraws what is programmed.
// Files are decoded strictly: unknown fields and kinds are warned about with
// file:line:col. An object (kind, namespace/name) in more than one file is
// taken from the lexically first path (byte order), and the others are named
// in a warning. Each report is made once per change of the files involved,
// not on every rescan. Rescan() reports what changed since the previous call;
// only files whose size or modification time changed are decoded again.
// Not thread-safe.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "pkg/base/status.h"
#include "pkg/daemon/source.h"
#include "pkg/k8s/decode.h"

namespace ki::daemon {

// The checks every YAML text a user gives goes through (config::CheckYamlText:
// binary content, tab indentation, nesting, the shapes yaml-cpp 0.7 never
// returns on), made document by document (the text split at its "---"
// lines) so cancelled is asked between documents; only when a document
// fails alone is the whole text checked, for the position of the fault.
Status CheckServicesText(std::string_view text, const std::string& file,
                         const std::function<bool()>& cancelled = {});

class ServicesDir {
 public:
  // cancelled: asked between files and while one decodes; once true a
  // rescan stops and fails (default: never).
  explicit ServicesDir(std::filesystem::path dir, std::function<bool()> cancelled = {})
      : dir_(std::move(dir)), cancelled_(std::move(cancelled)) {}

  // Reads the directory again. Fails when the directory can't be read (the
  // last good objects stay current) or the rescan was cancelled.
  Result<SourceChanges> Rescan();

 private:
  struct FileState {
    std::filesystem::file_time_type mtime;
    uintmax_t size = 0;
    std::vector<k8s::Object> objects;  // the last good content
    std::vector<std::string> where;    // objects' positions
  };
  struct Found {
    k8s::Object object;
    std::string where;  // "file:line:col"
    std::string path;   // the file
  };

  // Decodes a new or changed file into files_; reports go to changes.
  void Load(const std::filesystem::path& path, std::filesystem::file_time_type mtime,
            uintmax_t size, SourceChanges& changes);
  // Every file's objects, the lexically first path's for a duplicate; each
  // duplicate not reported before, or in a file read now, is reported.
  std::map<ObjectKey, Found> Merge(const std::set<std::string>& read, SourceChanges& changes);

  std::filesystem::path dir_;
  std::function<bool()> cancelled_;
  std::map<std::string, FileState> files_;
  std::map<ObjectKey, k8s::Object> current_;
  std::set<std::string> duplicates_;  // the last rescan's duplicate reports
};

}  // namespace ki::daemon
