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

// The last defence against a value that reached a message unquoted: control
// bytes other than line breaks escaped, and an overlong message cut in its
// middle (the start says where, the end says what is wrong).
std::string Bounded(std::string_view message) {
  std::string out;
  out.reserve(message.size());
  for (char ch : message) {
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

void Diagnostics::Notice(Position where, std::string message) {
  Diagnostic d{Severity::kNotice, std::move(where), Bounded(message)};
  // Each non-canonical shape is reported once, however often it is read.
  if (std::find_if(all_.begin(), all_.end(), [&](const Diagnostic& o) {
        return o.severity == d.severity && o.message == d.message;
      }) != all_.end()) {
    return;
  }
  all_.push_back(std::move(d));
}

void Diagnostics::Warning(Position where, std::string message) {
  all_.push_back({Severity::kWarning, std::move(where), Bounded(message)});
}

void Diagnostics::Error(Position where, std::string message) {
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
