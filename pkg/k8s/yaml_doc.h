// Internal to pkg/k8s decoding: one YAML document of a manifest as a light
// tree in three flat arrays (nodes, children, scalar bytes), every node with
// the position it starts at, as the decoders need it and no more. Aliases
// are the anchored node itself (shared, as yaml-cpp shares them). Built by
// yaml_fast.h or yaml_reader.h; reused from one document to the next, so a stream of many
// small documents allocates only while the largest one grows the arrays.
// Not thread-safe; immutable once built.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pkg/base/status.h"

namespace ki::k8s::internal {

enum class YamlKind : uint8_t {
  kNull,    // an empty node, or a plain untagged ~, null, Null, NULL
  kScalar,  // any other scalar
  kMap,     // children are key, value, key, value...
  kList,
};

struct YamlNode {
  YamlKind kind = YamlKind::kNull;
  // A scalar written in quotes or as a block scalar (| >), or tagged "!": a
  // string even when its text reads as a number or boolean.
  bool quoted = false;
  uint32_t line = 0;  // 0-based, as libyaml's marks; columns count characters
  uint32_t column = 0;
  uint32_t begin = 0;  // a scalar's text in the chars; a collection's children
  uint32_t size = 0;   // bytes of text, or children (2 per mapping entry)
};

class YamlDoc {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  uint32_t root() const { return root_; }
  const YamlNode& node(uint32_t i) const { return nodes_[i]; }
  std::string_view Text(const YamlNode& n) const {
    return n.kind == YamlKind::kScalar ? std::string_view(chars_).substr(n.begin, n.size)
                                       : std::string_view();
  }
  std::span<const uint32_t> Children(const YamlNode& n) const {
    if (n.kind != YamlKind::kMap && n.kind != YamlKind::kList) return {};
    return std::span<const uint32_t>(kids_).subspan(n.begin, n.size);
  }
  // A mapping's value at key (the first entry with that scalar key); kNone
  // when there is none.
  uint32_t Find(const YamlNode& map, std::string_view key) const;

  // Building (yaml_reader.cpp): Clear, then each node as the parser meets
  // it. A collection collects the nodes pushed to pending() after it opened.
  void Clear();
  // `tag` as written resolved ("tag:yaml.org,2002:str", "!"), or empty.
  uint32_t AddScalar(std::string_view text, bool plain, std::string_view tag, uint32_t line,
                     uint32_t column);
  uint32_t OpenCollection(YamlKind kind, uint32_t line, uint32_t column);
  void CloseCollection(uint32_t node, size_t first_pending);
  std::vector<uint32_t>& pending() { return pending_; }
  void SetRoot(uint32_t root) { root_ = root; }

 private:
  std::vector<YamlNode> nodes_;
  std::vector<uint32_t> kids_;
  std::vector<uint32_t> pending_;  // children of the collections still open
  std::string chars_;
  uint32_t root_ = kNone;
};

// A YAML stream read one document at a time (yaml_reader.h, yaml_fast.h).
class YamlDocs {
 public:
  virtual ~YamlDocs() = default;
  // The next document into doc: true, or false at the end of the stream.
  virtual Result<bool> Next(YamlDoc& doc) = 0;
};

}  // namespace ki::k8s::internal
