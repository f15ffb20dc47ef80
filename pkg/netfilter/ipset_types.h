// The values the proxy's ipset work is made of: set types, the sets to create,
// the entries to add and delete, and what the kernel holds (as `ipset save`
// would print it). Entries are ipset's own entry text ("10.96.0.10,tcp:80",
// "30080"), in the form ipset prints them (see ipset_entry.h). Pure;
// thread-safe.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ki::netfilter {

// The set types upstream kube-proxy's IPVS mode uses.
enum class SetType { kHashIp, kHashIpPort, kHashIpPortIp, kHashIpPortNet, kBitmapPort };

// "hash:ip", "hash:ip,port", "hash:ip,port,ip", "hash:ip,port,net", "bitmap:port".
std::string_view SetTypeName(SetType type);
std::optional<SetType> ParseSetType(std::string_view name);

// ipset limits set names to 31 characters (IPSET_MAXNAMELEN 32 with the NUL).
inline constexpr size_t kMaxSetName = 31;

struct SetSpec {
  std::string name;
  SetType type = SetType::kHashIpPort;
  bool ipv6 = false;    // family inet6 (hash types); bitmap:port has no family
  std::string comment;  // what the set is for; the comment of the iptables rules matching it
};

struct SetDelta {
  std::string set;
  std::vector<std::string> add;  // entries to add (present ones are fine)
  std::vector<std::string> del;  // entries to delete (missing ones are fine)
  // The set's type and family as created: the kernel takes entries in binary
  // form, encoded by type (see ipset_messages.h). Default: hash:ip,port, IPv4.
  SetType type = SetType::kHashIpPort;
  bool ipv6 = false;
};

// One set as the kernel reports it, in the words of `ipset save`.
struct SavedSet {
  std::string type;               // "hash:ip,port"
  std::string family;             // "inet", "inet6"; empty for bitmap:port
  std::set<std::string> members;  // entry text as printed
  auto operator<=>(const SavedSet&) const = default;
};

}  // namespace ki::netfilter
