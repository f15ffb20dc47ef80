// Diagnostics gathered while reading configuration: notices (intent read from a
// non-canonical shape), warnings (unknown fields) and errors, each with the
// file:line:col it is about. Not thread-safe; one per decode.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pkg/base/status.h"

namespace ki::config {

// 1-based line and column, as editors show them. file is empty for flags and
// the environment, which carry their own names in the message.
struct Position {
  std::string file;
  int line = 0;
  int column = 0;

  // "file:line:col" (or "file", or "" when nothing is known).
  std::string ToString() const;
};

enum class Severity { kNotice, kWarning, kError };

struct Diagnostic {
  Severity severity;
  Position where;
  std::string message;

  // "file:3:7: message" (errors), "notice: ...", "warning: ...".
  std::string ToString() const;
};

// Values a message quotes go through ki::Quote; as a last defence each
// message is stored with any long "..." span in ki::Quote's cut form, its
// control bytes escaped and, past 2 KiB, cut in the middle with the length
// left out stated. Positions print their file through ki::QuotePath.
class Diagnostics {
 public:
  void Notice(Position where, std::string_view message);
  void Warning(Position where, std::string_view message);
  void Error(Position where, std::string_view message);

  bool has_errors() const { return error_count_ > 0; }
  const std::vector<Diagnostic>& all() const { return all_; }
  // Every error as one InvalidConfig status, one line per error; ok if none.
  Status ErrorStatus() const;

 private:
  std::vector<Diagnostic> all_;
  int error_count_ = 0;
};

}  // namespace ki::config
