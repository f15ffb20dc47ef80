// A module tree made for a test: real .ko files copied from the Debian kernel
// package installed on the build machine (scripts/install-deps installs it for
// the VM node), a modules.builtin of the test's choosing, depmod run over it,
// plus a /proc/modules and kernel config of its own. KmodProbe pointed at it
// sees exactly that kernel.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "pkg/kmod/kmod_probe.h"

namespace ki::kmod::testing {

namespace fs = std::filesystem;

// The installed Debian kernel's module tree that has IPVS, or "".
inline std::string HostTreeWithIpvs() {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/lib/modules", ec)) {
    if (fs::exists(entry.path() / "kernel/net/netfilter/ipvs/ip_vs.ko")) return entry.path();
  }
  return "";
}

inline std::string RunCommand(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  size_t n = 0;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

class PreparedTree {
 public:
  explicit PreparedTree(std::string release) : release_(std::move(release)) {
    base_ = fs::temp_directory_path() / ("ki-kmod-" + release_ + "-" + std::to_string(::getpid()) +
                                         "-" + std::to_string(counter_++));
    fs::create_directories(Dir());
    Write(Dir() / "modules.builtin", "");
    Write(base_ / "proc_modules", "");
  }
  ~PreparedTree() {
    std::error_code ec;
    fs::remove_all(base_, ec);
  }
  PreparedTree(const PreparedTree&) = delete;
  PreparedTree& operator=(const PreparedTree&) = delete;

  fs::path Dir() const { return base_ / "lib/modules" / release_; }

  // Copies name's .ko and those of its dependencies from the host's tree.
  void AddModule(const std::string& name) {
    std::string host = HostTreeWithIpvs();
    std::string release = fs::path(host).filename();
    std::istringstream lines(
        RunCommand("modprobe -S " + release + " --show-depends " + name + " 2>/dev/null"));
    std::string word, path;
    while (lines >> word >> path) {
      if (word != "insmod") continue;
      fs::path rel = fs::relative(path, host);
      fs::create_directories((Dir() / rel).parent_path());
      fs::copy_file(path, Dir() / rel, fs::copy_options::overwrite_existing);
    }
  }
  void AddBuiltin(const std::string& relative_path) {
    Append(Dir() / "modules.builtin", relative_path + "\n");
  }
  void SetLoaded(const std::string& name, const std::string& state) {
    Append(base_ / "proc_modules", name + " 16384 0 - " + state + " 0x0000000000000000\n");
  }
  void SetConfig(const std::string& text) { Write(base_ / "config", text); }
  void RemoveProcModules() { fs::remove(base_ / "proc_modules"); }
  void RemoveTree() { fs::remove_all(base_ / "lib"); }

  // depmod writes modules.dep(.bin) and modules.builtin.bin.
  void Depmod() {
    std::string cmd = "depmod -b " + base_.string() + " " + release_ + " 2>&1";
    std::string out = RunCommand(cmd);
    ASSERT_TRUE(fs::exists(Dir() / "modules.dep.bin")) << cmd << ": " << out;
  }

  KmodOptions Options() const {
    KmodOptions o;
    o.release = release_;
    o.modules_root = (base_ / "lib/modules").string();
    o.proc_modules = (base_ / "proc_modules").string();
    o.kernel_configs = {(base_ / "config").string()};
    return o;
  }

 private:
  static void Write(const fs::path& p, const std::string& s) { std::ofstream(p) << s; }
  static void Append(const fs::path& p, const std::string& s) {
    std::ofstream(p, std::ios::app) << s;
  }

  std::string release_;
  fs::path base_;
  static inline int counter_ = 0;
};

}  // namespace ki::kmod::testing
