// The proxy's source when it runs without an API server (`proxy
// --services-dir D`): every *.yaml, *.yml and *.json file in D holds Services,
// EndpointSlices (and optionally this Node). A file that fails to decode is
// reported and its last good content kept, so a typo never withdraws what is
// programmed. Rescan() reports what changed since the previous call; only
// files whose size or modification time changed are decoded again.
// Not thread-safe.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "pkg/base/status.h"
#include "pkg/daemon/source.h"
#include "pkg/k8s/decode.h"

namespace ki::daemon {

class ServicesDir {
 public:
  explicit ServicesDir(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // Reads the directory again. Fails only when the directory can't be read.
  Result<SourceChanges> Rescan();

 private:
  struct FileState {
    std::filesystem::file_time_type mtime;
    uintmax_t size = 0;
    std::vector<k8s::Object> objects;  // the last good content
  };

  std::filesystem::path dir_;
  std::map<std::string, FileState> files_;
  std::map<ObjectKey, k8s::Object> current_;
};

}  // namespace ki::daemon
