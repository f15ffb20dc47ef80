// Formats follow ipvsadm 1.31 (ipvsadm.c: list_all, print_title,
// print_service_entry, print_largenum, addrport_to_anyname); the printf
// formats are kept as printf formats so widths match it exactly.
#include "pkg/ipvs/list_format.h"

#include "pkg/ipvs/list_util.h"

#include <array>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <string>

namespace ki::ipvs {

std::string internal::AddrPortName(const IpAddress& a, uint16_t port, uint16_t proto, bool numeric,
                                   NameResolver& names) {
  std::string host = numeric ? a.ToString() : names.HostName(a).value_or(a.ToString());
  std::string serv =
      numeric ? std::to_string(port) : names.PortName(port, proto).value_or(std::to_string(port));
  std::string s = a.family == kAfInet6 ? "[" + host + "]:" + serv : host + ":" + serv;
  if (s.size() > 59) s.resize(59);  // ipvsadm formats into a 60-byte buffer
  return s;
}

namespace {

using internal::Appendf;

using ull = unsigned long long;

void LargeNum(std::string& out, uint64_t v, const ListFormat& f) {
  const ull i = v;
  if (f.exact) {
    const int len = std::snprintf(nullptr, 0, "%llu", i);
    Appendf(out, "%*llu", len <= 8 ? 9 : len + 1, i);
  } else if (i < 100000000ULL) {
    Appendf(out, "%9llu", i);
  } else if (i < 1000000000ULL) {
    Appendf(out, "%8lluK", i / 1000);
  } else if (i < 100000000000ULL) {
    Appendf(out, "%8lluM", i / 1000000);
  } else if (i < 100000000000000ULL) {
    Appendf(out, "%8lluG", i / 1000000000ULL);
  } else {
    Appendf(out, "%8lluT", i / 1000000000000ULL);
  }
}

void Title(std::string& out, const ListFormat& f) {
  const char* prot = "Prot LocalAddress:Port";
  if (f.stats) {
    Appendf(out, "%-33s %8s %8s %8s %8s %8s\n  -> RemoteAddress:Port\n", prot, "Conns", "InPkts",
            "OutPkts", "InBytes", "OutBytes");
  } else if (f.rate) {
    Appendf(out, "%-33s %8s %8s %8s %8s %8s\n  -> RemoteAddress:Port\n", prot, "CPS", "InPPS",
            "OutPPS", "InBPS", "OutBPS");
  } else if (f.thresholds) {
    Appendf(out, "%-33s %-10s %-10s %-10s %-10s\n  -> RemoteAddress:Port\n", prot, "Uthreshold",
            "Lthreshold", "ActiveConn", "InActConn");
  } else if (f.persistent_conn) {
    Appendf(out, "%-33s %-9s %-11s %-10s %-10s\n  -> RemoteAddress:Port\n", prot, "Weight",
            "PersistConn", "ActiveConn", "InActConn");
  } else if (f.tun_info) {
    out +=
        "Prot LocalAddress:Port Scheduler Flags\n"
        "  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n";
  } else {
    out +=
        "Prot LocalAddress:Port Scheduler Flags\n"
        "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n";
  }
}

// As ipvsadm: for sh and mh only their named flags print (so "sh" with just
// SCHED3 shows as "sh ()"); other schedulers show flag-1..3.
std::string SchedFlags(const Service& s) {
  std::string flags;
  if (s.scheduler == "sh" || s.scheduler == "mh") {
    const std::string p = s.scheduler;
    if (s.flags & kFlagSched1) flags += p + "-fallback,";
    if (s.flags & kFlagSched2) flags += p + "-port,";
  } else {
    if (s.flags & kFlagSched1) flags += "flag-1,";
    if (s.flags & kFlagSched2) flags += "flag-2,";
    if (s.flags & kFlagSched3) flags += "flag-3,";
  }
  if (!flags.empty()) flags.pop_back();
  return flags;
}

std::string ServiceName(const Service& s, const ListFormat& f, NameResolver& names) {
  const ServiceKey& k = s.key;
  if (k.fwmark != 0) {
    std::string out;
    Appendf(out, k.af == kAfInet6 ? "FWM  %d IPv6" : "FWM  %d", static_cast<int>(k.fwmark));
    return out;
  }
  std::string out;
  const std::string proto(k.protocol == kProtoTcp    ? "TCP"
                          : k.protocol == kProtoUdp  ? "UDP"
                          : k.protocol == kProtoSctp ? "SCTP"
                                                     : "?");
  Appendf(out, "%-4s %s", proto.c_str(),
          internal::AddrPortName(k.addr, k.port, k.protocol, f.numeric, names).c_str());
  if (k.af != kAfInet6 && out.size() > 33) out.resize(33);
  return out;
}

void ServiceLine(std::string& out, const Service& s, const ListFormat& f, NameResolver& names) {
  const std::string name = ServiceName(s, f, names);
  const Stats& st = s.stats;
  if (f.stats || f.rate) {
    Appendf(out, "%-33s", name.c_str());
    const std::array<uint64_t, 5> vals =
        f.stats ? std::array<uint64_t, 5>{st.conns, st.inpkts, st.outpkts, st.inbytes, st.outbytes}
                : std::array<uint64_t, 5>{st.cps, st.inpps, st.outpps, st.inbps, st.outbps};
    for (uint64_t v : vals) {
      LargeNum(out, v, f);
    }
    out += "\n";
    return;
  }
  Appendf(out, "%s %s", name.c_str(), s.scheduler.c_str());
  if (s.flags & (kFlagSched1 | kFlagSched2 | kFlagSched3)) out += " (" + SchedFlags(s) + ")";
  if (s.flags & kFlagPersistent) {
    Appendf(out, " persistent %u", s.timeout);
    if (s.key.af == kAfInet && s.netmask != 0xffffffff) {
      IpAddress mask;
      std::memcpy(mask.bytes.data(), &s.netmask, 4);
      out += " mask " + mask.ToString();
    }
    if (s.key.af == kAfInet6 && s.netmask != 128) Appendf(out, " mask %i", s.netmask);
    if (!s.pe_name.empty()) out += " pe " + s.pe_name;
  }
  if (s.flags & kFlagOnePacket) out += " ops";
  out += "\n";
}

std::string TunInfo(const Destination& d) {
  static const char* kFlags[] = {"-c", "+c", "r+c"};  // ipvsadm's short names
  if (d.fwd != FwdMethod::kTunnel) return "n/a";
  const char* fl = d.tun_flags < 3 ? kFlags[d.tun_flags] : "?";
  std::string out;
  switch (d.tun_type) {
    case TunType::kIpip:
      return "ipip";
    case TunType::kGue:
      Appendf(out, "gue:%d:%s", d.tun_port, fl);
      return out.substr(0, 15);
    case TunType::kGre:
      Appendf(out, "gre:%s", fl);
      return out.substr(0, 15);
  }
  return "n/a";
}

void DestLine(std::string& out, const Service& s, const Destination& d, const ListFormat& f,
              NameResolver& names) {
  std::string dn = internal::AddrPortName(d.addr, d.port, s.key.protocol, f.numeric, names);
  if (d.addr.family != kAfInet6 && dn.size() > 28) dn.resize(28);
  const char* n = dn.c_str();
  const Stats& st = d.stats;
  if (f.stats) {
    Appendf(out, "  -> %-28s", n);
    for (uint64_t v : {st.conns, st.inpkts, st.outpkts, st.inbytes, st.outbytes}) {
      LargeNum(out, v, f);
    }
    out += "\n";
  } else if (f.rate) {
    Appendf(out, "  -> %-28s %8llu %8llu %8llu", n, ull{st.cps}, ull{st.inpps}, ull{st.outpps});
    LargeNum(out, st.inbps, f);
    LargeNum(out, st.outbps, f);
    out += "\n";
  } else if (f.thresholds) {
    Appendf(out, "  -> %-28s %-10u %-10u %-10u %-10u\n", n, d.u_threshold, d.l_threshold,
            d.active_conns, d.inactive_conns);
  } else if (f.persistent_conn) {
    Appendf(out, "  -> %-28s %-9u %-11u %-10u %-10u\n", n, d.weight, d.persist_conns,
            d.active_conns, d.inactive_conns);
  } else if (f.tun_info) {
    Appendf(out, "  -> %-28s %-7s %-13s %-6d %-10u %-10u\n", n,
            std::string(FwdMethodName(d.fwd)).c_str(), TunInfo(d).c_str(),
            static_cast<int>(d.weight), d.active_conns, d.inactive_conns);
  } else {
    Appendf(out, "  -> %-28s %-7s %-6d %-10u %-10u\n", n, std::string(FwdMethodName(d.fwd)).c_str(),
            static_cast<int>(d.weight), d.active_conns, d.inactive_conns);
  }
}

}  // namespace

std::string FormatList(const Info& info, std::vector<TableEntry> table, const ListFormat& f,
                       NameResolver& names) {
  std::string out;
  Appendf(out, "IP Virtual Server version %u.%u.%u (size=%d)\n", (info.version >> 16) & 0xff,
          (info.version >> 8) & 0xff, info.version & 0xff, static_cast<int>(info.conn_table_size));
  if (!f.nosort) SortLikeIpvsadm(table);
  Title(out, f);
  for (const TableEntry& e : table) {
    ServiceLine(out, e.service, f, names);
    for (const Destination& d : e.dests) DestLine(out, e.service, d, f, names);
  }
  return out;
}

}  // namespace ki::ipvs
