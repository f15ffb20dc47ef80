#include "pkg/daemon/dir_watcher.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ki::daemon {

Result<std::unique_ptr<DirWatcher>> DirWatcher::Open(const std::string& dir) {
  UniqueFd fd(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
  if (fd.get() < 0) return Status::FromErrno(errno, "inotify_init1");
  uint32_t mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE | IN_ATTRIB |
                  IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
  if (::inotify_add_watch(fd.get(), dir.c_str(), mask) < 0) {
    return Status::FromErrno(errno, "watch " + dir);
  }
  return std::unique_ptr<DirWatcher>(new DirWatcher(std::move(fd)));
}

DirWatcher::Event DirWatcher::Wait(std::chrono::milliseconds timeout) {
  pollfd p{fd_.get(), POLLIN, 0};
  int r = ::poll(&p, 1, static_cast<int>(timeout.count()));
  if (r <= 0) return Event::kTimeout;
  Event got = Event::kChanged;
  alignas(inotify_event) char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd_.get(), buf, sizeof(buf));
    if (n <= 0) break;
    for (ssize_t off = 0; off + static_cast<ssize_t>(sizeof(inotify_event)) <= n;) {
      inotify_event e;
      std::memcpy(&e, buf + off, sizeof(e));
      if ((e.mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) != 0) got = Event::kLost;
      const char* name = buf + off + sizeof(inotify_event);
      const size_t room = static_cast<size_t>(n - off) - sizeof(inotify_event);
      // The name is NUL-padded to e.len; an event without one is the directory's own.
      if (e.len > 0 && e.len <= room) {
        changed_.emplace(name, ::strnlen(name, e.len));
      } else {
        all_changed_ = true;
      }
      off += static_cast<ssize_t>(sizeof(inotify_event) + e.len);
    }
  }
  return got;
}

std::optional<std::set<std::string>> DirWatcher::TakeChanged() {
  std::set<std::string> names;
  names.swap(changed_);
  const bool all = all_changed_;
  all_changed_ = false;
  if (all) return std::nullopt;
  return names;
}

}  // namespace ki::daemon
