#include "pkg/kmod/kernel_modules.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <sstream>

namespace ki::kmod {
namespace {

// Reads the leading decimal number of s, advancing it; -1 if there is none.
int TakeNumber(std::string_view& s) {
  int value = -1;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc()) return -1;
  s.remove_prefix(static_cast<size_t>(end - s.data()));
  return value;
}

}  // namespace

Result<KernelVersion> ParseKernelRelease(std::string_view release) {
  std::string_view s = release;
  KernelVersion v;
  v.major = TakeNumber(s);
  if (v.major < 0 || s.empty() || s.front() != '.') {
    return Status::InvalidConfig("unrecognized kernel release \"" + std::string(release) + "\"");
  }
  s.remove_prefix(1);
  v.minor = TakeNumber(s);
  if (v.minor < 0) {
    return Status::InvalidConfig("unrecognized kernel release \"" + std::string(release) + "\"");
  }
  if (!s.empty() && s.front() == '.') {
    s.remove_prefix(1);
    v.patch = std::max(0, TakeNumber(s));
  }
  return v;
}

std::vector<std::string> RequiredIpvsModules(KernelVersion kernel, std::string_view scheduler) {
  std::vector<std::string> modules = {"ip_vs", "ip_vs_rr", "ip_vs_wrr", "ip_vs_sh"};
  modules.emplace_back(kernel < KernelVersion{4, 19, 0} ? "nf_conntrack_ipv4" : "nf_conntrack");
  std::string sched = "ip_vs_" + std::string(scheduler.empty() ? "rr" : scheduler);
  if (std::find(modules.begin(), modules.end(), sched) == modules.end()) {
    modules.push_back(sched);
  }
  return modules;
}

std::string ConfigSymbolFor(std::string_view module) {
  std::string symbol = "CONFIG_";
  for (char c : module) {
    symbol += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return symbol;
}

std::map<std::string, std::string> ParseKernelConfig(std::string_view text) {
  std::map<std::string, std::string> config;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("CONFIG_", 0) != 0) continue;
    size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    config[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return config;
}

std::map<std::string, std::string> ParseProcModules(std::string_view text) {
  std::map<std::string, std::string> modules;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string name, size, refs, holders, state;
    if (fields >> name >> size >> refs >> holders >> state) modules[name] = state;
  }
  return modules;
}

}  // namespace ki::kmod
