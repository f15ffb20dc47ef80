#include "pkg/netfilter/text_lines.h"

#include <charconv>

namespace ki::netfilter {

std::string_view SplitOff(std::string_view& text, char separator) {
  const size_t end = text.find(separator);
  const std::string_view line = text.substr(0, end);
  text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  return line;
}

std::string QuoteFailingLine(std::string_view message, std::string_view marker,
                             std::string_view script) {
  for (size_t at = message.find(marker); at != std::string_view::npos;
       at = message.find(marker, at + 1)) {
    std::string_view digits = message.substr(at + marker.size());
    size_t n = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec != std::errc() || n == 0) continue;
    size_t start = 0;
    for (size_t i = 1; i < n && start != std::string_view::npos; ++i) {
      start = script.find('\n', start);
      if (start != std::string_view::npos) ++start;
    }
    if (start == std::string_view::npos || start >= script.size()) return "";
    std::string_view line = script.substr(start, script.find('\n', start) - start);
    return " [line " + std::to_string(n) + ": " + std::string(line) + "]";
  }
  return "";
}

}  // namespace ki::netfilter
