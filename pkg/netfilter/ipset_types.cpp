#include "pkg/netfilter/ipset_types.h"

#include <array>
#include <utility>

namespace ki::netfilter {
namespace {

constexpr std::array<std::pair<SetType, std::string_view>, 5> kTypeNames = {{
    {SetType::kHashIp, "hash:ip"},
    {SetType::kHashIpPort, "hash:ip,port"},
    {SetType::kHashIpPortIp, "hash:ip,port,ip"},
    {SetType::kHashIpPortNet, "hash:ip,port,net"},
    {SetType::kBitmapPort, "bitmap:port"},
}};

}  // namespace

std::string_view SetTypeName(SetType type) {
  for (const auto& [t, name] : kTypeNames) {
    if (t == type) return name;
  }
  return "";
}

std::optional<SetType> ParseSetType(std::string_view name) {
  for (const auto& [t, n] : kTypeNames) {
    if (n == name) return t;
  }
  return std::nullopt;
}

}  // namespace ki::netfilter
