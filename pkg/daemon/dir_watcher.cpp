#include "pkg/daemon/dir_watcher.h"

#include <poll.h>
#include <sys/inotify.h>

#include <cerrno>

namespace ki::daemon {

Result<std::unique_ptr<DirWatcher>> DirWatcher::Open(const std::string& dir) {
  UniqueFd fd(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
  if (fd.get() < 0) return Status::FromErrno(errno, "inotify_init1");
  uint32_t mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE | IN_ATTRIB |
                  IN_DELETE_SELF | IN_MOVE_SELF;
  if (::inotify_add_watch(fd.get(), dir.c_str(), mask) < 0) {
    return Status::FromErrno(errno, "watch " + dir);
  }
  return std::unique_ptr<DirWatcher>(new DirWatcher(std::move(fd)));
}

bool DirWatcher::Wait(std::chrono::milliseconds timeout) {
  pollfd p{fd_.get(), POLLIN, 0};
  int r = ::poll(&p, 1, static_cast<int>(timeout.count()));
  if (r <= 0) return false;
  alignas(inotify_event) char buf[4096];
  while (::read(fd_.get(), buf, sizeof(buf)) > 0) {
  }
  return true;
}

}  // namespace ki::daemon
