#include "pkg/config/diagnostics.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "pkg/base/quote.h"

namespace ki::config {
namespace {

constexpr size_t kMaxMessageBytes = 2048;
constexpr size_t kKeptHeadBytes = 512;
constexpr size_t kKeptTailBytes = 256;

// Moves i back to the start of the UTF-8 character it is in.
size_t CharStart(const std::string& s, size_t i) {
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return i;
}

// The next '"' at or after i that no backslash escapes, or npos.
size_t FindQuote(std::string_view s, size_t i) {
  for (i = s.find('"', i); i != std::string_view::npos; i = s.find('"', i + 1)) {
    if (i == 0 || s[i - 1] != '\\') return i;
  }
  return i;
}

// Whether the text after a closing quote is Quote's " (N bytes)": the span
// before it is already cut.
bool FollowsCutQuote(std::string_view rest) {
  if (!rest.starts_with(" (")) return false;
  size_t digits = 2;
  while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
  return digits > 2 && rest.substr(digits).starts_with(" bytes)");
}

// A long "..." span a message built by hand (rather than with ki::Quote)
// becomes ki::Quote's cut form: "aaaa..." (500000 bytes).
std::string CutLongQuotedSpans(std::string_view m) {
  std::string out;
  size_t i = 0;
  for (;;) {
    size_t open = FindQuote(m, i);
    size_t close = open == std::string_view::npos ? open : FindQuote(m, open + 1);
    if (close == std::string_view::npos) break;
    out.append(m.substr(i, open - i));
    std::string_view inner = m.substr(open + 1, close - open - 1);
    if (inner.size() > 2 * kMaxQuotedBytes && !FollowsCutQuote(m.substr(close + 1))) {
      out += Quote(inner);
    } else {
      out.append(m.substr(open, close - open + 1));
    }
    i = close + 1;
  }
  out.append(m.substr(i));
  return out;
}

// The last defence against a value that reached a message unquoted: long
// quoted spans cut, control bytes other than line breaks escaped, and an
// overlong message cut in its middle (the start says where, the end says
// what is wrong).
std::string Bounded(std::string_view message) {
  std::string cut = CutLongQuotedSpans(message);
  std::string out;
  out.reserve(cut.size());
  for (char ch : cut) {
    auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\n') || c == 0x7F) {
      out += EscapeBytes(std::string_view(&ch, 1));
    } else {
      out += ch;
    }
  }
  if (out.size() <= kMaxMessageBytes) return out;
  size_t head = CharStart(out, kKeptHeadBytes);
  size_t tail = CharStart(out, out.size() - kKeptTailBytes);
  return out.substr(0, head) + "... (" + std::to_string(tail - head) + " bytes left out) ..." +
         out.substr(tail);
}

}  // namespace

std::string Position::ToString() const {
  std::string name = file.empty() ? std::string() : QuotePath(file);
  if (line <= 0) return name;
  return name + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::string Diagnostic::ToString() const {
  std::string where_text = where.ToString();
  std::string prefix = where_text.empty() ? "" : where_text + ": ";
  switch (severity) {
    case Severity::kNotice:
      return "notice: " + prefix + message;
    case Severity::kWarning:
      return "warning: " + prefix + message;
    case Severity::kError:
      break;
  }
  return prefix + message;
}

void Diagnostics::Notice(Position where, std::string_view message) {
  Diagnostic d{Severity::kNotice, std::move(where), Bounded(message)};
  // Each non-canonical shape is reported once, however often it is read.
  if (std::find_if(all_.begin(), all_.end(), [&](const Diagnostic& o) {
        return o.severity == d.severity && o.message == d.message;
      }) != all_.end()) {
    return;
  }
  all_.push_back(std::move(d));
}

void Diagnostics::Warning(Position where, std::string_view message) {
  all_.push_back({Severity::kWarning, std::move(where), Bounded(message)});
}

void Diagnostics::Error(Position where, std::string_view message) {
  all_.push_back({Severity::kError, std::move(where), Bounded(message)});
  ++error_count_;
}

Status Diagnostics::ErrorStatus() const {
  std::string text;
  for (const Diagnostic& d : all_) {
    if (d.severity != Severity::kError) continue;
    if (!text.empty()) text += "\n";
    text += d.ToString();
  }
  return text.empty() ? Status::Ok() : Status::InvalidConfig(text);
}

}  // namespace ki::config
