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

// What a YAML text is, for messages about it.
struct YamlTextKind {
  std::string_view what;   // "a YAML configuration file": "binary content in <what>"
  std::string_view shape;  // what its document must be, after "a document can't start with ','"
};

inline constexpr YamlTextKind kConfigText{
    "a YAML configuration file", "a kubeadm configuration document is a mapping (apiVersion: ...)"};

// A document with the name of the file it came from, for positions.
struct YamlDocument {
  YAML::Node root;
  std::string file;
};

// Parses every document of a multi-document stream. Empty documents (a lone
// "---") are dropped; a stream with no document at all is an error.
Result<std::vector<YamlDocument>> ParseYamlDocuments(std::string_view text,
                                                     const std::string& file);

// Refuses text no YAML parser should be given (binary or invalid UTF-8,
// tab-indented, nested past any schema, malformed for libyaml, or one of the
// shapes yaml-cpp 0.7 never returns on) with file:line:col; ok when yaml-cpp
// may load it. For every YAML text a user gives (configurations,
// kubeconfigs). No size check: the caller bounds the text.
Status CheckYamlText(std::string_view text, const std::string& file, YamlTextKind kind);

// The checks of CheckYamlText but libyaml's: binary or invalid UTF-8, tab
// indentation, nesting, and the document starts yaml-cpp 0.7 never returns
// on. For a reader that parses with libyaml itself (its verdict, worded as
// CheckYamlText words it, is the parse's), so the text is parsed once.
Status CheckYamlShape(std::string_view text, const std::string& file, YamlTextKind kind);

// Reads a configuration file (--config, --old-config): a regular file of at
// most kMaxConfigBytes. Every error is kInvalidConfig, "unable to read config
// from \"<path>\": <why>" (a bad --config is a flag error, exit 3).
Result<std::string> ReadConfigFile(const std::string& path);

// A stretch of a multi-document stream that kubeadm's document reader
// (k8s.io/apimachinery's YAMLReader: chunks between "---" lines) returns as a
// document although it holds only blank or comment lines. kubeadm refuses
// such a document: "kind and apiVersion is mandatory information".
struct ContentlessChunk {
  int first_line = 0;  // 1-based
  int last_line = 0;
  int separator_line = 0;  // the "---" that ends it, or starts it when trailing
  bool trailing = false;   // after the last "---"
};
std::vector<ContentlessChunk> FindContentlessChunks(std::string_view text);

// The position of a node, 1-based.
Position PositionOf(const YAML::Node& node, const std::string& file);

}  // namespace ki::config
