// Byte fixtures written as hex text ("06 00 01 00 ..."), for the netlink tests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ki::ipvs::testhex {

inline std::vector<uint8_t> Bytes(std::string_view hex) {
  std::vector<uint8_t> out;
  std::string digits;
  for (char c : hex) {
    if (std::isxdigit(static_cast<unsigned char>(c))) digits += c;
  }
  for (size_t i = 0; i + 1 < digits.size(); i += 2) {
    out.push_back(static_cast<uint8_t>(std::stoul(digits.substr(i, 2), nullptr, 16)));
  }
  return out;
}

inline std::string Hex(const std::vector<uint8_t>& b) {
  static const char* d = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < b.size(); ++i) {
    if (i) out += (i % 4 == 0) ? "  " : " ";
    out += d[b[i] >> 4];
    out += d[b[i] & 15];
  }
  return out;
}

}  // namespace ki::ipvs::testhex
