// An in-memory System for preflight tests: files, executables with canned
// command output, a uid and busy ports, all set by the test.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "pkg/preflight/system.h"

namespace ki::preflight::testing {

class FakeSystem final : public System {
 public:
  uid_t uid = 0;
  std::map<std::string, std::string> files;
  std::map<std::string, std::string> executables;  // name -> path
  std::map<std::string, CommandResult> commands;   // "path arg..." -> result
  std::set<int> busy_ports;
  std::string default_route_address;  // empty: no default route

  uid_t EffectiveUid() const override { return uid; }
  Result<std::string> ReadFile(const std::string& path) const override {
    auto it = files.find(path);
    if (it == files.end()) return Status::FromErrno(ENOENT, "read " + path);
    return it->second;
  }
  bool PathExists(const std::string& path) const override { return files.count(path) != 0; }
  std::optional<std::string> FindExecutable(const std::string& name) const override {
    auto it = executables.find(name);
    if (it == executables.end()) return std::nullopt;
    return it->second;
  }
  Result<CommandResult> Run(const std::vector<std::string>& argv) const override {
    std::string key;
    for (const std::string& a : argv) key += (key.empty() ? "" : " ") + a;
    auto it = commands.find(key);
    if (it == commands.end()) return Status::NotFound("fake: no command " + key);
    return it->second;
  }
  Result<std::string> DefaultRouteAddress() const override {
    if (default_route_address.empty()) return Status::NotFound("no default route");
    return default_route_address;
  }
  Status CheckTcpPortFree(const std::string& address, int port) const override {
    if (busy_ports.count(port) != 0) {
      return Status::FromErrno(EADDRINUSE, "bind " + address + ":" + std::to_string(port));
    }
    return Status::Ok();
  }
};

}  // namespace ki::preflight::testing
