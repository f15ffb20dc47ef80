// FastYamlReader's scalars: plain, single- and double-quoted, on one line.
#include "pkg/k8s/yaml_fast.h"

#include <array>
#include <string_view>

namespace ki::k8s::internal {
namespace {

bool IsFlowIndicator(char c) { return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'; }

// A character a plain scalar can't start with (libyaml's indicators), but
// '-' which can when a safe character follows.
constexpr std::array<bool, 256> kIndicators = [] {
  std::array<bool, 256> table{};
  for (const char c : std::string_view("?:,[]{}#&*!|>'\"%@`")) {
    table[static_cast<unsigned char>(c)] = true;
  }
  return table;
}();

bool IsIndicator(char c) { return kIndicators[static_cast<unsigned char>(c)]; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

bool FastYamlReader::ScanScalar(bool flow, Scalar& out) {
  out.line = line_;
  out.column = Column();
  out.colon = false;
  const char c = text_[pos_];
  if (c == '\'') return ScanSingleQuoted(out);
  if (c == '"') return ScanDoubleQuoted(out);
  return ScanPlain(flow, out);
}

// A plain scalar on one line; pos_ stops after its last non-space character.
bool FastYamlReader::ScanPlain(bool flow, Scalar& out) {
  const char first = text_[pos_];
  if (IsIndicator(first)) return Fail();
  if (first == '-') {
    const char next = At(pos_ + 1);
    if (next == ' ' || next == '\n' || next == '#' || IsFlowIndicator(next)) return Fail();
  }
  out.plain = true;
  size_t p = pos_;
  size_t end = pos_;
  for (; p < text_.size(); ++p) {
    const char c = text_[p];
    if (c == '\n') break;
    if (c == ' ') continue;
    if (c == '#' && text_[p - 1] == ' ') break;
    if (c == ':') {
      const char next = At(p + 1);
      if (next == ' ' || next == '\n') {
        out.colon = true;
        break;
      }
      if (flow) return Fail();  // "a:b" in a flow collection: libyaml's rules differ there
    }
    if (flow && (IsFlowIndicator(c) || c == '?')) {
      if (c == '?') return Fail();
      break;
    }
    end = p + 1;
  }
  out.text = text_.substr(pos_, end - pos_);
  pos_ = end;
  return true;
}

// The quoted scalar from pos_ (its opening quote) to close (its closing
// one): a view of the text, or, when an escape was copied, scratch_ with the
// rest from `piece` on; pos_ then moves past the closing quote.
void FastYamlReader::FinishQuoted(Scalar& out, size_t piece, size_t close, bool copied) {
  if (copied) {
    scratch_.append(text_.substr(piece, close - piece));
    out.text = scratch_;
  } else {
    out.text = text_.substr(pos_ + 1, close - pos_ - 1);
  }
  pos_ = close + 1;
}

bool FastYamlReader::ScanSingleQuoted(Scalar& out) {
  out.plain = false;
  size_t p = pos_ + 1;
  size_t piece = p;
  bool copied = false;
  scratch_.clear();
  for (;; ++p) {
    if (p >= text_.size() || text_[p] == '\n') return Fail();
    if (text_[p] != '\'') continue;
    if (At(p + 1) != '\'') break;
    scratch_.append(text_.substr(piece, p + 1 - piece));  // '' is one quote
    piece = ++p + 1;
    copied = true;
  }
  FinishQuoted(out, piece, p, copied);
  return true;
}

bool FastYamlReader::ScanDoubleQuoted(Scalar& out) {
  out.plain = false;
  size_t p = pos_ + 1;
  size_t piece = p;
  bool copied = false;
  scratch_.clear();
  for (;;) {
    if (p >= text_.size() || text_[p] == '\n') return Fail();
    const char c = text_[p];
    if (c == '"') break;
    if (c != '\\') {
      ++p;
      continue;
    }
    scratch_.append(text_.substr(piece, p - piece));
    if (!Escape(p)) return false;
    piece = p;
    copied = true;
  }
  FinishQuoted(out, piece, p, copied);
  return true;
}

// The escape at text_[p] ('\\') onto scratch_; p moves past it. The rare
// ones (\N \_ \L \P \U, line continuations) are libyaml's to read.
bool FastYamlReader::Escape(size_t& p) {
  const char e = At(p + 1);
  static constexpr std::string_view kFrom = "0abtnvfre \"/\\";
  static constexpr std::string_view kTo = std::string_view("\0\a\b\t\n\v\f\r\x1b \"/\\", 13);
  const size_t simple = kFrom.find(e);
  if (simple != std::string_view::npos) {
    scratch_ += kTo[simple];
    p += 2;
    return true;
  }
  const size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : 0;
  if (digits == 0 || p + 2 + digits > text_.size()) return Fail();
  uint32_t cp = 0;
  for (size_t i = 0; i < digits; ++i) {
    const int v = HexValue(text_[p + 2 + i]);
    if (v < 0) return Fail();
    cp = cp * 16 + static_cast<uint32_t>(v);
  }
  if (cp >= 0xD800 && cp <= 0xDFFF) return Fail();
  AppendUtf8(cp, scratch_);
  p += 2 + digits;
  return true;
}

}  // namespace ki::k8s::internal
