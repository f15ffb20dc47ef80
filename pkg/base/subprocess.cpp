#include "pkg/base/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "pkg/base/fd.h"

extern char** environ;

namespace ki {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kChunk = size_t{64} * 1024;
constexpr size_t kDescribeLimit = 2000;

struct Pipe {
  UniqueFd read;
  UniqueFd write;
};

// Both ends close-on-exec: the child gets only the dup2() copies on 0, 1, 2.
Result<Pipe> MakePipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return Status::FromErrno(errno, "pipe");
  return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

Status SetNonBlocking(int fd) {
  int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) {
    return Status::FromErrno(errno, "fcntl O_NONBLOCK");
  }
  return Status::Ok();
}

class FileActions {
 public:
  FileActions() { ::posix_spawn_file_actions_init(&fa_); }
  ~FileActions() { ::posix_spawn_file_actions_destroy(&fa_); }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
  void Dup2(int fd, int to) { ::posix_spawn_file_actions_adddup2(&fa_, fd, to); }
  const posix_spawn_file_actions_t* get() const { return &fa_; }

 private:
  posix_spawn_file_actions_t fa_;
};

// The child starts with no blocked signals and default dispositions (a daemon
// may block or ignore signals it handles itself; exec would pass that on),
// in its own process group so a timeout can kill whatever it started.
class SpawnAttr {
 public:
  SpawnAttr() {
    ::posix_spawnattr_init(&attr_);
    sigset_t none;
    sigset_t all;
    ::sigemptyset(&none);
    ::sigfillset(&all);
    ::sigdelset(&all, SIGKILL);
    ::sigdelset(&all, SIGSTOP);
    ::posix_spawnattr_setsigmask(&attr_, &none);
    ::posix_spawnattr_setsigdefault(&attr_, &all);
    ::posix_spawnattr_setpgroup(&attr_, 0);
    ::posix_spawnattr_setflags(
        &attr_, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
  }
  ~SpawnAttr() { ::posix_spawnattr_destroy(&attr_); }
  SpawnAttr(const SpawnAttr&) = delete;
  SpawnAttr& operator=(const SpawnAttr&) = delete;
  const posix_spawnattr_t* get() const { return &attr_; }

 private:
  posix_spawnattr_t attr_;
};

// Owns a started child: unless Reap() collected it, the destructor kills its
// process group and reaps it, so no path leaves a zombie or a runaway.
class Child {
 public:
  explicit Child(pid_t pid) : pid_(pid) {}
  ~Child() {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // The exit code once the child has exited, nullopt while it runs.
  std::optional<int> TryReap() {
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r != pid_) return std::nullopt;
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

 private:
  pid_t pid_;
};

// Writing to a pipe whose reader has gone raises SIGPIPE, which would kill
// the whole process by default. Blocked for this thread while it writes; a
// SIGPIPE raised meanwhile is taken off the pending set before unblocking.
class SigpipeBlocker {
 public:
  SigpipeBlocker() {
    ::sigemptyset(&pipe_);
    ::sigaddset(&pipe_, SIGPIPE);
    ::pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
    sigset_t pending;
    ::sigpending(&pending);
    was_pending_ = ::sigismember(&pending, SIGPIPE) == 1;
  }
  ~SigpipeBlocker() {
    sigset_t pending;
    ::sigpending(&pending);
    if (!was_pending_ && ::sigismember(&pending, SIGPIPE) == 1) {
      timespec zero{};
      while (::sigtimedwait(&pipe_, nullptr, &zero) < 0 && errno == EINTR) {
      }
    }
    ::pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeBlocker(const SigpipeBlocker&) = delete;
  SigpipeBlocker& operator=(const SigpipeBlocker&) = delete;

 private:
  sigset_t pipe_;
  sigset_t old_;
  bool was_pending_ = false;
};

int MsLeft(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() <= 0 ? 0 : static_cast<int>(std::min<long long>(left.count(), 1 << 30));
}

// Reads what is there now; closes fd at end of file or on a read error.
void Drain(UniqueFd& fd, std::string& to) {
  char buf[kChunk];
  while (true) {
    ssize_t n = ::read(fd.get(), buf, sizeof(buf));
    if (n > 0) {
      to.append(buf, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    fd.reset();
    return;
  }
}

// Writes what the pipe takes now; closes fd when all is written or the reader
// has gone (the exit status then tells whether that mattered).
void Feed(UniqueFd& fd, std::string_view input, size_t& written) {
  while (written < input.size()) {
    size_t len = std::min(kChunk, input.size() - written);
    ssize_t n = ::write(fd.get(), input.data() + written, len);
    if (n > 0) {
      written += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    break;
  }
  fd.reset();
}

struct Streams {
  UniqueFd in;   // the child's stdin (write end)
  UniqueFd out;  // its stdout (read end)
  UniqueFd err;  // its stderr (read end); closed with merge_stderr
};

// Moves data until both outputs reach end of file or the deadline passes.
Status Pump(Streams& s, std::string_view input, CommandOutput& result, Clock::time_point deadline) {
  SigpipeBlocker no_sigpipe;
  size_t written = 0;
  if (input.empty()) s.in.reset();
  while (s.out.get() >= 0 || s.err.get() >= 0) {
    pollfd p[3] = {{s.in.get(), POLLOUT, 0}, {s.out.get(), POLLIN, 0}, {s.err.get(), POLLIN, 0}};
    int timeout = MsLeft(deadline);
    if (timeout == 0) return Status::Unavailable("timed out");
    int r = ::poll(p, 3, timeout);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return Status::FromErrno(errno, "poll");
    if (p[0].revents != 0) Feed(s.in, input, written);
    if (p[1].revents != 0) Drain(s.out, result.out);
    if (p[2].revents != 0) Drain(s.err, result.err);
  }
  return Status::Ok();
}

// The outputs are closed; the child normally exits at once, but the time limit
// still holds if it lingers.
Result<int> WaitForExit(Child& child, Clock::time_point deadline) {
  while (true) {
    if (std::optional<int> code = child.TryReap()) return *code;
    if (MsLeft(deadline) == 0) return Status::Unavailable("timed out");
    ::poll(nullptr, 0, 5);
  }
}

std::vector<char*> Argv(const Command& cmd) {
  std::vector<char*> argv;
  argv.reserve(cmd.args.size() + 2);
  argv.push_back(const_cast<char*>(cmd.path.c_str()));
  for (const std::string& a : cmd.args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  return argv;
}

Result<pid_t> Spawn(const Command& cmd, const Pipe& in, const Pipe& out, const Pipe& err) {
  FileActions actions;
  actions.Dup2(in.read.get(), STDIN_FILENO);
  actions.Dup2(out.write.get(), STDOUT_FILENO);
  actions.Dup2(cmd.merge_stderr ? out.write.get() : err.write.get(), STDERR_FILENO);
  SpawnAttr attr;
  std::vector<char*> argv = Argv(cmd);
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, cmd.path.c_str(), actions.get(), attr.get(), argv.data(), environ);
  if (rc != 0) return Status::FromErrno(rc, "run " + cmd.path);
  return pid;
}

std::string Trimmed(std::string_view s) {
  std::string out;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find('\n', start);
    if (end == std::string_view::npos) end = s.size();
    std::string_view line = s.substr(start, end - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (!line.empty()) {
      if (!out.empty()) out += "; ";
      out += line;
    }
    start = end + 1;
  }
  if (out.size() > kDescribeLimit) out = out.substr(0, kDescribeLimit) + "...";
  return out;
}

}  // namespace

std::string CommandOutput::Describe() const {
  std::string text = Trimmed(err);
  if (text.empty()) text = Trimmed(out);
  std::string msg = "exit status " + std::to_string(exit_code);
  return text.empty() ? msg : msg + ": " + text;
}

Result<CommandOutput> RunCommand(const Command& cmd) {
  const Clock::time_point deadline = Clock::now() + cmd.timeout;
  Result<Pipe> in = MakePipe();
  if (!in.ok()) return in.status();
  Result<Pipe> out = MakePipe();
  if (!out.ok()) return out.status();
  Result<Pipe> err = MakePipe();
  if (!err.ok()) return err.status();
  Result<pid_t> pid = Spawn(cmd, *in, *out, *err);
  if (!pid.ok()) return pid.status();
  Child child(*pid);
  // Only the child may hold these ends, or end of file never comes.
  in->read.reset();
  out->write.reset();
  err->write.reset();
  Streams s{std::move(in->write), std::move(out->read), std::move(err->read)};
  if (cmd.merge_stderr) s.err.reset();
  for (const UniqueFd* fd : {&s.in, &s.out, &s.err}) {
    if (fd->get() >= 0) KI_RETURN_IF_ERROR(SetNonBlocking(fd->get()));
  }
  CommandOutput result;
  const std::string what = "run " + cmd.path;
  const std::string limit = " (limit " + std::to_string(cmd.timeout.count()) + " ms)";
  Status pumped = Pump(s, cmd.input, result, deadline);
  if (!pumped.ok()) return pumped.Wrap(what + limit);
  Result<int> code = WaitForExit(child, deadline);
  if (!code.ok()) return code.status().Wrap(what + limit);
  result.exit_code = *code;
  return result;
}

std::optional<std::string> FindProgram(std::string_view name) {
  const char* env = std::getenv("PATH");
  std::string dirs = std::string(env != nullptr ? env : "") + ":/usr/local/sbin:/usr/sbin:/sbin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string dir = dirs.substr(start, end - start);
    start = end + 1;
    if (dir.empty()) continue;
    std::string candidate = dir + "/" + std::string(name);
    struct stat st {};
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return std::nullopt;
}

}  // namespace ki
