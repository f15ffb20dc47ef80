// What one preflight check found: a state, what it means, the evidence (the
// file or command that said so) and the exact fix. Plain values.
#pragma once

#include <string>
#include <vector>

namespace ki::preflight {

enum class CheckState { kOk, kWarning, kFailing };

const char* CheckStateName(CheckState state);  // "ok", "warning", "failing"

struct Finding {
  std::string check;  // kubeadm-style check name (matched by --ignore-preflight-errors)
  CheckState state = CheckState::kOk;
  std::string message;
  std::string evidence;
  std::string fix;  // empty when state is kOk
};

// A named check; Run() may find several things (one per kernel module, say).
class Check {
 public:
  virtual ~Check() = default;
  virtual std::string Name() const = 0;
  // The checklist's title for it ("IPVS kernel modules").
  virtual std::string Title() const = 0;
  virtual std::vector<Finding> Run() = 0;
};

}  // namespace ki::preflight
