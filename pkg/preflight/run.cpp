#include "pkg/preflight/run.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace ki::preflight {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string Text(const Finding& f) {
  return f.fix.empty() ? f.message : f.message + " (fix: " + f.fix + ")";
}

}  // namespace

bool IgnoreSet::Has(const std::string& check) const {
  return all_ || names_.count(Lower(check)) != 0;
}

Result<IgnoreSet> ParseIgnorePreflightErrors(const std::vector<std::string>& items) {
  IgnoreSet set;
  for (const std::string& item : items) {
    std::istringstream parts(item);
    std::string name;
    while (std::getline(parts, name, ',')) {
      name = Lower(Trim(name));
      if (name.empty()) continue;
      if (name == "all") {
        set.all_ = true;
      } else {
        set.names_.insert(name);
      }
    }
  }
  if (set.all_ && !set.names_.empty()) {
    return Status::InvalidConfig(
        "ignore-preflight-errors: don't specify individual checks if 'all' is used");
  }
  return set;
}

std::vector<std::string> PreflightOutcome::IgnoredChecks() const {
  std::vector<std::string> names;
  for (const Finding& f : ignored) {
    if (std::find(names.begin(), names.end(), f.check) == names.end()) names.push_back(f.check);
  }
  return names;
}

Result<PreflightOutcome> RunPreflightChecks(std::vector<std::unique_ptr<Check>>& checks,
                                            const IgnoreSet& ignore, std::ostream& out) {
  std::vector<const Finding*> fatal;
  std::vector<Finding> findings;
  PreflightOutcome outcome;
  for (auto& check : checks) {
    for (Finding& f : check->Run()) findings.push_back(std::move(f));
  }
  for (const Finding& f : findings) {
    bool ignored = f.state == CheckState::kFailing && ignore.Has(f.check);
    if (f.state == CheckState::kWarning || ignored) {
      out << "\t[WARNING " << f.check << "]: " << Text(f) << "\n";
      if (ignored) outcome.ignored.push_back(f);
    } else if (f.state == CheckState::kFailing) {
      fatal.push_back(&f);
    }
  }
  if (fatal.empty()) return outcome;
  std::string msg = "[preflight] Some fatal errors occurred:\n";
  for (const Finding* f : fatal) msg += "\t[ERROR " + f->check + "]: " + Text(*f) + "\n";
  msg +=
      "[preflight] If you know what you are doing, you can make a check non-fatal with "
      "`--ignore-preflight-errors=...`";
  return Status::Preflight(msg);
}

}  // namespace ki::preflight
