// Reading a whole file a user named: only a regular file (a directory, FIFO,
// device or socket is refused by name, and a FIFO never blocks the open), and
// at most a stated number of bytes (the message states the cap). Every file
// the tool reads on a user's word goes through here. Thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "pkg/base/status.h"

namespace ki {

struct FileLimit {
  size_t max_bytes;       // larger files are refused, not truncated
  std::string_view what;  // "a kubeconfig", for "(the most read for a kubeconfig)"
};

// Caps by kind of file: a few KiB is usual for each; the caps leave room.
inline constexpr size_t kMaxCredentialBytes = 1 << 20;     // certificates, keys, tokens
inline constexpr size_t kMaxKubeconfigBytes = 4 << 20;     // kubeconfigs with inline certs
inline constexpr size_t kMaxManifestFileBytes = 64 << 20;  // one services-dir file

// The file's contents. Errors: kInvalidConfig for a file of the wrong type or
// size ("<path>: is a directory, not a regular file"; "<path>: is larger than
// 4 MiB, the most read for a kubeconfig"), FromErrno for the OS's refusals
// ("<path>: No such file or directory").
Result<std::string> ReadRegularFile(const std::string& path, FileLimit limit);

// "a directory", "a FIFO (named pipe)", "a character device", ... for the
// type bits of st_mode; empty for a regular file.
std::string_view DescribeNonRegular(unsigned mode);

// "4 MiB", "512 KiB", "100 bytes".
std::string FormatByteSize(size_t bytes);

}  // namespace ki
