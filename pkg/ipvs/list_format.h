// `ipvsadm -L` compatible text for an IPVS table, byte for byte: the header,
// titles and columns of ipvsadm 1.31's list modes (-n, --stats, --rate,
// --exact, --thresholds, --persistent-conn, --tun-info), its sort order, and
// the connection listing of -c from /proc/net/ip_vs_conn. Plus a JSON form.
// Pure: name lookups go through the NameResolver passed in. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pkg/ipvs/types.h"

namespace ki::ipvs {

struct ListFormat {
  bool numeric = false;          // -n: no name lookups
  bool stats = false;            // --stats
  bool rate = false;             // --rate
  bool exact = false;            // --exact: no K/M/G/T abbreviation
  bool thresholds = false;       // --thresholds
  bool persistent_conn = false;  // --persistent-conn
  bool tun_info = false;         // --tun-info
  bool nosort = false;           // --nosort: kernel order
};

// Reverse lookups for the output without -n. Implementations may be slow
// (DNS); the formatter calls them once per printed address or port.
class NameResolver {
 public:
  virtual ~NameResolver() = default;
  virtual std::optional<std::string> HostName(const IpAddress& addr) = 0;
  // `protocol` is kProtoTcp/Udp/Sctp, or 0 (fwmark services: never named).
  virtual std::optional<std::string> PortName(uint16_t port, uint16_t protocol) = 0;
};

struct TableEntry {
  Service service;
  std::vector<Destination> dests;
};

// The whole `ipvsadm -L` text. Sorts like ipvsadm (unless nosort).
std::string FormatList(const Info& info, std::vector<TableEntry> table, const ListFormat& f,
                       NameResolver& names);

// `ipvsadm -L -c` text from the contents of /proc/net/ip_vs_conn.
std::string FormatConnections(std::string_view proc_ip_vs_conn, const ListFormat& f,
                              NameResolver& names);

// Machine-readable form of the table (`-o json`), addresses always numeric.
std::string FormatJson(const Info& info, const std::vector<TableEntry>& table);

// ipvsadm's order of services and of destinations (exposed for tests).
void SortLikeIpvsadm(std::vector<TableEntry>& table);

}  // namespace ki::ipvs
