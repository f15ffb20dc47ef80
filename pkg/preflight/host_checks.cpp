// Host settings: root, ip_forward, the IPVS sysctls, the proxy's ports.
#include <algorithm>
#include <vector>

#include "pkg/base/bind_address.h"
#include "pkg/preflight/checks.h"

namespace ki::preflight {
namespace {

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

class PrivilegedUserCheck final : public Check {
 public:
  explicit PrivilegedUserCheck(const System& sys) : sys_(sys) {}
  std::string Name() const override { return "IsPrivilegedUser"; }
  std::string Title() const override { return "Running as root"; }
  std::vector<Finding> Run() override {
    uid_t uid = sys_.EffectiveUid();
    if (uid == 0) return {{Name(), CheckState::kOk, "running as root", "geteuid() = 0", ""}};
    return {{Name(), CheckState::kFailing, "user is not running as root",
             "geteuid() = " + std::to_string(uid), "run it as root (sudo)"}};
  }

 private:
  const System& sys_;
};

class IpForwardCheck final : public Check {
 public:
  explicit IpForwardCheck(const System& sys) : sys_(sys) {}
  std::string Name() const override { return "FileContent--proc-sys-net-ipv4-ip_forward"; }
  std::string Title() const override { return "IPv4 forwarding"; }
  std::vector<Finding> Run() override {
    const std::string path = "/proc/sys/net/ipv4/ip_forward";
    Result<std::string> v = sys_.ReadFile(path);
    std::string fix = "sysctl -w net.ipv4.ip_forward=1 (and keep it in /etc/sysctl.d/k8s.conf)";
    if (!v.ok()) return {{Name(), CheckState::kFailing, v.status().message(), path, fix}};
    if (Trim(*v) != "1") {
      return {{Name(), CheckState::kFailing, path + " contents are not set to 1", path, fix}};
    }
    return {{Name(), CheckState::kOk, "net.ipv4.ip_forward = 1", path, ""}};
  }

 private:
  const System& sys_;
};

class IpvsSysctlsCheck final : public Check {
 public:
  explicit IpvsSysctlsCheck(const System& sys) : sys_(sys) {}
  std::string Name() const override { return "IPVSSysctls"; }
  std::string Title() const override { return "IPVS sysctls"; }
  std::vector<Finding> Run() override {
    std::vector<std::string> values, missing;
    for (const char* name : {"conntrack", "expire_nodest_conn", "expire_quiescent_template"}) {
      Result<std::string> v = sys_.ReadFile(std::string("/proc/sys/net/ipv4/vs/") + name);
      if (v.ok()) {
        values.push_back(std::string("net.ipv4.vs.") + name + " = " + Trim(*v));
      } else {
        missing.push_back(std::string("net.ipv4.vs.") + name);
      }
    }
    std::string evidence = "/proc/sys/net/ipv4/vs/";
    if (missing.empty()) {
      std::string msg;
      for (const std::string& s : values) msg += (msg.empty() ? "" : ", ") + s;
      return {{Name(), CheckState::kOk, msg + " (the proxy sets what it needs)", evidence, ""}};
    }
    std::string msg;
    for (const std::string& s : missing) msg += (msg.empty() ? "" : ", ") + s;
    return {{Name(), CheckState::kWarning,
             msg + " not readable: they exist only while ip_vs is loaded", evidence,
             "see the IPVS kernel modules step: why ip_vs is not loaded, and the fix"}};
  }

 private:
  const System& sys_;
};

class PortCheck final : public Check {
 public:
  PortCheck(const System& sys, std::string what, std::string address, int port)
      : sys_(sys), what_(std::move(what)), address_(std::move(address)), port_(port) {}
  std::string Name() const override { return "Port-" + std::to_string(port_); }
  std::string Title() const override {
    return "Port " + std::to_string(port_) + " (" + what_ + ")";
  }
  std::vector<Finding> Run() override {
    std::string where = address_ + ":" + std::to_string(port_);
    Status st = sys_.CheckTcpPortFree(address_, port_);
    if (st.ok()) return {{Name(), CheckState::kOk, where + " is free", "bind()", ""}};
    std::string msg = st.sys_errno() == EADDRINUSE
                          ? "Port " + std::to_string(port_) + " is in use (another kube-proxy?)"
                          : st.message();
    return {{Name(), CheckState::kFailing, msg, "bind() " + where,
             "stop what listens there (`ss -ltnp 'sport = :" + std::to_string(port_) +
                 "'`) or set " + what_ + " to a free port"}};
  }

 private:
  const System& sys_;
  std::string what_;
  std::string address_;
  int port_;
};

class FileAvailableCheck final : public Check {
 public:
  FileAvailableCheck(const System& sys, std::string path) : sys_(sys), path_(std::move(path)) {}
  std::string Name() const override {
    std::string name = "FileAvailable-" + path_;
    std::replace(name.begin(), name.end(), '/', '-');
    return name;
  }
  std::string Title() const override { return "File " + path_ + " available"; }
  std::vector<Finding> Run() override {
    if (!sys_.PathExists(path_))
      return {{Name(), CheckState::kOk, path_ + " does not exist", "stat()", ""}};
    return {{Name(), CheckState::kFailing, path_ + " already exists", "stat()",
             "remove it, choose another --output-dir, or ignore with --ignore-preflight-errors=" +
                 Name()}};
  }

 private:
  const System& sys_;
  std::string path_;
};

}  // namespace

std::unique_ptr<Check> NewPrivilegedUserCheck(const System& system) {
  return std::make_unique<PrivilegedUserCheck>(system);
}
std::unique_ptr<Check> NewFileAvailableCheck(const System& system, std::string path) {
  return std::make_unique<FileAvailableCheck>(system, std::move(path));
}
std::unique_ptr<Check> NewIpForwardCheck(const System& system) {
  return std::make_unique<IpForwardCheck>(system);
}
std::unique_ptr<Check> NewIpvsSysctlsCheck(const System& system) {
  return std::make_unique<IpvsSysctlsCheck>(system);
}

std::unique_ptr<Check> NewPortCheck(const System& system, std::string what,
                                    const std::string& bind_address) {
  std::string address;
  int port = 0;
  if (!SplitBindAddress(bind_address, address, port) || port == 0) return nullptr;
  return std::make_unique<PortCheck>(system, std::move(what), address, port);
}

std::vector<std::unique_ptr<Check>> IpvsModeChecks(const ProxySettings& s, const System& system,
                                                   kmod::ModuleProbe& probe, ModuleAction action) {
  std::vector<std::unique_ptr<Check>> checks;
  checks.push_back(NewFeatureGateCheck(s));
  checks.push_back(NewProxyModeCheck(s));
  checks.push_back(NewIpvsModulesCheck(probe, s.scheduler, action));
  checks.push_back(NewIpsetCheck(system));
  checks.push_back(NewIptablesCheck(system));
  checks.push_back(NewConntrackCheck(system));
  checks.push_back(NewIpForwardCheck(system));
  checks.push_back(NewIpvsSysctlsCheck(system));
  for (auto [what, bind] : {std::pair{"healthzBindAddress", s.healthz_bind_address},
                            std::pair{"metricsBindAddress", s.metrics_bind_address}}) {
    if (auto c = NewPortCheck(system, what, bind)) checks.push_back(std::move(c));
  }
  checks.push_back(NewPrivilegedUserCheck(system));
  return checks;
}

}  // namespace ki::preflight
