// `ipvsadm -L -c`: ipvsadm reads /proc/net/ip_vs_conn and reprints each line
// (list_conn / print_conn in ipvsadm.c). Addresses there are hex for IPv4
// connections and full colon form for IPv6; ports are hex.
#include <arpa/inet.h>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "pkg/ipvs/list_format.h"
#include "pkg/ipvs/list_util.h"

namespace ki::ipvs {
namespace {

using internal::Appendf;

// inet_pton as IPv6, then IPv4, else the kernel's hex IPv4 form.
IpAddress ParseProcAddr(const std::string& s) {
  auto parsed = IpAddress::Parse(s);
  if (parsed.ok()) return *parsed;
  return IpAddress::V4(static_cast<uint32_t>(std::strtoul(s.c_str(), nullptr, 16)));
}

uint16_t ProtoNumber(const std::string& p) {
  if (p == "TCP") return kProtoTcp;
  if (p == "UDP") return kProtoUdp;
  if (p == "SCTP") return kProtoSctp;
  return 0;
}

void ConnLine(std::string& out, const std::string& line, const ListFormat& f, NameResolver& names) {
  std::istringstream in(line);
  std::string proto, c, cp, v, vp, d, dp, state, pe_name, pe_data;
  long expires = 0;
  in >> proto >> c >> cp >> v >> vp >> d >> dp >> state >> expires;
  if (!in) return;
  const bool has_pe = static_cast<bool>(in >> pe_name >> pe_data);
  const uint16_t pr = ProtoNumber(proto);
  auto port = [](const std::string& h) {
    return static_cast<uint16_t>(std::strtoul(h.c_str(), nullptr, 16));
  };
  const std::string cn = internal::AddrPortName(ParseProcAddr(c), port(cp), pr, f.numeric, names);
  const std::string vn = internal::AddrPortName(ParseProcAddr(v), port(vp), pr, f.numeric, names);
  const std::string dn = internal::AddrPortName(ParseProcAddr(d), port(dp), pr, f.numeric, names);
  char expire[48];
  std::snprintf(expire, sizeof(expire), "%02ld:%02ld", expires / 60, expires % 60);
  if (f.persistent_conn && has_pe) {
    Appendf(out, "%-3s %-6s %-11s %-18s %-18s %-16s %-18s %s\n", proto.c_str(), expire,
            state.c_str(), cn.c_str(), vn.c_str(), dn.c_str(), pe_name.c_str(), pe_data.c_str());
  } else {
    Appendf(out, "%-3s %-6s %-11s %-18s %-18s %s\n", proto.c_str(), expire, state.c_str(),
            cn.c_str(), vn.c_str(), dn.c_str());
  }
}

}  // namespace

std::string FormatConnections(std::string_view proc_ip_vs_conn, const ListFormat& f,
                              NameResolver& names) {
  std::string out = "IPVS connection entries\n";
  if (f.persistent_conn) {
    Appendf(out, "pro expire %-11s %-18s %-18s %-18s %-16s %s\n", "state", "source", "virtual",
            "destination", "pe name", "pe_data");
  } else {
    Appendf(out, "pro expire %-11s %-18s %-18s %s\n", "state", "source", "virtual", "destination");
  }
  std::istringstream in{std::string(proc_ip_vs_conn)};
  std::string line;
  std::getline(in, line);  // the column header of the proc file
  while (std::getline(in, line)) ConnLine(out, line, f, names);
  return out;
}

}  // namespace ki::ipvs
