#include "pkg/base/quote.h"

#include <cstdio>

namespace ki {
namespace {

constexpr size_t kMaxPathBytes = 256;

// Length of the valid UTF-8 sequence starting at s[i] (2-4), or 0.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return n;
}

// The escaped form of the character at s[i], and how many bytes it spans.
std::string EscapeOne(std::string_view s, size_t i, size_t& span) {
  auto c = static_cast<unsigned char>(s[i]);
  span = 1;
  if (c == '"' || c == '\\') return std::string{'\\', static_cast<char>(c)};
  if (c == '\n') return "\\n";
  if (c == '\t') return "\\t";
  if (c >= 0x20 && c < 0x7F) return std::string(1, static_cast<char>(c));
  if (size_t n = c >= 0x80 ? Utf8SequenceLength(s, i) : 0; n > 0) {
    span = n;
    return std::string(s.substr(i, n));
  }
  char buf[5];
  std::snprintf(buf, sizeof(buf), "\\x%02x", c);
  return buf;
}

// Appends whole escaped characters while they fit in max_out bytes; returns
// false when something was left out.
bool AppendEscaped(std::string& out, std::string_view s, size_t max_out) {
  for (size_t i = 0; i < s.size();) {
    size_t span = 1;
    std::string piece = EscapeOne(s, i, span);
    if (out.size() + piece.size() > max_out) return false;
    out += piece;
    i += span;
  }
  return true;
}

bool PrintsCleanly(std::string_view s) {
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F || c == '"') return false;
  }
  return !s.empty();
}

}  // namespace

std::string EscapeBytes(std::string_view value) {
  std::string out;
  AppendEscaped(out, value, std::string::npos);
  return out;
}

std::string Quote(std::string_view value, size_t max_bytes) {
  std::string out = "\"";
  if (AppendEscaped(out, value, max_bytes + 1)) return out + "\"";
  return out + "...\" (" + std::to_string(value.size()) + " bytes)";
}

std::string QuotePath(std::string_view path) {
  if (PrintsCleanly(path) && path.size() <= kMaxPathBytes) return std::string(path);
  return Quote(path, kMaxPathBytes);
}

}  // namespace ki
