#include "pkg/netfilter/sysctl.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "pkg/base/fd.h"

namespace ki::netfilter {
namespace {

constexpr kmod::KernelVersion kConnReuseModeMin{4, 1, 0};
constexpr kmod::KernelVersion kConnReuseModeFixed{5, 9, 0};

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

// The value now, or the errno of reading it.
int ReadValue(const std::string& file, std::string& value) {
  UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return errno;
  char buf[256];
  ssize_t n = 0;
  while ((n = ::read(fd.get(), buf, sizeof(buf))) < 0 && errno == EINTR) {
  }
  if (n < 0) return errno;
  value = Trim(std::string(buf, static_cast<size_t>(n)));
  return 0;
}

int WriteValue(const std::string& file, const std::string& value) {
  UniqueFd fd(::open(file.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC));
  if (fd.get() < 0) return errno;
  ssize_t n = 0;
  while ((n = ::write(fd.get(), value.data(), value.size())) < 0 && errno == EINTR) {
  }
  if (n < 0) return errno;
  return fd.Close() == 0 ? 0 : errno;
}

std::string Hint(const SysctlSetting& s, int err) {
  const std::string command = "sysctl -w " + SysctlName(s.path) + "=" + s.value;
  switch (err) {
    case EROFS:
      return " (/proc/sys is read-only here, as in an unprivileged container: run the proxy "
             "privileged, or set it on the host: " +
             command + ")";
    case EACCES:
    case EPERM:
      return " (needs root with CAP_NET_ADMIN, or set it on the host: " + command + ")";
    case ENOENT:
      return s.path.starts_with("net/ipv4/vs/")
                 ? " (it exists only while ip_vs is loaded; `kubeadm-ipvs preflight` says why "
                   "it is not)"
                 : " (this kernel does not have it)";
    default:
      return "";
  }
}

// "sysctl net.ipv4.vs.conntrack=1: write /proc/sys/net/ipv4/vs/conntrack (hint):
// Read-only file system" — the hint sits in the context, as elsewhere here.
Status Failed(const SysctlSetting& s, const std::string& file, int err, const char* op) {
  return Status::FromErrno(
      err, "sysctl " + SysctlName(s.path) + "=" + s.value + ": " + op + " " + file + Hint(s, err));
}

}  // namespace

std::vector<SysctlSetting> RequiredSysctls(kmod::KernelVersion kernel, bool strict_arp) {
  std::vector<SysctlSetting> s = {{"net/ipv4/vs/conntrack", "1"}};
  if (kernel >= kConnReuseModeMin && kernel < kConnReuseModeFixed) {
    s.push_back({"net/ipv4/vs/conn_reuse_mode", "0"});
  }
  s.push_back({"net/ipv4/vs/expire_nodest_conn", "1"});
  s.push_back({"net/ipv4/vs/expire_quiescent_template", "1"});
  s.push_back({"net/ipv4/ip_forward", "1"});
  if (strict_arp) {
    s.push_back({"net/ipv4/conf/all/arp_ignore", "1"});
    s.push_back({"net/ipv4/conf/all/arp_announce", "2"});
  }
  return s;
}

std::string SysctlName(const std::string& path) {
  std::string name = path;
  std::replace(name.begin(), name.end(), '/', '.');
  return name;
}

Result<std::vector<std::string>> ApplySysctls(const std::vector<SysctlSetting>& settings,
                                              const std::string& root) {
  std::vector<std::string> changed;
  for (const SysctlSetting& s : settings) {
    const std::string file = root + "/" + s.path;
    std::string now;
    if (int err = ReadValue(file, now); err != 0) return Failed(s, file, err, "read");
    if (now == s.value) continue;
    if (int err = WriteValue(file, s.value); err != 0) return Failed(s, file, err, "write");
    changed.push_back(s.path);
  }
  return changed;
}

}  // namespace ki::netfilter
