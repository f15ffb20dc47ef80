#include "pkg/base/status.h"

#include <cstring>

namespace ki {

Status Status::FromErrno(int err, std::string_view context) {
  Code code = Code::kInternal;
  switch (err) {
    case ENOENT:
    case ESRCH:
      code = Code::kNotFound;
      break;
    case EEXIST:
      code = Code::kAlreadyExists;
      break;
    case EPERM:
    case EACCES:
      code = Code::kPermissionDenied;
      break;
    default:
      break;
  }
  std::string msg(context);
  msg += ": ";
  msg += std::strerror(err);
  return Status(code, std::move(msg), err);
}

Status Status::Wrap(std::string_view context) const {
  if (ok()) return *this;
  std::string msg(context);
  msg += ": ";
  msg += message_;
  return Status(code_, std::move(msg), errno_);
}

int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case Code::kOk:
      return 0;
    case Code::kPreflight:
      return 2;
    case Code::kInvalidConfig:
      return 3;
    default:
      return 1;
  }
}

}  // namespace ki
