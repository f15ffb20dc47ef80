#include "pkg/k8s/yaml_reader.h"

#include <yaml.h>

#include <unordered_map>
#include <vector>

#include "pkg/base/quote.h"

namespace ki::k8s::internal {
namespace {

constexpr size_t kCheckEvery = 64 << 10;

std::string_view AsText(const yaml_char_t* s, size_t n) {
  return {reinterpret_cast<const char*>(s), n};
}

std::string_view AsText(const yaml_char_t* s) {
  return s == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(s));
}

// One event, deleted when it goes out of scope.
struct Event {
  yaml_event_t e{};
  Event() = default;
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  ~Event() { yaml_event_delete(&e); }
};

}  // namespace

struct YamlReader::State {
  yaml_parser_t parser{};
  bool initialized = false;
  const std::string& file;
  const std::function<bool()>& cancelled;
  size_t next_check = kCheckEvery;
  Status failed;
  bool ended = false;
  struct Open {
    uint32_t node;
    size_t first_pending;
  };
  std::vector<Open> open;  // the collections not closed yet, outermost first
  std::unordered_map<std::string, uint32_t> anchors;

  State(const std::string& f, const std::function<bool()>& c) : file(f), cancelled(c) {}
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  ~State() {
    if (initialized) yaml_parser_delete(&parser);
  }

  Status ErrorAt(const yaml_mark_t& m, const std::string& what) const {
    return Status::InvalidConfig(QuotePath(file) + ":" + std::to_string(m.line + 1) + ":" +
                                 std::to_string(m.column + 1) + ": " + what);
  }

  Status SyntaxError() const {
    std::string problem = parser.problem != nullptr ? parser.problem : "malformed YAML";
    if (parser.context != nullptr) problem = std::string(parser.context) + ": " + problem;
    return ErrorAt(parser.problem_mark, "invalid YAML: " + problem);
  }

  bool Cancelled() { return cancelled && cancelled(); }

  Status Stopped() const {
    return Status::Unavailable(file + ": decoding stopped (the proxy is stopping)");
  }

  void Attach(uint32_t node, YamlDoc& doc) {
    if (open.empty()) {
      doc.SetRoot(node);
    } else {
      doc.pending().push_back(node);
    }
  }

  void Anchor(const yaml_char_t* name, uint32_t node) {
    if (name != nullptr) anchors[std::string(AsText(name))] = node;
  }

  Status Scalar(const yaml_event_t& e, YamlDoc& doc) {
    const auto& s = e.data.scalar;
    const uint32_t node = doc.AddScalar(
        AsText(s.value, s.length), s.style == YAML_PLAIN_SCALAR_STYLE, AsText(s.tag),
        static_cast<uint32_t>(e.start_mark.line), static_cast<uint32_t>(e.start_mark.column));
    Anchor(s.anchor, node);
    Attach(node, doc);
    return Status::Ok();
  }

  Status Alias(const yaml_event_t& e, YamlDoc& doc) {
    const std::string name(AsText(e.data.alias.anchor));
    auto it = anchors.find(name);
    if (it == anchors.end()) {
      return ErrorAt(e.start_mark, "invalid YAML: the alias " + Quote("*" + name) +
                                       " names no anchor before it in its document");
    }
    Attach(it->second, doc);
    return Status::Ok();
  }

  void Start(const yaml_event_t& e, YamlKind kind, const yaml_char_t* anchor, YamlDoc& doc) {
    const uint32_t node = doc.OpenCollection(kind, static_cast<uint32_t>(e.start_mark.line),
                                             static_cast<uint32_t>(e.start_mark.column));
    Anchor(anchor, node);
    open.push_back({node, doc.pending().size()});
  }

  void End(YamlDoc& doc) {
    const Open o = open.back();
    open.pop_back();
    doc.CloseCollection(o.node, o.first_pending);
    Attach(o.node, doc);
  }

  // One event into doc; `done` when it ends a document (or the stream).
  Status Handle(const yaml_event_t& e, YamlDoc& doc, bool& done) {
    switch (e.type) {
      case YAML_DOCUMENT_START_EVENT:
        if (Cancelled()) return Stopped();
        doc.Clear();
        anchors.clear();
        return Status::Ok();
      case YAML_DOCUMENT_END_EVENT:
        done = true;
        return Status::Ok();
      case YAML_SCALAR_EVENT:
        return Scalar(e, doc);
      case YAML_ALIAS_EVENT:
        return Alias(e, doc);
      case YAML_SEQUENCE_START_EVENT:
        Start(e, YamlKind::kList, e.data.sequence_start.anchor, doc);
        return Status::Ok();
      case YAML_MAPPING_START_EVENT:
        Start(e, YamlKind::kMap, e.data.mapping_start.anchor, doc);
        return Status::Ok();
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        End(doc);
        return Status::Ok();
      default:
        return Status::Ok();
    }
  }

  Result<bool> Next(YamlDoc& doc) {
    if (!failed.ok()) return failed;
    if (ended) return false;
    for (bool done = false; !done;) {
      Event event;
      if (yaml_parser_parse(&parser, &event.e) == 0) return failed = SyntaxError();
      if (event.e.start_mark.index >= next_check) {
        next_check = event.e.start_mark.index + kCheckEvery;
        if (Cancelled()) return failed = Stopped();
      }
      if (event.e.type == YAML_STREAM_END_EVENT) {
        if (Cancelled()) return failed = Stopped();
        ended = true;
        return false;
      }
      if (Status st = Handle(event.e, doc, done); !st.ok()) return failed = st;
    }
    return true;
  }
};

YamlReader::YamlReader(std::string_view text, const std::string& file,
                       const std::function<bool()>& cancelled)
    : state_(std::make_unique<State>(file, cancelled)) {
  if (yaml_parser_initialize(&state_->parser) == 0) {
    state_->failed = Status::Internal("libyaml: cannot initialize a parser");
    return;
  }
  state_->initialized = true;
  yaml_parser_set_input_string(&state_->parser, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
}

YamlReader::~YamlReader() = default;

Result<bool> YamlReader::Next(YamlDoc& doc) { return state_->Next(doc); }

}  // namespace ki::k8s::internal
