// What the validation files share: the Checker that places each error where
// its value was read, the comma-list helpers, and the parts of Validate()
// that live in files of their own. Internal to pkg/config.
#pragma once

#include <string>
#include <vector>

#include "pkg/config/diagnostics.h"
#include "pkg/config/node_reader.h"
#include "pkg/config/types.h"

namespace ki::config {

// Reports errors against canonical model paths, placed where the value was
// read (or without a position when it came from defaults or flags).
class Checker {
 public:
  Checker(const SourceMap& sources, Diagnostics& d, std::string prefix)
      : sources_(sources), d_(d), prefix_(std::move(prefix)) {}

  void Fail(const std::string& field, const std::string& message) {
    std::string key = prefix_.empty() ? field : prefix_ + "." + field;
    auto it = sources_.find(key);
    if (it != sources_.end()) {
      d_.Error(it->second.where, it->second.written_path + ": " + message);
    } else if (key.rfind("kubeProxy.", 0) == 0) {
      d_.Error(Position{}, "KubeProxyConfiguration " + key.substr(10) + ": " + message);
    } else {
      d_.Error(Position{}, key + ": " + message);
    }
  }
  void Require(bool ok, const std::string& field, const std::string& message) {
    if (!ok) Fail(field, message);
  }

 private:
  const SourceMap& sources_;
  Diagnostics& d_;
  std::string prefix_;
};

// "a,b" -> {"a", "b"} ("" -> {""}).
std::vector<std::string> SplitComma(const std::string& s);
// "a,b" CIDRs, at most one per family (dual-stack).
bool IsCidrList(const std::string& s);

// kubeadm's own rules (validate_kubeadm.cpp).
void ValidateKubeadmRules(const ClusterConfig& cfg, const SourceMap& sources, Diagnostics& d);

// A notice for each setting the chosen proxy mode does not read
// (validate_modes.cpp).
void NoticeSettingsOfOtherModes(const KubeProxyConfig& kp, const SourceMap& sources,
                                Diagnostics& d);

}  // namespace ki::config
