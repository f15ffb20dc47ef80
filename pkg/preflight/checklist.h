// `kubeadm-ipvs preflight`: the checks as a numbered checklist, each step with
// its state, the evidence and the fix; as text for people or JSON for
// machines. Pure rendering over the findings.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "pkg/preflight/finding.h"

namespace ki::preflight {

struct ChecklistStep {
  int number = 0;
  std::string title;
  std::string check;
  CheckState state = CheckState::kOk;  // the worst of its findings
  std::vector<Finding> findings;
};

struct Checklist {
  std::string kernel_release;
  std::vector<ChecklistStep> steps;

  bool CanStart() const;  // no failing step
};

Checklist RunChecklist(std::vector<std::unique_ptr<Check>>& checks, std::string kernel_release);
std::string RenderText(const Checklist& list);
std::string RenderJson(const Checklist& list);

}  // namespace ki::preflight
