#include "pkg/workflow/phase.h"

#include <algorithm>
#include <cctype>

namespace ki::workflow {

std::string NormalizePhaseName(const std::string& name) {
  size_t b = name.find_first_not_of(" \t");
  size_t e = name.find_last_not_of(" \t");
  std::string out = b == std::string::npos ? "" : name.substr(b, e - b + 1);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Status CheckPhaseNames(const std::vector<std::string>& names, const std::vector<PhaseName>& known) {
  for (const std::string& n : names) {
    bool found = std::any_of(known.begin(), known.end(),
                             [&](const PhaseName& k) { return k.full_name == n; });
    if (found) continue;
    std::string valid;
    for (const PhaseName& k : known) valid += (valid.empty() ? "" : ", ") + k.full_name;
    return Status::InvalidConfig("invalid phase name: " + n + " (valid phases: " + valid + ")");
  }
  return Status::Ok();
}

}  // namespace ki::workflow
