// Internal to pkg/k8s decoding: a YAML stream read with libyaml (the
// reference parser, linear on any input) one document at a time into a
// YamlDoc, in one pass over the text: no node tree of a library, no second
// parse. Malformed text fails with libyaml's verdict and position, worded as
// the input checks of configuration files word it ("f.yaml:3:7: invalid
// YAML: while parsing a flow mapping: did not find expected ',' or '}'").
// libyaml's header stays in the .cpp. Not thread-safe; the text, file and
// cancelled must outlive the reader.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "pkg/base/status.h"
#include "pkg/k8s/yaml_doc.h"

namespace ki::k8s::internal {

class YamlReader final : public YamlDocs {
 public:
  // cancelled: asked at every document's start, at the end of the stream and
  // every 64 KiB of text; once true, Next fails (kUnavailable). May be empty.
  YamlReader(std::string_view text, const std::string& file,
             const std::function<bool()>& cancelled);
  YamlReader(const YamlReader&) = delete;
  YamlReader& operator=(const YamlReader&) = delete;
  ~YamlReader() override;

  // The next document into doc: true, or false at the end of the stream.
  // Errors: kInvalidConfig for malformed text (and an alias naming no anchor
  // of its document), kUnavailable when cancelled; after an error every call
  // fails the same way.
  Result<bool> Next(YamlDoc& doc) override;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace ki::k8s::internal
