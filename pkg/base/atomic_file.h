// Atomic file writes: the content goes to a temporary file in the target's
// directory, is flushed, gets its mode, and is renamed over the target, so a
// reader sees the old file or the new one, never a part. Thread-safe.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

#include "pkg/base/status.h"

namespace ki {

// Writes content to path with the given mode (e.g. 0644, 0600 for secrets).
Status WriteFileAtomic(const std::string& path, std::string_view content, mode_t mode);

struct FileToWrite {
  std::string path;
  std::string content;
  mode_t mode = 0644;
};

// Writes several files as one step: parent directories are made (0755),
// every temporary file is written first, and only when all of them are
// there are they renamed into place. A failure before the renames leaves
// nothing behind (new directories included).
Status WriteFilesAtomic(const std::vector<FileToWrite>& files);

// Whether WriteFilesAtomic could write these files, without writing: each
// one's nearest existing ancestor is a directory this process may write in.
// For callers about to make a change a failed write could not undo; a full
// disk still shows only when writing. Errors read as the write's would
// ("mkdir /a-file/out: Not a directory").
Status CheckWritable(const std::vector<FileToWrite>& files);

}  // namespace ki
