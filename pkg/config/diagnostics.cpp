#include "pkg/config/diagnostics.h"

#include <algorithm>
#include <utility>

namespace ki::config {

std::string Position::ToString() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
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
  Diagnostic d{Severity::kNotice, std::move(where), std::move(message)};
  // Each non-canonical shape is reported once, however often it is read.
  if (std::find_if(all_.begin(), all_.end(), [&](const Diagnostic& o) {
        return o.severity == d.severity && o.message == d.message;
      }) != all_.end()) {
    return;
  }
  all_.push_back(std::move(d));
}

void Diagnostics::Warning(Position where, std::string message) {
  all_.push_back({Severity::kWarning, std::move(where), std::move(message)});
}

void Diagnostics::Error(Position where, std::string message) {
  all_.push_back({Severity::kError, std::move(where), std::move(message)});
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
