// Quoting what a user gave (a flag value, a path, a file's bytes) inside a
// message: control and non-UTF-8 bytes escaped, long values cut with their
// length stated, so a 500 KB value or a binary file never floods a terminal.
// Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ki {

inline constexpr size_t kMaxQuotedBytes = 80;

// "\"abc\"", "\"ab\\x01\"", "\"aaaa…\" (500000 bytes)": Go's %q habit, cut.
std::string Quote(std::string_view value, size_t max_bytes = kMaxQuotedBytes);

// A path as it is when it prints cleanly (the usual case), else Quote()d;
// paths are cut at a longer length than values.
std::string QuotePath(std::string_view path);

// Escapes without quotes or cutting: what Quote puts between its quotes.
std::string EscapeBytes(std::string_view value);

}  // namespace ki
