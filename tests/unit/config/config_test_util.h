// Helpers for the config tests: load text, pick diagnostics by severity.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pkg/config/load.h"

namespace ki::config::testing {

inline LoadedConfig Load(const std::string& text, LoadOptions options = {}) {
  return LoadConfigText(text, "c.yaml", options);
}

inline const std::string kKubeProxyHeader =
    "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n";

// A KubeProxyConfiguration document whose body starts on line 3.
inline LoadedConfig LoadProxy(const std::string& body) { return Load(kKubeProxyHeader + body); }

inline std::vector<std::string> Messages(const LoadedConfig& c, Severity s) {
  std::vector<std::string> out;
  for (const Diagnostic& d : c.diagnostics.all()) {
    if (d.severity == s) out.push_back(d.ToString());
  }
  return out;
}

inline std::vector<std::string> Errors(const LoadedConfig& c) {
  return Messages(c, Severity::kError);
}
inline std::vector<std::string> Warnings(const LoadedConfig& c) {
  return Messages(c, Severity::kWarning);
}
inline std::vector<std::string> Notices(const LoadedConfig& c) {
  return Messages(c, Severity::kNotice);
}

// The one error of a config that must fail with exactly one error.
inline std::string OnlyError(const LoadedConfig& c) {
  std::vector<std::string> e = Errors(c);
  EXPECT_EQ(e.size(), 1u) << ::testing::PrintToString(e);
  return e.empty() ? "" : e[0];
}

}  // namespace ki::config::testing
