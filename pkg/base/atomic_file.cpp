#include "pkg/base/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <utility>

#include "pkg/base/fd.h"

namespace ki {
namespace {

Status WriteAll(int fd, std::string_view content, const std::string& path) {
  while (!content.empty()) {
    ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::FromErrno(errno, "write " + path);
    }
    content.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

// Writes content to a new temporary file beside path; returns its name.
Result<std::string> WriteTemp(const std::string& path, std::string_view content, mode_t mode) {
  std::string tmp = path + ".tmp-XXXXXX";
  UniqueFd fd(::mkstemp(tmp.data()));
  if (fd.get() < 0) return Status::FromErrno(errno, "create a temporary file beside " + path);
  Status st = WriteAll(fd.get(), content, tmp);
  if (st.ok() && ::fchmod(fd.get(), mode) != 0) st = Status::FromErrno(errno, "chmod " + tmp);
  if (st.ok() && ::fsync(fd.get()) != 0) st = Status::FromErrno(errno, "fsync " + tmp);
  if (st.ok() && fd.Close() != 0) st = Status::FromErrno(errno, "close " + tmp);
  if (!st.ok()) {
    ::unlink(tmp.c_str());
    return st;
  }
  return tmp;
}

// Makes the missing directories of dir (0755), recording the ones it made.
Status MakeDirs(const std::filesystem::path& dir, std::vector<std::filesystem::path>& made) {
  if (dir.empty() || std::filesystem::exists(dir)) return Status::Ok();
  KI_RETURN_IF_ERROR(MakeDirs(dir.parent_path(), made));
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
    return Status::FromErrno(errno, "mkdir " + dir.string());
  }
  made.push_back(dir);
  return Status::Ok();
}

}  // namespace

Status WriteFileAtomic(const std::string& path, std::string_view content, mode_t mode) {
  Result<std::string> tmp = WriteTemp(path, content, mode);
  if (!tmp.ok()) return tmp.status();
  if (::rename(tmp->c_str(), path.c_str()) != 0) {
    Status st = Status::FromErrno(errno, "rename " + *tmp + " to " + path);
    ::unlink(tmp->c_str());
    return st;
  }
  return Status::Ok();
}

Status WriteFilesAtomic(const std::vector<FileToWrite>& files) {
  std::vector<std::filesystem::path> made;
  std::vector<std::string> temps;
  Status st;
  for (const FileToWrite& f : files) {
    st = MakeDirs(std::filesystem::path(f.path).parent_path(), made);
    if (!st.ok()) break;
    Result<std::string> tmp = WriteTemp(f.path, f.content, f.mode);
    if (!tmp.ok()) {
      st = tmp.status();
      break;
    }
    temps.push_back(*tmp);
  }
  if (!st.ok()) {
    for (const std::string& t : temps) ::unlink(t.c_str());
    for (auto it = made.rbegin(); it != made.rend(); ++it) ::rmdir(it->c_str());
    return st;
  }
  for (size_t i = 0; i < files.size(); ++i) {
    if (::rename(temps[i].c_str(), files[i].path.c_str()) != 0) {
      return Status::FromErrno(errno, "rename " + temps[i] + " to " + files[i].path);
    }
  }
  return Status::Ok();
}

Status CheckWritable(const std::vector<FileToWrite>& files) {
  for (const FileToWrite& f : files) {
    std::filesystem::path dir = std::filesystem::path(f.path).parent_path();
    std::string what = "create a temporary file beside " + f.path;
    std::error_code ec;
    while (!dir.empty() && !std::filesystem::exists(dir, ec)) {
      what = "mkdir " + dir.string();  // the first directory a write would make
      dir = dir.parent_path();
    }
    if (dir.empty()) dir = ".";
    if (!std::filesystem::is_directory(dir, ec)) return Status::FromErrno(ENOTDIR, what);
    if (::access(dir.c_str(), W_OK | X_OK) != 0) return Status::FromErrno(errno, what);
  }
  return Status::Ok();
}

}  // namespace ki
