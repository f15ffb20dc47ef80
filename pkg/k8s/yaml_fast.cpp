#include "pkg/k8s/yaml_fast.h"

namespace ki::k8s::internal {
namespace {

constexpr size_t kCheckEvery = 64 << 10;
// libyaml gives up on a simple key longer than 1024 characters.
constexpr size_t kMaxKeyBytes = 1000;
// Deeper text is left to libyaml, which needs no stack for it.
constexpr int kMaxDepth = 64;
constexpr int kEnd = -1;   // PeekContent: the end of the text or a "---" line
constexpr int kFail = -2;  // PeekContent: something this reader leaves to libyaml

}  // namespace

FastYamlReader::FastYamlReader(std::string_view text, const std::string& file,
                               const std::function<bool()>& cancelled)
    : text_(text), file_(file), cancelled_(cancelled), next_check_(kCheckEvery) {}

// Bytes this reader leaves to libyaml wherever they are: tabs and CR (their
// rules are subtle), control bytes, and everything outside ASCII (columns
// count characters; some are line breaks).
bool FastYamlReader::Prescan() {
  // A count without branches, so the compiler takes many bytes at a time:
  // bytes outside ' '..'~', less the line breaks among them.
  size_t other = 0;
  for (const char ch : text_) {
    const auto c = static_cast<uint8_t>(ch);
    other += static_cast<uint8_t>(c - 0x20) >= 0x5F ? 1 : 0;
    other -= c == '\n' ? 1 : 0;
  }
  return other == 0 || Fail();
}

bool FastYamlReader::Fail() {
  unsupported_ = true;
  return false;
}

bool FastYamlReader::Stop() {
  stopped_ = true;
  return false;
}

bool FastYamlReader::Check() { return !(cancelled_ && cancelled_()) || Stop(); }

bool FastYamlReader::CheckNow() {
  if (pos_ < next_check_) return true;
  next_check_ = pos_ + kCheckEvery;
  return Check();
}

void FastYamlReader::NewLine() {
  ++pos_;
  ++line_;
  line_start_ = pos_;
}

void FastYamlReader::SkipSpaces() {
  while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
}

// From a line start, past blank and comment-only lines: the indentation of
// the next line with content (pos_ stays at its start), kEnd at the end of
// the text or at a "---" line, kFail at what libyaml must judge.
int FastYamlReader::PeekContent() {
  if (!CheckNow()) return kFail;
  for (;;) {
    size_t p = pos_;
    while (p < text_.size() && text_[p] == ' ') ++p;
    if (p >= text_.size()) {
      pos_ = p;
      return kEnd;
    }
    if (text_[p] == '\n' || text_[p] == '#') {
      pos_ = text_.find('\n', p);
      if (pos_ == std::string_view::npos) {
        pos_ = text_.size();
        return kEnd;
      }
      NewLine();
      continue;
    }
    if (p == pos_ && (text_.compare(p, 3, "---") == 0 || text_.compare(p, 3, "...") == 0)) {
      const bool marker = text_[p] == '-' && (At(p + 3) == ' ' || At(p + 3) == '\n');
      return marker ? kEnd : (Fail(), kFail);
    }
    return static_cast<int>(p - pos_);
  }
}

// After a node: spaces, then the line's end or a comment; pos_ moves to the
// next line.
bool FastYamlReader::RestOfLineBlank() {
  const size_t start = pos_;
  SkipSpaces();
  if (pos_ >= text_.size()) return true;
  if (text_[pos_] == '#' && (pos_ > start || text_[pos_ - 1] == ' ')) {
    pos_ = text_.find('\n', pos_);
    if (pos_ == std::string_view::npos) {
      pos_ = text_.size();
      return true;
    }
  }
  if (text_[pos_] != '\n') return Fail();
  NewLine();
  return true;
}

uint32_t FastYamlReader::Add(const Scalar& s) {
  return doc_->AddScalar(s.text, s.plain, {}, s.line, s.column);
}

uint32_t FastYamlReader::AddNull(uint32_t line, uint32_t column) {
  return doc_->AddScalar({}, true, {}, line, column);
}

Result<bool> FastYamlReader::Next(YamlDoc& doc) {
  if (!prescanned_) {
    prescanned_ = true;
    (void)Prescan();
  }
  if (unsupported_ || ended_) return false;
  doc_ = &doc;
  const int indent = PeekContent();
  bool ok = indent != kFail;
  if (ok && pos_ >= text_.size()) {
    if (!Check()) return Status::Unavailable(file_ + ": decoding stopped (the proxy is stopping)");
    ended_ = true;
    return false;
  }
  const bool explicit_start = indent == kEnd;
  if (ok && explicit_start) {
    pos_ += 3;
    ok = RestOfLineBlank();
  }
  ok = ok && Check() && DocumentRoot(explicit_start);
  if (stopped_) return Status::Unavailable(file_ + ": decoding stopped (the proxy is stopping)");
  if (!ok) return Fail();
  return true;
}

// A document's root and what may follow it (nothing but the next "---").
bool FastYamlReader::DocumentRoot(bool explicit_start) {
  doc_->Clear();
  const int indent = PeekContent();
  if (indent == kFail) return false;
  if (indent == kEnd) {
    if (!explicit_start) return Fail();
    // An empty document: libyaml's empty scalar is where the next token is.
    const bool at_end = pos_ >= text_.size();
    const uint32_t line = line_ + (at_end && line_start_ < text_.size() ? 1 : 0);
    doc_->SetRoot(AddNull(line, 0));
    return true;
  }
  pos_ += static_cast<size_t>(indent);
  uint32_t root = 0;
  if (!ParseBlockNode(-1, 0, root)) return false;
  doc_->SetRoot(root);
  const int next = PeekContent();
  return next == kEnd || (next != kFail && Fail());
}

// A node whose first character is at pos_, the first on its line.
bool FastYamlReader::ParseBlockNode(int parent_indent, int depth, uint32_t& out) {
  if (depth > kMaxDepth) return Fail();
  const uint32_t indent = Column();
  const char c = text_[pos_];
  if (c == '-' && (At(pos_ + 1) == ' ' || At(pos_ + 1) == '\n')) {
    return ParseBlockSeq(indent, false, depth + 1, out);
  }
  if (c == '[' || c == '{') return ParseFlow(parent_indent, depth + 1, out) && RestOfLineBlank();
  Scalar s;
  if (!ScanScalar(false, s)) return false;
  SkipSpaces();
  if (At(pos_) == ':' && (At(pos_ + 1) == ' ' || At(pos_ + 1) == '\n')) {
    return ParseBlockMap(indent, s, depth + 1, out);
  }
  out = Add(s);
  return RestOfLineBlank();
}

// A block mapping at column indent whose first key was read; pos_ at its ':'.
bool FastYamlReader::ParseBlockMap(uint32_t indent, Scalar key, int depth, uint32_t& out) {
  const uint32_t map = doc_->OpenCollection(YamlKind::kMap, key.line, key.column);
  const size_t first = doc_->pending().size();
  for (;;) {
    if (key.text.size() > kMaxKeyBytes) return Fail();
    doc_->pending().push_back(Add(key));
    uint32_t value = 0;
    if (!ParseMapValue(indent, depth, value)) return false;
    doc_->pending().push_back(value);
    const int next = PeekContent();
    if (next == kFail) return false;
    if (next == kEnd || next < static_cast<int>(indent)) break;
    if (next > static_cast<int>(indent)) return Fail();
    pos_ += static_cast<size_t>(next);
    if (text_[pos_] == '-' && (At(pos_ + 1) == ' ' || At(pos_ + 1) == '\n')) return Fail();
    if (!ScanScalar(false, key)) return false;
    SkipSpaces();
    if (At(pos_) != ':' || (At(pos_ + 1) != ' ' && At(pos_ + 1) != '\n')) return Fail();
  }
  doc_->CloseCollection(map, first);
  out = map;
  return true;
}

// The value after a key's ':' (at pos_): on the same line, on the lines
// below, an indentless sequence, or empty.
bool FastYamlReader::ParseMapValue(uint32_t indent, int depth, uint32_t& out) {
  const uint32_t colon_line = line_;
  const uint32_t colon_column = Column();
  ++pos_;
  SkipSpaces();
  if (At(pos_) != '\n' && At(pos_) != '#') {
    return ParseLineNode(static_cast<int>(indent), depth, out) && RestOfLineBlank();
  }
  if (!RestOfLineBlank()) return false;
  const int next = PeekContent();
  if (next == kFail) return false;
  if (next != kEnd && next > static_cast<int>(indent)) {
    pos_ += static_cast<size_t>(next);
    return ParseBlockNode(static_cast<int>(indent), depth + 1, out);
  }
  const size_t at = pos_ + static_cast<size_t>(next);
  if (next == static_cast<int>(indent) && text_[at] == '-' &&
      (At(at + 1) == ' ' || At(at + 1) == '\n')) {
    pos_ = at;
    return ParseBlockSeq(indent, true, depth + 1, out);
  }
  out = AddNull(colon_line, colon_column + 1);
  return true;
}

// A block sequence whose first '-' is at pos_; an indentless one (a mapping's
// value at the mapping's own column) ends at the mapping's next key.
bool FastYamlReader::ParseBlockSeq(uint32_t indent, bool indentless, int depth, uint32_t& out) {
  const uint32_t seq = doc_->OpenCollection(YamlKind::kList, line_, indent);
  const size_t first = doc_->pending().size();
  for (;;) {
    uint32_t item = 0;
    if (!ParseSeqItem(indent, depth, item)) return false;
    doc_->pending().push_back(item);
    const int next = PeekContent();
    if (next == kFail) return false;
    if (next == kEnd || next < static_cast<int>(indent)) break;
    if (next > static_cast<int>(indent)) return Fail();
    const size_t at = pos_ + static_cast<size_t>(next);
    if (text_[at] != '-' || (At(at + 1) != ' ' && At(at + 1) != '\n')) {
      if (indentless) break;
      return Fail();
    }
    pos_ = at;
  }
  doc_->CloseCollection(seq, first);
  out = seq;
  return true;
}

// One "- item" at pos_: the item on the same line (a compact sequence or
// mapping, too), on the lines below, or empty.
bool FastYamlReader::ParseSeqItem(uint32_t indent, int depth, uint32_t& out) {
  const uint32_t dash_line = line_;
  ++pos_;
  SkipSpaces();
  if (At(pos_) == '\n' || At(pos_) == '#') {
    if (!RestOfLineBlank()) return false;
    const int next = PeekContent();
    if (next == kFail) return false;
    if (next != kEnd && next > static_cast<int>(indent)) {
      pos_ += static_cast<size_t>(next);
      return ParseBlockNode(static_cast<int>(indent), depth + 1, out);
    }
    out = AddNull(dash_line, indent + 1);
    return true;
  }
  // The same line: what follows "- " is read as a node starting a line.
  return ParseBlockNode(static_cast<int>(indent), depth + 1, out);
}

// A value on the line of its key: a flow collection or a scalar.
bool FastYamlReader::ParseLineNode(int block_indent, int depth, uint32_t& out) {
  const char c = text_[pos_];
  if (c == '[' || c == '{') return ParseFlow(block_indent, depth + 1, out);
  if (c == '-' && (At(pos_ + 1) == ' ' || At(pos_ + 1) == '\n')) return Fail();
  Scalar s;
  if (!ScanScalar(false, s)) return false;
  if (s.colon) return Fail();  // "a: b: c"
  out = Add(s);
  return true;
}

// A flow collection at pos_ ('[' or '{'), over as many lines as it takes;
// lines it continues on must be indented past the block around it.
bool FastYamlReader::ParseFlow(int block_indent, int depth, uint32_t& out) {
  if (depth > kMaxDepth) return Fail();
  const bool map = text_[pos_] == '{';
  const char close = map ? '}' : ']';
  const uint32_t node =
      doc_->OpenCollection(map ? YamlKind::kMap : YamlKind::kList, line_, Column());
  const size_t first = doc_->pending().size();
  ++pos_;
  for (;;) {
    if (!CheckNow() || !SkipFlowSpace(block_indent)) return false;
    if (text_[pos_] == close) break;
    uint32_t item = 0;
    if (map) {
      Scalar key;
      const char c = text_[pos_];
      if (c == '[' || c == '{' || !ScanScalar(true, key)) return Fail();
      if (key.text.size() > kMaxKeyBytes) return Fail();
      SkipSpaces();
      // After a quoted key ':' needs no space (JSON); after a plain one it has one.
      if (At(pos_) != ':') return Fail();
      ++pos_;
      doc_->pending().push_back(Add(key));
      if (!SkipFlowSpace(block_indent)) return false;
      if (text_[pos_] == ',' || text_[pos_] == close) return Fail();
    }
    if (!ParseFlowNode(block_indent, depth, item)) return false;
    doc_->pending().push_back(item);
    if (!SkipFlowSpace(block_indent)) return false;
    if (text_[pos_] == ',') {
      ++pos_;
    } else if (text_[pos_] != close) {
      return Fail();
    }
  }
  ++pos_;
  doc_->CloseCollection(node, first);
  out = node;
  return true;
}

bool FastYamlReader::ParseFlowNode(int block_indent, int depth, uint32_t& out) {
  const char c = text_[pos_];
  if (c == '[' || c == '{') return ParseFlow(block_indent, depth + 1, out);
  Scalar s;
  if (!ScanScalar(true, s)) return false;
  out = Add(s);
  return true;
}

// Spaces, line breaks and comments inside a flow collection; pos_ stops at
// the next token (fails at the end of the text: an unclosed collection).
bool FastYamlReader::SkipFlowSpace(int block_indent) {
  for (;;) {
    if (pos_ >= text_.size()) return Fail();
    const char c = text_[pos_];
    if (c == ' ') {
      ++pos_;
    } else if (c == '#') {
      if (pos_ > line_start_ && text_[pos_ - 1] != ' ') return Fail();
      pos_ = text_.find('\n', pos_);
      if (pos_ == std::string_view::npos) return Fail();
    } else if (c == '\n') {
      NewLine();
      if (text_.compare(pos_, 3, "---") == 0 || text_.compare(pos_, 3, "...") == 0) return Fail();
      size_t p = pos_;
      while (p < text_.size() && text_[p] == ' ') ++p;
      const char first = At(p);
      if (first != '\n' && first != '#' && static_cast<int>(p - pos_) <= block_indent) {
        return Fail();
      }
      pos_ = p;
    } else {
      return true;
    }
  }
}

}  // namespace ki::k8s::internal
