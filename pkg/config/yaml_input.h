// Turns the bytes of a configuration file into YAML documents, refusing what a
// configuration file can't be (empty, binary, oversized, tab-indented, nested
// past any real schema) with file:line:col errors instead of crashes or hangs.
// Pure; thread-compatible.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

#include "pkg/config/diagnostics.h"

namespace ki::config {

inline constexpr size_t kMaxConfigBytes = 1 << 20;  // kubeadm configs are a few KiB
inline constexpr int kMaxNestingDepth = 64;         // the deepest schema path is < 12

// A document with the name of the file it came from, for positions.
struct YamlDocument {
  YAML::Node root;
  std::string file;
};

// Parses every document of a multi-document stream. Empty documents (a lone
// "---") are dropped; a stream with no document at all is an error.
Result<std::vector<YamlDocument>> ParseYamlDocuments(std::string_view text,
                                                     const std::string& file);

// Reads a configuration file: at most kMaxConfigBytes, else an error.
Result<std::string> ReadConfigFile(const std::string& path);

// The position of a node, 1-based.
Position PositionOf(const YAML::Node& node, const std::string& file);

}  // namespace ki::config
