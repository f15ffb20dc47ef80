// What preflight asks of the host, behind one interface so that the checks are
// tested against testing/fake_system.h. HostSystem is the real one.
// Implementations need not be thread-safe.
#pragma once

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pkg/base/status.h"

namespace ki::preflight {

struct CommandResult {
  int exit_code = 0;
  std::string output;  // stdout and stderr together
};

class System {
 public:
  virtual ~System() = default;
  virtual uid_t EffectiveUid() const = 0;
  virtual Result<std::string> ReadFile(const std::string& path) const = 0;
  virtual bool PathExists(const std::string& path) const = 0;
  // The absolute path of an executable found in PATH (and the sbin dirs).
  virtual std::optional<std::string> FindExecutable(const std::string& name) const = 0;
  // Runs argv (argv[0] a path) without a shell, with a time limit.
  virtual Result<CommandResult> Run(const std::vector<std::string>& argv) const = 0;
  // The IPv4 address of the interface that holds the default route, as
  // kubeadm picks the API server's advertise address when none is given.
  virtual Result<std::string> DefaultRouteAddress() const = 0;
  // Ok if address:port can be bound for TCP now (and releases it at once).
  virtual Status CheckTcpPortFree(const std::string& address, int port) const = 0;
};

std::unique_ptr<System> NewHostSystem();

}  // namespace ki::preflight
