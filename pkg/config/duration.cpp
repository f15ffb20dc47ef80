#include "pkg/config/duration.h"

#include <array>
#include <limits>
#include <utility>

#include "pkg/base/quote.h"

namespace ki::config {
namespace {

struct Unit {
  std::string_view name;
  int64_t ns;
};

constexpr std::array<Unit, 7> kUnits = {{{"ns", 1},
                                         {"us", 1'000},
                                         {"\xC2\xB5s", 1'000},  // µs
                                         {"ms", 1'000'000},
                                         {"s", 1'000'000'000},
                                         {"m", 60'000'000'000},
                                         {"h", 3'600'000'000'000}}};

Status Bad(std::string_view text, std::string_view why) {
  return Status::InvalidConfig("invalid duration " + Quote(text) + ": " + std::string(why));
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads "<int>[.<frac>]" at text[i]; returns the value scaled by `scale` later.
struct Number {
  int64_t whole = 0;
  int64_t frac = 0;
  int64_t frac_scale = 1;  // 10^(digits of frac)
  bool any = false;
  bool overflow = false;
};

Number ReadNumber(std::string_view text, size_t& i) {
  Number n;
  while (i < text.size() && IsDigit(text[i])) {
    if (n.whole > (std::numeric_limits<int64_t>::max() - 9) / 10) n.overflow = true;
    if (!n.overflow) n.whole = n.whole * 10 + (text[i] - '0');
    n.any = true;
    ++i;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && IsDigit(text[i])) {
      if (n.frac_scale < 1'000'000'000'000'000) {  // beyond ns precision digits are dropped
        n.frac = n.frac * 10 + (text[i] - '0');
        n.frac_scale *= 10;
      }
      n.any = true;
      ++i;
    }
  }
  return n;
}

}  // namespace

Result<Duration> ParseDuration(std::string_view text) {
  if (text.empty()) return Bad(text, "empty");
  if (text[0] == '-') return Bad(text, "must not be negative");
  size_t i = (text[0] == '+') ? 1 : 0;
  if (text.substr(i) == "0") return Duration{0};
  if (i == text.size()) return Bad(text, "no number");
  int64_t total = 0;
  while (i < text.size()) {
    if (!IsDigit(text[i]) && text[i] != '.') return Bad(text, "expected a number");
    Number n = ReadNumber(text, i);
    if (!n.any) return Bad(text, "expected a number");
    size_t unit_start = i;
    while (i < text.size() && !IsDigit(text[i]) && text[i] != '.') ++i;
    std::string_view unit = text.substr(unit_start, i - unit_start);
    if (unit.empty()) {
      return Bad(text, "missing unit (write e.g. " +
                           (text.size() <= 20 ? Quote(std::string(text) + "s") : "\"30s\"") + ")");
    }
    const Unit* found = nullptr;
    for (const Unit& u : kUnits) {
      if (u.name == unit) found = &u;
    }
    if (found == nullptr) {
      return Bad(text, "unknown unit " + Quote(unit) + " (use ns, us, ms, s, m or h)");
    }
    if (n.overflow || n.whole > std::numeric_limits<int64_t>::max() / found->ns) {
      return Bad(text, "too large");
    }
    int64_t value = n.whole * found->ns;
    // The fraction: frac / frac_scale units, computed without overflow in long double.
    value += static_cast<int64_t>(static_cast<long double>(n.frac) * found->ns / n.frac_scale);
    if (total > std::numeric_limits<int64_t>::max() - value) return Bad(text, "too large");
    total += value;
  }
  return Duration{total};
}

namespace {

// Appends v / 10^prec as a decimal with trailing zeros (and a bare '.') removed.
void AppendFraction(std::string& out, uint64_t v, int prec) {
  std::string digits;
  bool printed = false;
  for (int k = 0; k < prec; ++k) {
    uint64_t digit = v % 10;
    printed = printed || digit != 0;
    if (printed) digits.insert(digits.begin(), static_cast<char>('0' + digit));
    v /= 10;
  }
  out += std::to_string(v);
  if (printed) out += "." + digits;
}

}  // namespace

std::string FormatDuration(Duration d) {
  if (d.ns == 0) return "0s";
  bool neg = d.ns < 0;
  uint64_t u = neg ? static_cast<uint64_t>(-(d.ns + 1)) + 1 : static_cast<uint64_t>(d.ns);
  std::string out;
  if (u < 1'000'000'000) {
    // Sub-second: one unit, with a fraction (Go: "1.5ms", "250ms", "10ns").
    if (u < 1'000) {
      out = std::to_string(u) + "ns";
    } else if (u < 1'000'000) {
      AppendFraction(out, u, 3);
      out += "\xC2\xB5s";
    } else {
      AppendFraction(out, u, 6);
      out += "ms";
    }
  } else {
    uint64_t secs_ns = u % 60'000'000'000;  // seconds part in ns
    uint64_t mins = u / 60'000'000'000;
    std::string secs;
    AppendFraction(secs, secs_ns, 9);
    if (mins == 0) {
      out = secs + "s";
    } else if (mins < 60) {
      out = std::to_string(mins) + "m" + secs + "s";
    } else {
      out = std::to_string(mins / 60) + "h" + std::to_string(mins % 60) + "m" + secs + "s";
    }
  }
  return neg ? "-" + out : out;
}

}  // namespace ki::config
