// The kernel's ipset protocol (nfnetlink subsystem NFNL_SUBSYS_IPSET, the one
// the ipset tool speaks, include/uapi/linux/netfilter/ipset/ip_set.h): a
// builder per request and a parser per reply, over pkg/netlink/wire.h. Every
// request is an nlmsghdr of type (NFNL_SUBSYS_IPSET << 8 | command), an
// nfgenmsg, then IPSET_ATTR_PROTOCOL first and the command's attributes.
// What the kernel checks (net/netfilter/ipset/ip_set_core.c and the types):
//   - DATA, ADT and every address (IP, IP2) carry NLA_F_NESTED;
//   - ports, u32 create options and line numbers are big-endian and carry
//     NLA_F_NET_BYTEORDER, and so do the addresses inside IP/IP2;
//   - without NLM_F_EXCL the kernel applies -exist (create of an identical
//     set, add of a present entry and del of a missing one succeed);
//   - ADD/DEL take many entries as IPSET_ATTR_ADT nesting one DATA each, with
//     a command-level LINENO; the kernel stops at the first entry that fails
//     and answers with the failing entry's LINENO.
// Byte for byte as ipset 7.17 sends them (tests/unit/netfilter/
// ipset_messages_test.cpp holds captures), except that padding is zeroed.
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pkg/base/status.h"
#include "pkg/netfilter/ipset_entry.h"
#include "pkg/netfilter/ipset_types.h"
#include "pkg/netlink/wire.h"

namespace ki::netfilter::ipsetmsg {

inline constexpr uint8_t kProtocol = 7;     // IPSET_PROTOCOL: what this code speaks
inline constexpr uint8_t kProtocolMin = 6;  // IPSET_PROTOCOL_MIN: the oldest it accepts

// The commands used here (enum ipset_cmd).
enum class Cmd : uint8_t {
  kProtocol = 1,
  kCreate = 2,
  kDestroy = 3,
  kList = 7,
  kAdd = 9,
  kDel = 10,
  kHeader = 12,
  kType = 13,
};

// What every request starts with: its sequence number and the protocol
// version agreed with the kernel (ParseProtocol).
struct Frame {
  uint32_t seq = 0;
  uint8_t protocol = kProtocol;
};

// The kernel's protocol range; answered with a reply and an acknowledgement.
void AppendProtocol(std::vector<uint8_t>& out, const Frame& f);
// The revisions the kernel has of a set type (loading its module if needed).
void AppendType(std::vector<uint8_t>& out, const Frame& f, SetType type, bool ipv6);
// A set's type and family, by name.
void AppendHeader(std::vector<uint8_t>& out, const Frame& f, std::string_view name);
// create NAME TYPE [family inet|inet6 hashsize 1024 maxelem 65536 | range 0-65535],
// the options upstream kube-proxy creates with (see RenderIpsetRestore), -exist.
void AppendCreate(std::vector<uint8_t>& out, const Frame& f, const SetSpec& spec, uint8_t revision);
// destroy NAME; the set must exist (NLM_F_EXCL).
void AppendDestroy(std::vector<uint8_t>& out, const Frame& f, std::string_view name);
// A dump of one set (of every set when name is empty), as `ipset save`.
void AppendList(std::vector<uint8_t>& out, const Frame& f, std::string_view name);

enum class Adt : uint8_t { kAdd, kDel };

// Entries of one set for one ADD or DEL, -exist.
struct EntryBatch {
  Adt adt = Adt::kAdd;
  std::string_view set;
  SetType type = SetType::kHashIpPort;
  bool ipv6 = false;
  std::span<const EntryValue> entries;
  uint32_t first_line = 1;  // LINENO of entries[0], then one more per entry
};
void AppendEntries(std::vector<uint8_t>& out, const Frame& f, const EntryBatch& batch);

// What one entry adds to an AppendEntries message, to size batches (the ADT
// attribute must stay under 64 KiB: its length is 16 bits).
size_t EntryBytes(SetType type, bool ipv6);

struct Range {
  uint8_t min = 0;
  uint8_t max = 0;
};
// The reply to AppendProtocol: the kernel's protocol versions.
Result<Range> ParseProtocol(const netlink::wire::Message& m);
// The reply to AppendType: the kernel's revisions of the type.
Result<Range> ParseType(const netlink::wire::Message& m);

// The revision to create a set of `type` with, as the ipset tool picks it:
// the highest both the kernel and ipset 7.17 know. A newer one would make
// `ipset save` on the node fail ("revision not supported by userspace"); an
// older one prints differently (bucketsize and initval exist only in the
// kernel's newest revision of each hash type).
Result<uint8_t> ChooseRevision(SetType type, const Range& kernel);

// The reply to AppendHeader, in `ipset save`'s words.
struct SetHeader {
  std::string name;
  std::string type;    // "hash:ip"
  std::string family;  // "inet", "inet6", "" (bitmap:port)
};
Result<SetHeader> ParseHeader(const netlink::wire::Message& m);

// Assembles the replies of AppendList: one set per message, a big set's
// members continued in further messages that carry only its name and
// entries. Members of the proxy's five types are decoded into ipset's text
// (FormatEntry); other types keep their name, type and family only.
class DumpReader {
 public:
  // One message of the dump; an error for a malformed or truncated one.
  Status Add(const netlink::wire::Message& m);
  std::map<std::string, SavedSet>& sets() { return sets_; }

 private:
  Status AddMembers(const std::string& name, std::span<const uint8_t> adt);

  std::map<std::string, SavedSet> sets_;
};

}  // namespace ki::netfilter::ipsetmsg
