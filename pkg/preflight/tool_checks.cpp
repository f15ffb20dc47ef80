// The user-space tools IPVS mode needs (iptables, conntrack), and ipset >= 6.0,
// which the proxy no longer runs (it writes its sets over netlink) but which is
// how an operator reads them: its absence is a warning.
#include <regex>

#include "pkg/preflight/checks.h"

namespace ki::preflight {
namespace {

std::string FirstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

class IpsetCheck final : public Check {
 public:
  explicit IpsetCheck(const System& sys) : sys_(sys) {}
  std::string Name() const override { return "IPSetVersion"; }
  std::string Title() const override { return "ipset >= 6.0"; }
  std::vector<Finding> Run() override {
    Finding f{Name(), CheckState::kWarning, "", "PATH", "apt-get install ipset"};
    std::optional<std::string> path = sys_.FindExecutable("ipset");
    if (!path) {
      f.message =
          "ipset not found: the proxy does not need it (it writes its sets over netlink), but "
          "`ipset list` is how to read them";
      return {f};
    }
    f.evidence = *path + " --version";
    Result<CommandResult> r = sys_.Run({*path, "--version"});
    static const std::regex kVersion("v([0-9]+)\\.([0-9]+)");
    std::smatch m;
    std::string out = r.ok() ? r->output : "";
    if (!r.ok() || !std::regex_search(out, m, kVersion)) {
      f.message = "cannot tell the ipset version: " +
                  (r.ok() ? "\"" + FirstLine(out) + "\"" : r.status().message());
      return {f};
    }
    if (std::stoi(m[1]) < 6) {
      f.message = "ipset " + m[0].str() + " is older than 6.0";
      f.fix = "install ipset 6.0 or newer";
      return {f};
    }
    return {{Name(), CheckState::kOk, FirstLine(out), f.evidence, ""}};
  }

 private:
  const System& sys_;
};

class IptablesCheck final : public Check {
 public:
  explicit IptablesCheck(const System& sys) : sys_(sys) {}
  std::string Name() const override { return "FileExisting-iptables"; }
  std::string Title() const override { return "iptables (nft or legacy)"; }
  std::vector<Finding> Run() override {
    std::optional<std::string> path = sys_.FindExecutable("iptables");
    if (!path) {
      std::string nft = sys_.FindExecutable("nft") ? " (nft is there, but the proxy's rules are "
                                                     "written with iptables-restore)"
                                                   : "";
      return {{Name(), CheckState::kFailing, "iptables not found" + nft, "PATH",
               "apt-get install iptables"}};
    }
    Result<CommandResult> r = sys_.Run({*path, "--version"});
    std::string version = r.ok() ? FirstLine(r->output) : r.status().message();
    return {{Name(), CheckState::kOk, version, *path + " --version", ""}};
  }

 private:
  const System& sys_;
};

class ConntrackCheck final : public Check {
 public:
  explicit ConntrackCheck(const System& sys) : sys_(sys) {}
  std::string Name() const override { return "FileExisting-conntrack"; }
  std::string Title() const override { return "conntrack"; }
  std::vector<Finding> Run() override {
    std::optional<std::string> path = sys_.FindExecutable("conntrack");
    if (!path) {
      return {{Name(), CheckState::kFailing,
               "conntrack not found; the proxy clears stale UDP flows with it", "PATH",
               "apt-get install conntrack"}};
    }
    return {{Name(), CheckState::kOk, "conntrack found", *path, ""}};
  }

 private:
  const System& sys_;
};

}  // namespace

std::unique_ptr<Check> NewIpsetCheck(const System& system) {
  return std::make_unique<IpsetCheck>(system);
}
std::unique_ptr<Check> NewIptablesCheck(const System& system) {
  return std::make_unique<IptablesCheck>(system);
}
std::unique_ptr<Check> NewConntrackCheck(const System& system) {
  return std::make_unique<ConntrackCheck>(system);
}

}  // namespace ki::preflight
