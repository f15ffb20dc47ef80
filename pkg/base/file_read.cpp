#include "pkg/base/file_read.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "pkg/base/fd.h"
#include "pkg/base/quote.h"

namespace ki {
namespace {

Status TooLarge(const std::string& path, FileLimit limit) {
  return Status::InvalidConfig(QuotePath(path) + ": is larger than " +
                               FormatByteSize(limit.max_bytes) + ", the most read for " +
                               std::string(limit.what));
}

}  // namespace

std::string_view DescribeNonRegular(unsigned mode) {
  switch (mode & S_IFMT) {
    case S_IFREG:
      return {};
    case S_IFDIR:
      return "a directory";
    case S_IFIFO:
      return "a FIFO (named pipe)";
    case S_IFCHR:
      return "a character device";
    case S_IFBLK:
      return "a block device";
    case S_IFSOCK:
      return "a socket";
    default:
      return "not a regular file";
  }
}

std::string FormatByteSize(size_t bytes) {
  if (bytes >= (size_t{1} << 20) && bytes % (size_t{1} << 20) == 0) {
    return std::to_string(bytes >> 20) + " MiB";
  }
  if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

Result<std::string> ReadRegularFile(const std::string& path, FileLimit limit) {
  if (path.empty()) return Status::InvalidConfig("an empty path names no file");
  // O_NONBLOCK: opening a FIFO must not wait for a writer; the type check
  // below refuses it before any read.
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (fd.get() < 0) {
    int err = errno;
    struct stat st {};
    // A socket can't be opened (ENXIO); say what it is rather than why not.
    if (::stat(path.c_str(), &st) == 0 && !DescribeNonRegular(st.st_mode).empty()) {
      return Status::InvalidConfig(QuotePath(path) + ": is " +
                                   std::string(DescribeNonRegular(st.st_mode)) +
                                   ", not a regular file");
    }
    return Status::FromErrno(err, QuotePath(path));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return Status::FromErrno(errno, QuotePath(path));
  if (std::string_view kind = DescribeNonRegular(st.st_mode); !kind.empty()) {
    return Status::InvalidConfig(QuotePath(path) + ": is " + std::string(kind) +
                                 ", not a regular file");
  }
  if (static_cast<size_t>(st.st_size) > limit.max_bytes) return TooLarge(path, limit);
  // Read to one byte past the cap: a file that grew since fstat is still caught.
  std::string text(static_cast<size_t>(st.st_size) + 1, '\0');
  size_t got = 0;
  for (;;) {
    if (got == text.size()) {
      if (text.size() > limit.max_bytes) return TooLarge(path, limit);
      text.resize(std::min(text.size() * 2, limit.max_bytes + 1));
    }
    ssize_t n = ::read(fd.get(), text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::FromErrno(errno, "read " + QuotePath(path));
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  text.resize(got);
  return text;
}

}  // namespace ki
