#include "pkg/base/bind_address.h"

#include <charconv>

namespace ki {

bool SplitBindAddress(std::string_view bind, std::string& host, int& port) {
  size_t colon = bind.rfind(':');
  if (colon == std::string_view::npos) return false;
  std::string_view h = bind.substr(0, colon);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  std::string_view p = bind.substr(colon + 1);
  int value = -1;
  auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
  if (p.empty() || ec != std::errc() || end != p.data() + p.size()) return false;
  if (value < 0 || value > 65535) return false;
  host = std::string(h);
  port = value;
  return true;
}

}  // namespace ki
