// Internal to pkg/k8s decoding: a reader for the YAML manifests are almost
// always written in, straight into a YamlDoc, several times faster than
// libyaml's event stream (which allocates per token and per event): block
// mappings and sequences (compact and indentless ones too), flow collections
// (JSON included), plain and quoted scalars on one line, comments, and "---"
// between documents. It judges nothing else: on anchors, aliases, tags,
// block or multi-line scalars, directives, "...", tabs, CR, bytes outside
// ASCII, or text that is no YAML at all, it stops and says unsupported(),
// and the caller reads the whole text with YamlReader instead (its verdict
// and positions are libyaml's). What it reads, it reads as libyaml does:
// the same kinds, texts, styles and positions (yaml_fast_test compares the
// two). Not thread-safe; the text, file and cancelled must outlive it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "pkg/base/status.h"
#include "pkg/k8s/yaml_doc.h"

namespace ki::k8s::internal {

class FastYamlReader final : public YamlDocs {
 public:
  // cancelled: asked at every document's start, at the end of the stream and
  // about every 64 KiB of text; once true, Next fails (kUnavailable).
  FastYamlReader(std::string_view text, const std::string& file,
                 const std::function<bool()>& cancelled);

  // The next document into doc: true, or false at the end of the stream or
  // once unsupported() (the documents read before are then void too).
  Result<bool> Next(YamlDoc& doc) override;
  bool unsupported() const { return unsupported_; }

 private:
  // What a scalar was read as, before it is added to the document.
  struct Scalar {
    std::string_view text;  // into the text or into scratch_
    bool plain = true;
    bool colon = false;  // plain: ended at ": ", so it may be a key
    uint32_t line = 0;
    uint32_t column = 0;
  };

  bool Prescan();
  bool Fail();
  bool Stop();
  bool Check();
  // Check() when another 64 KiB of text was read since the last one.
  bool CheckNow();
  uint32_t Column() const { return static_cast<uint32_t>(pos_ - line_start_); }
  char At(size_t p) const { return p < text_.size() ? text_[p] : '\n'; }
  void NewLine();
  void SkipSpaces();
  int PeekContent();
  bool RestOfLineBlank();
  bool DocumentRoot(bool explicit_start);

  bool ParseBlockNode(int parent_indent, int depth, uint32_t& out);
  bool ParseBlockMap(uint32_t indent, Scalar key, int depth, uint32_t& out);
  bool ParseMapValue(uint32_t indent, int depth, uint32_t& out);
  bool ParseBlockSeq(uint32_t indent, bool indentless, int depth, uint32_t& out);
  bool ParseSeqItem(uint32_t indent, int depth, uint32_t& out);
  bool ParseLineNode(int block_indent, int depth, uint32_t& out);
  bool ParseFlow(int block_indent, int depth, uint32_t& out);
  bool ParseFlowNode(int block_indent, int depth, uint32_t& out);
  bool SkipFlowSpace(int block_indent);

  bool ScanScalar(bool flow, Scalar& out);
  bool ScanPlain(bool flow, Scalar& out);
  bool ScanSingleQuoted(Scalar& out);
  bool ScanDoubleQuoted(Scalar& out);
  void FinishQuoted(Scalar& out, size_t piece, size_t close, bool copied);
  bool Escape(size_t& p);
  uint32_t Add(const Scalar& s);
  uint32_t AddNull(uint32_t line, uint32_t column);

  std::string_view text_;
  const std::string& file_;
  const std::function<bool()>& cancelled_;
  YamlDoc* doc_ = nullptr;
  size_t pos_ = 0;
  size_t line_start_ = 0;
  uint32_t line_ = 0;
  size_t next_check_ = 0;
  std::string scratch_;
  bool prescanned_ = false;
  bool unsupported_ = false;
  bool stopped_ = false;
  bool ended_ = false;
};

}  // namespace ki::k8s::internal
