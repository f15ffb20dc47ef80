// `ipvs list -o json`: the table as JSON for machines. Field names follow the
// netlink attribute names; addresses numeric; counters as numbers.
#include <string>

#include "pkg/ipvs/list_format.h"

namespace ki::ipvs {
namespace {

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string Field(std::string_view name, uint64_t v) {
  return Quote(name) + ": " + std::to_string(v);
}

std::string StatsJson(const Stats& s) {
  return "{" + Field("conns", s.conns) + ", " + Field("inPkts", s.inpkts) + ", " +
         Field("outPkts", s.outpkts) + ", " + Field("inBytes", s.inbytes) + ", " +
         Field("outBytes", s.outbytes) + ", " + Field("cps", s.cps) + ", " +
         Field("inPps", s.inpps) + ", " + Field("outPps", s.outpps) + ", " +
         Field("inBps", s.inbps) + ", " + Field("outBps", s.outbps) + "}";
}

std::string FwdJson(FwdMethod f) {
  switch (f) {
    case FwdMethod::kMasq:
      return "masq";
    case FwdMethod::kLocal:
      return "local";
    case FwdMethod::kTunnel:
      return "tunnel";
    case FwdMethod::kRoute:
      return "route";
  }
  return "unknown";
}

std::string DestJson(const Destination& d) {
  std::string out = "        {\"address\": " + Quote(d.addr.ToString()) + ", " +
                    Field("port", d.port) + ", \"forward\": " + Quote(FwdJson(d.fwd)) + ", " +
                    Field("weight", d.weight) + ", " + Field("upperThreshold", d.u_threshold) +
                    ", " + Field("lowerThreshold", d.l_threshold) + ", ";
  if (d.fwd == FwdMethod::kTunnel) {
    out += Field("tunType", static_cast<uint64_t>(d.tun_type)) + ", " +
           Field("tunPort", d.tun_port) + ", " + Field("tunFlags", d.tun_flags) + ", ";
  }
  out += Field("activeConns", d.active_conns) + ", " + Field("inactiveConns", d.inactive_conns) +
         ", " + Field("persistentConns", d.persist_conns) + ", \"stats\": " + StatsJson(d.stats) +
         "}";
  return out;
}

std::string ServiceJson(const TableEntry& e) {
  const Service& s = e.service;
  std::string out = "    {";
  out += "\"family\": " + Quote(s.key.af == kAfInet6 ? "ipv6" : "ipv4") + ", ";
  if (s.key.fwmark != 0) {
    out += Field("fwmark", s.key.fwmark) + ", ";
  } else {
    out += "\"protocol\": " + Quote(ProtocolName(s.key.protocol)) +
           ", \"address\": " + Quote(s.key.addr.ToString()) + ", " + Field("port", s.key.port) +
           ", ";
  }
  out += "\"scheduler\": " + Quote(s.scheduler) + ", " + Field("flags", s.flags & ~kFlagHashed) +
         ", \"persistent\": " + ((s.flags & kFlagPersistent) ? "true" : "false") + ", " +
         Field("timeout", s.timeout) + ", " + Field("netmask", s.netmask) + ", ";
  if (!s.pe_name.empty()) out += "\"pe\": " + Quote(s.pe_name) + ", ";
  out += "\"stats\": " + StatsJson(s.stats) + ",\n      \"destinations\": [";
  for (size_t i = 0; i < e.dests.size(); ++i) {
    out += (i ? ",\n" : "\n") + DestJson(e.dests[i]);
  }
  out += e.dests.empty() ? "]}" : "\n      ]}";
  return out;
}

}  // namespace

std::string FormatJson(const Info& info, const std::vector<TableEntry>& table) {
  std::vector<TableEntry> sorted = table;
  SortLikeIpvsadm(sorted);
  std::string out = "{\n  \"version\": " +
                    Quote(std::to_string((info.version >> 16) & 0xff) + "." +
                          std::to_string((info.version >> 8) & 0xff) + "." +
                          std::to_string(info.version & 0xff)) +
                    ",\n  \"connTableSize\": " + std::to_string(info.conn_table_size) +
                    ",\n  \"services\": [";
  for (size_t i = 0; i < sorted.size(); ++i) out += (i ? ",\n" : "\n") + ServiceJson(sorted[i]);
  out += sorted.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

}  // namespace ki::ipvs
