#include "pkg/netfilter/ipset_errors.h"

#include <linux/netfilter/ipset/ip_set.h>
#include <linux/netfilter/ipset/ip_set_bitmap.h>
#include <linux/netfilter/ipset/ip_set_hash.h>

#include <cerrno>
#include <cstring>
#include <optional>

namespace ki::netfilter::ipsetmsg {
namespace {

struct Text {
  int err;
  std::optional<Cmd> cmd;  // only for this command; any when absent
  const char* text;
};

constexpr Text kCore[] = {
    {ENOENT, std::nullopt, "The set with the given name does not exist"},
    {EMSGSIZE, std::nullopt, "Kernel error received: message could not be created"},
    {IPSET_ERR_PROTOCOL, std::nullopt, "Kernel error received: ipset protocol error"},
    {EEXIST, Cmd::kCreate, "Set cannot be created: set with the same name already exists"},
    {IPSET_ERR_FIND_TYPE, std::nullopt, "Kernel error received: set type not supported"},
    {IPSET_ERR_MAX_SETS, std::nullopt,
     "Kernel error received: maximal number of sets reached, cannot create more."},
    {IPSET_ERR_INVALID_NETMASK, std::nullopt, "The value of the netmask parameter is invalid"},
    {IPSET_ERR_INVALID_FAMILY, std::nullopt, "Protocol family not supported by the set type"},
    {IPSET_ERR_BUSY, Cmd::kDestroy, "Set cannot be destroyed: it is in use by a kernel component"},
    {IPSET_ERR_INVALID_CIDR, std::nullopt,
     "The value of the CIDR parameter of the IP address is invalid"},
    {IPSET_ERR_TIMEOUT, std::nullopt,
     "Timeout cannot be used: set was created without timeout support"},
    {IPSET_ERR_IPADDR_IPV4, std::nullopt, "An IPv4 address is expected, but not received"},
    {IPSET_ERR_IPADDR_IPV6, std::nullopt, "An IPv6 address is expected, but not received"},
    {IPSET_ERR_EXIST, Cmd::kAdd, "Element cannot be added to the set: it's already added"},
    {IPSET_ERR_EXIST, Cmd::kDel, "Element cannot be deleted from the set: it's not added"},
};

constexpr Text kHash[] = {
    {IPSET_ERR_HASH_FULL, std::nullopt, "Hash is full, cannot add more elements"},
    {IPSET_ERR_HASH_ELEM, std::nullopt,
     "Null-valued element, cannot be stored in a hash type of set"},
    {IPSET_ERR_INVALID_PROTO, std::nullopt, "Invalid protocol specified"},
    {IPSET_ERR_MISSING_PROTO, std::nullopt, "Protocol missing, but must be specified"},
    {IPSET_ERR_HASH_RANGE_UNSUPPORTED, std::nullopt,
     "Range is not supported in the \"net\" component of the element"},
    {IPSET_ERR_HASH_RANGE, std::nullopt, "Invalid range, covers the whole address space"},
};

constexpr Text kBitmap[] = {
    {IPSET_ERR_BITMAP_RANGE, std::nullopt, "Element is out of the range of the set"},
    {IPSET_ERR_BITMAP_RANGE_SIZE, std::nullopt,
     "The range you specified exceeds the size limit of the set type"},
};

// A command's own text first, then one for any command (as ipset looks them up).
template <size_t N>
const char* Find(const Text (&table)[N], int err, Cmd cmd) {
  const char* any = nullptr;
  for (const Text& t : table) {
    if (t.err != err) continue;
    if (t.cmd == cmd) return t.text;
    if (!t.cmd && any == nullptr) any = t.text;
  }
  return any;
}

}  // namespace

std::string ErrorText(int err, Cmd cmd, SetType type) {
  const char* text = nullptr;
  if (err >= IPSET_ERR_TYPE_SPECIFIC) {
    text = type == SetType::kBitmapPort ? Find(kBitmap, err, cmd) : Find(kHash, err, cmd);
  }
  if (text == nullptr) text = Find(kCore, err, cmd);
  if (text != nullptr) return text;
  if (err < IPSET_ERR_PRIVATE) return std::string("Kernel error received: ") + std::strerror(err);
  return "Undecoded error " + std::to_string(err) + " received from kernel";
}

}  // namespace ki::netfilter::ipsetmsg
