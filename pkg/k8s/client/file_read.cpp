#include "pkg/k8s/client/file_read.h"

#include <cerrno>
#include <fstream>
#include <sstream>

namespace ki::k8s::client {

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::FromErrno(errno, "read " + path);
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) {
    return Status::FromErrno(errno, "read " + path);
  }
  return buf.str();
}

}  // namespace ki::k8s::client
