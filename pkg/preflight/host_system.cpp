#include <arpa/inet.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>

#include "pkg/base/fd.h"
#include "pkg/preflight/system.h"

namespace ki::preflight {
namespace {

constexpr int kCommandTimeoutMs = 10'000;

// Reads the child's output until EOF or the deadline; false on timeout.
bool ReadUntilEof(int fd, std::string& out) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kCommandTimeoutMs);
  char buf[4096];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(left));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;
    out.append(buf, static_cast<size_t>(n));
  }
}

// /proc/net/route: "Iface Destination Gateway ..." in hex; 00000000 is default.
std::string DefaultRouteInterface(const std::string& table) {
  std::istringstream lines(table);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string iface, destination;
    if (fields >> iface >> destination && destination == "00000000") return iface;
  }
  return "";
}

class HostSystem final : public System {
 public:
  uid_t EffectiveUid() const override { return ::geteuid(); }

  Result<std::string> ReadFile(const std::string& path) const override {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::FromErrno(errno, "read " + path);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  bool PathExists(const std::string& path) const override {
    std::error_code ec;
    return std::filesystem::exists(path, ec);
  }

  std::optional<std::string> FindExecutable(const std::string& name) const override {
    const char* env = std::getenv("PATH");
    std::string path = std::string(env != nullptr ? env : "") + ":/usr/local/sbin:/usr/sbin:/sbin";
    std::istringstream dirs(path);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
      if (dir.empty()) continue;
      std::string candidate = dir + "/" + name;
      if (::access(candidate.c_str(), X_OK) == 0 && !std::filesystem::is_directory(candidate)) {
        return candidate;
      }
    }
    return std::nullopt;
  }

  Result<CommandResult> Run(const std::vector<std::string>& argv) const override {
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return Status::FromErrno(errno, "pipe");
    UniqueFd read_end(pipe_fds[0]);
    UniqueFd write_end(pipe_fds[1]);
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = ::fork();
    if (pid < 0) return Status::FromErrno(errno, "fork");
    if (pid == 0) {
      ::dup2(write_end.get(), STDOUT_FILENO);
      ::dup2(write_end.get(), STDERR_FILENO);
      ::execv(args[0], args.data());
      ::_exit(127);
    }
    write_end.reset(-1);
    CommandResult result;
    bool finished = ReadUntilEof(read_end.get(), result.output);
    if (!finished) ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!finished) return Status::Internal(argv[0] + " did not finish within 10 s");
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
  }

  Result<std::string> DefaultRouteAddress() const override {
    Result<std::string> routes = ReadFile("/proc/net/route");
    if (!routes.ok()) return routes.status();
    std::string iface = DefaultRouteInterface(*routes);
    if (iface.empty()) return Status::NotFound("no IPv4 default route (/proc/net/route)");
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) return Status::FromErrno(errno, "getifaddrs");
    std::unique_ptr<ifaddrs, decltype(&::freeifaddrs)> owner(list, &::freeifaddrs);
    for (ifaddrs* a = list; a != nullptr; a = a->ifa_next) {
      if (a->ifa_addr == nullptr || a->ifa_addr->sa_family != AF_INET || iface != a->ifa_name) {
        continue;
      }
      char text[INET_ADDRSTRLEN];
      auto* in = reinterpret_cast<sockaddr_in*>(a->ifa_addr);
      if (::inet_ntop(AF_INET, &in->sin_addr, text, sizeof(text)) != nullptr)
        return std::string(text);
    }
    return Status::NotFound("the default route's interface " + iface + " has no IPv4 address");
  }

  Status CheckTcpPortFree(const std::string& address, int port) const override {
    bool v6 = address.find(':') != std::string::npos;
    UniqueFd fd(::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (fd.get() < 0) return Status::FromErrno(errno, "socket");
    sockaddr_storage ss{};
    socklen_t len = 0;
    if (v6) {
      auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
      a->sin6_family = AF_INET6;
      a->sin6_port = htons(static_cast<uint16_t>(port));
      if (::inet_pton(AF_INET6, address.c_str(), &a->sin6_addr) != 1) {
        return Status::InvalidConfig("bad address " + address);
      }
      len = sizeof(*a);
    } else {
      auto* a = reinterpret_cast<sockaddr_in*>(&ss);
      a->sin_family = AF_INET;
      a->sin_port = htons(static_cast<uint16_t>(port));
      if (::inet_pton(AF_INET, address.c_str(), &a->sin_addr) != 1) {
        return Status::InvalidConfig("bad address " + address);
      }
      len = sizeof(*a);
    }
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&ss), len) != 0) {
      return Status::FromErrno(errno, "bind " + address + ":" + std::to_string(port));
    }
    return Status::Ok();
  }
};

}  // namespace

std::unique_ptr<System> NewHostSystem() { return std::make_unique<HostSystem>(); }

}  // namespace ki::preflight
