#include "pkg/preflight/checklist.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace ki::preflight {

const char* CheckStateName(CheckState state) {
  switch (state) {
    case CheckState::kOk:
      return "ok";
    case CheckState::kWarning:
      return "warning";
    case CheckState::kFailing:
      break;
  }
  return "failing";
}

bool Checklist::CanStart() const {
  return std::none_of(steps.begin(), steps.end(),
                      [](const ChecklistStep& s) { return s.state == CheckState::kFailing; });
}

Checklist RunChecklist(std::vector<std::unique_ptr<Check>>& checks, std::string kernel_release) {
  Checklist list;
  list.kernel_release = std::move(kernel_release);
  int number = 0;
  for (auto& check : checks) {
    ChecklistStep step;
    step.number = ++number;
    step.title = check->Title();
    step.check = check->Name();
    step.findings = check->Run();
    for (const Finding& f : step.findings) step.state = std::max(step.state, f.state);
    list.steps.push_back(std::move(step));
  }
  return list;
}

std::string RenderText(const Checklist& list) {
  std::string out =
      "Why can't IPVS proxy mode start? Checklist for kernel " + list.kernel_release + "\n";
  int failing = 0, warnings = 0;
  for (const ChecklistStep& step : list.steps) {
    failing += step.state == CheckState::kFailing;
    warnings += step.state == CheckState::kWarning;
    std::string head = "[" + std::to_string(step.number) + "] " + step.title + " ";
    if (head.size() < 48) head.resize(48, '.');
    out += "\n" + head + " " + CheckStateName(step.state) + "\n";
    for (const Finding& f : step.findings) {
      out += "    " + f.message + "\n";
      if (!f.evidence.empty()) out += "      evidence: " + f.evidence + "\n";
      if (!f.fix.empty()) out += "      fix: " + f.fix + "\n";
    }
  }
  out += "\n";
  if (failing > 0) {
    out += "IPVS mode cannot start on this node: " + std::to_string(failing) +
           " failing step(s), " + std::to_string(warnings) + " warning(s).\n";
  } else {
    out += "IPVS mode can start on this node (" + std::to_string(warnings) + " warning(s)).\n";
  }
  return out;
}

std::string RenderJson(const Checklist& list) {
  nlohmann::ordered_json j;
  j["kernelRelease"] = list.kernel_release;
  j["canStart"] = list.CanStart();
  j["steps"] = nlohmann::ordered_json::array();
  for (const ChecklistStep& step : list.steps) {
    nlohmann::ordered_json s;
    s["step"] = step.number;
    s["title"] = step.title;
    s["check"] = step.check;
    s["state"] = CheckStateName(step.state);
    s["findings"] = nlohmann::ordered_json::array();
    for (const Finding& f : step.findings) {
      s["findings"].push_back({{"state", CheckStateName(f.state)},
                               {"message", f.message},
                               {"evidence", f.evidence},
                               {"fix", f.fix}});
    }
    j["steps"].push_back(std::move(s));
  }
  return j.dump(2) + "\n";
}

}  // namespace ki::preflight
