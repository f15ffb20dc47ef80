#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>

#include "pkg/base/fd.h"
#include "pkg/base/subprocess.h"
#include "pkg/preflight/system.h"

namespace ki::preflight {
namespace {

constexpr std::chrono::milliseconds kCommandTimeout{10'000};

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
    return FindProgram(name);
  }

  Result<CommandResult> Run(const std::vector<std::string>& argv) const override {
    if (argv.empty()) return Status::Internal("run: empty argv");
    Command cmd{argv[0], {argv.begin() + 1, argv.end()}};
    cmd.timeout = kCommandTimeout;
    cmd.merge_stderr = true;
    Result<CommandOutput> r = RunCommand(cmd);
    if (!r.ok()) return r.status();
    return CommandResult{r->exit_code, std::move(r->out)};
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
