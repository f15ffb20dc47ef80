#include "pkg/config/yaml_input.h"

#include <yaml.h>

#include <vector>

#include "pkg/base/file_read.h"
#include "pkg/base/quote.h"

namespace ki::config {
namespace {

constexpr size_t kMaxQuotedPathBytes = 256;  // as QuotePath cuts

Status ErrorAt(const std::string& file, int line, int col, const std::string& msg) {
  return Status::InvalidConfig(Position{file, line, col}.ToString() + ": " + msg);
}

// Length of the UTF-8 sequence starting at s[i], or 0 if it is not valid.
size_t Utf8Length(std::string_view s, size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  return len;
}

// Binary content, tabs in indentation, and nesting deeper than any schema.
// One pass over the bytes, line by line.
Status ScanText(std::string_view text, const std::string& file, YamlTextKind kind) {
  int line = 1;
  int col = 1;
  bool at_indent = true;  // still in the line's leading white space
  int flow_depth = 0;     // [ and { outside quotes and comments
  char quote = 0;         // the open quote character, if inside one
  bool in_comment = false;
  std::vector<int> indents;  // block indentation stack of the current line
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    if (c == '\0' ||
        (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r')) {
      return ErrorAt(file, line, col, "binary content (control byte) in " + std::string(kind.what));
    }
    size_t len = Utf8Length(text, i);
    if (len == 0) return ErrorAt(file, line, col, "invalid UTF-8 in " + std::string(kind.what));
    if (c == '\n') {
      ++line;
      col = 1;
      at_indent = true;
      in_comment = false;
      i += 1;
      continue;
    }
    if (at_indent && c == '\t' && quote == 0) {
      return ErrorAt(file, line, col,
                     "tab character in indentation; YAML allows only spaces there (replace the "
                     "tab with spaces)");
    }
    if (at_indent && c != ' ' && c != '\t' && quote == 0 && flow_depth == 0 && c != '#' &&
        c != '\r') {
      int indent = col - 1;
      while (!indents.empty() && indents.back() >= indent) indents.pop_back();
      indents.push_back(indent);
      if (static_cast<int>(indents.size()) > kMaxNestingDepth) {
        return ErrorAt(file, line, col,
                       "nesting deeper than " + std::to_string(kMaxNestingDepth) +
                           " levels; no kubeadm configuration is this deep");
      }
    }
    if (c != ' ' && c != '\t') at_indent = false;
    if (!in_comment) {
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '#') {
        in_comment = true;
      } else if (c == '[' || c == '{') {
        if (++flow_depth > kMaxNestingDepth) {
          return ErrorAt(file, line, col,
                         "nesting deeper than " + std::to_string(kMaxNestingDepth) +
                             " levels; no kubeadm configuration is this deep");
        }
      } else if ((c == ']' || c == '}') && flow_depth > 0) {
        --flow_depth;
      }
    }
    i += len;
    ++col;
  }
  return Status::Ok();
}

// Skips spaces, line breaks and comments from pos.
size_t SkipBlank(std::string_view t, size_t pos) {
  while (pos < t.size()) {
    if (t[pos] == '#') {
      pos = t.find('\n', pos);
      if (pos == std::string_view::npos) return t.size();
    } else if (t[pos] != ' ' && t[pos] != '\t' && t[pos] != '\n' && t[pos] != '\r') {
      break;
    }
    ++pos;
  }
  return pos;
}

// The end of the quoted scalar or flow collection starting at pos.
size_t SkipRootValue(std::string_view t, size_t pos) {
  int depth = 0;
  char quote = 0;
  for (; pos < t.size(); ++pos) {
    char c = t[pos];
    if (quote == '"' && c == '\\') {
      ++pos;  // an escaped character
    } else if (quote != 0 && c == quote) {
      if (quote == '\'' && pos + 1 < t.size() && t[pos + 1] == '\'') {
        ++pos;  // '' inside single quotes
      } else {
        quote = 0;
        if (depth == 0) return pos + 1;
      }
    } else if (quote == 0 && (c == '"' || c == '\'')) {
      quote = c;
    } else if (quote == 0 && (c == '[' || c == '{')) {
      ++depth;
    } else if (quote == 0 && (c == ']' || c == '}') && --depth == 0) {
      return pos + 1;
    }
  }
  return t.size();
}

// yaml-cpp 0.7 loops forever on a document whose root is followed by a ','
// token: `,` alone, `!a,b`, `&x ,`, `'a',x`, `[1],x`. None of these is a
// configuration: refuse them before yaml-cpp parses.
Status CheckDocumentStarts(std::string_view text, const std::string& file, YamlTextKind kind) {
  bool doc_start = true;
  int line = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view l = text.substr(pos, end - pos);
    size_t line_start = pos;
    pos = end + 1;
    ++line;
    size_t first = l.find_first_not_of(" \r");
    if (first == std::string_view::npos || l[first] == '#' || l[first] == '%') continue;
    std::string_view rest = l.substr(first);
    if (rest.substr(0, 3) == "---" || rest.substr(0, 3) == "...") {
      doc_start = true;
      size_t after = rest.find_first_not_of(" \t", 3);
      if (after == std::string_view::npos || rest[after] == '#') continue;
      first += after;
      rest = rest.substr(after);
    }
    if (!doc_start) continue;
    doc_start = false;
    char c = rest[0];
    if (c == ',' || c == '!' || c == '&') {
      return ErrorAt(
          file, line, static_cast<int>(first) + 1,
          std::string("a document can't start with '") + c + "': " + std::string(kind.shape));
    }
    if (c == '"' || c == '\'' || c == '[' || c == '{') {
      // A quoted or flow root is a whole document or the first key of a
      // mapping: only ':', a document marker or the end may follow it.
      size_t after = SkipBlank(text, SkipRootValue(text, line_start + first));
      std::string_view next = text.substr(std::min(after, text.size()), 3);
      bool marker = (next == "---" || next == "...") && (after == 0 || text[after - 1] == '\n');
      if (after < text.size() && text[after] != ':' && !marker) {
        return ErrorAt(
            file, line, static_cast<int>(first) + 1,
            "unexpected content after the document's first value; " + std::string(kind.shape));
      }
    }
  }
  return Status::Ok();
}

// RAII for libyaml's parser.
class LibyamlParser {
 public:
  LibyamlParser() { ok_ = yaml_parser_initialize(&parser_) != 0; }
  LibyamlParser(const LibyamlParser&) = delete;
  LibyamlParser& operator=(const LibyamlParser&) = delete;
  ~LibyamlParser() {
    if (ok_) yaml_parser_delete(&parser_);
  }
  bool ok() const { return ok_; }
  yaml_parser_t* get() { return &parser_; }

 private:
  yaml_parser_t parser_{};
  bool ok_ = false;
};

// The text through libyaml, the reference YAML parser (fuzzed upstream),
// before yaml-cpp builds nodes: yaml-cpp 0.7 can loop forever on malformed
// input that libyaml rejects in linear time, with a line and column.
Status ValidateWithLibyaml(std::string_view text, const std::string& file) {
  LibyamlParser parser;
  if (!parser.ok()) return Status::Internal("libyaml: cannot initialize a parser");
  yaml_parser_set_input_string(parser.get(), reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  while (true) {
    yaml_event_t event;
    if (yaml_parser_parse(parser.get(), &event) == 0) {
      const yaml_parser_t* p = parser.get();
      std::string problem = p->problem != nullptr ? p->problem : "malformed YAML";
      if (p->context != nullptr) problem = std::string(p->context) + ": " + problem;
      return ErrorAt(file, static_cast<int>(p->problem_mark.line) + 1,
                     static_cast<int>(p->problem_mark.column) + 1, "invalid YAML: " + problem);
    }
    bool end = event.type == YAML_STREAM_END_EVENT;
    yaml_event_delete(&event);
    if (end) return Status::Ok();
  }
}

}  // namespace

std::vector<ContentlessChunk> FindContentlessChunks(std::string_view text) {
  std::vector<ContentlessChunk> out;
  int line_no = 0;
  int chunk_first = 1;           // first line of the chunk being read
  bool chunk_has_bytes = false;  // YAMLReader returns any non-empty buffer
  bool chunk_has_content = false;
  int last_separator = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (line.substr(0, 3) == "---") {
      std::string_view rest = line.substr(3);
      size_t first = rest.find_first_not_of(" \t\r");
      if (first == std::string_view::npos || rest[first] == '#') {
        if (chunk_has_bytes && !chunk_has_content) {
          out.push_back({chunk_first, line_no - 1, line_no, false});
        }
        chunk_first = line_no + 1;
        chunk_has_bytes = chunk_has_content = false;
        last_separator = line_no;
        continue;
      }
    }
    chunk_has_bytes = true;
    size_t first = line.find_first_not_of(" \t\r");
    if (first != std::string_view::npos && line[first] != '#') chunk_has_content = true;
  }
  if (last_separator != 0 && chunk_has_bytes && !chunk_has_content) {
    out.push_back({chunk_first, line_no, last_separator, true});
  }
  return out;
}

Position PositionOf(const YAML::Node& node, const std::string& file) {
  YAML::Mark m = node.Mark();
  if (m.is_null()) return Position{file, 0, 0};
  return Position{file, m.line + 1, m.column + 1};
}

Status CheckYamlShape(std::string_view text, const std::string& file, YamlTextKind kind) {
  KI_RETURN_IF_ERROR(ScanText(text, file, kind));
  return CheckDocumentStarts(text, file, kind);
}

Status CheckYamlText(std::string_view text, const std::string& file, YamlTextKind kind) {
  KI_RETURN_IF_ERROR(CheckYamlShape(text, file, kind));
  return ValidateWithLibyaml(text, file);
}

Result<std::vector<YamlDocument>> ParseYamlDocuments(std::string_view text,
                                                     const std::string& file) {
  if (text.size() > kMaxConfigBytes) {
    return Status::InvalidConfig(QuotePath(file) + ": file is " + std::to_string(text.size()) +
                                 " bytes; a configuration file may be at most " +
                                 std::to_string(kMaxConfigBytes) + " bytes");
  }
  KI_RETURN_IF_ERROR(CheckYamlText(text, file, kConfigText));
  std::vector<YAML::Node> nodes;
  try {
    nodes = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    std::string msg = e.msg == YAML::ErrorMsg::BAD_FILE ? "YAML nested too deeply" : e.msg;
    return ErrorAt(file, e.mark.line + 1, e.mark.column + 1, "invalid YAML: " + QuotePath(msg));
  }
  std::vector<YamlDocument> docs;
  for (YAML::Node& n : nodes) {
    if (n.IsNull()) continue;
    docs.push_back({n, file});
  }
  if (docs.empty()) {
    return Status::InvalidConfig(
        QuotePath(file) +
        ": no configuration in the file (it is empty or only comments); "
        "`kubeadm-ipvs config print init-defaults` prints a starting point");
  }
  return docs;
}

Result<std::string> ReadConfigFile(const std::string& path) {
  Result<std::string> text =
      ReadRegularFile(path, FileLimit{kMaxConfigBytes, "a kubeadm configuration file"});
  if (text.ok()) return text;
  // ReadRegularFile says "<path>: <why>"; the path is quoted in front here.
  const std::string& message = text.status().message();
  std::string prefix = QuotePath(path) + ": ";
  std::string why = message.rfind(prefix, 0) == 0 ? message.substr(prefix.size()) : message;
  if (text.status().sys_errno() != 0 && why != message) why = "open: " + why;
  // A bad --config value is a flag error (exit 3), whatever errno says.
  return Status::InvalidConfig("unable to read config from " + Quote(path, kMaxQuotedPathBytes) +
                               ": " + why);
}

}  // namespace ki::config
