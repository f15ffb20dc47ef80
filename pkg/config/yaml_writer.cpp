#include "pkg/config/yaml_writer.h"

#include <algorithm>
#include <memory>
#include <regex>

namespace ki::config {
namespace {

// Strings YAML 1.1 or 1.2 would read back as another type.
bool NeedsQuotes(const std::string& s) {
  static const std::regex kAmbiguous(
      "^(|~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|"
      "Off|OFF|y|Y|n|N|[-+]?[0-9][0-9_]*(\\.[0-9_]*)?([eE][-+]?[0-9]+)?|[-+]?\\.[0-9]+|"
      "0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN))$");
  return std::regex_match(s, kAmbiguous);
}

}  // namespace

void EmitYamlString(YAML::Emitter& out, const std::string& s) {
  if (NeedsQuotes(s)) out << YAML::DoubleQuoted;
  out << s;
}

void YamlMap::Str(const std::string& key, const std::string& v) {
  Add(key, [v](YAML::Emitter& e) { EmitYamlString(e, v); });
}

void YamlMap::Literal(const std::string& key, const std::string& v) {
  Add(key, [v](YAML::Emitter& e) { e << YAML::Literal << v; });
}

void YamlMap::Int(const std::string& key, int64_t v) {
  Add(key, [v](YAML::Emitter& e) { e << v; });
}

void YamlMap::Num(const std::string& key, double v) {
  Add(key, [v](YAML::Emitter& e) { e << v; });
}

void YamlMap::Bool(const std::string& key, bool v) {
  Add(key, [v](YAML::Emitter& e) { e << YAML::TrueFalseBool << v; });
}

void YamlMap::List(const std::string& key, const std::vector<std::string>& v) {
  Add(key, [v](YAML::Emitter& e) {
    if (v.empty()) e << YAML::Flow;  // "key: []" rather than a dangling block
    e << YAML::BeginSeq;
    for (const std::string& s : v) EmitYamlString(e, s);
    e << YAML::EndSeq;
  });
}

void YamlMap::Seq(const std::string& key, std::vector<YamlMap> items) {
  auto shared = std::make_shared<std::vector<YamlMap>>(std::move(items));
  Add(key, [shared](YAML::Emitter& e) {
    if (shared->empty()) e << YAML::Flow;
    e << YAML::BeginSeq;
    for (const YamlMap& m : *shared) m.Emit(e);
    e << YAML::EndSeq;
  });
}

void YamlMap::Raw(const std::string& key, const YAML::Node& n) {
  Add(key, [n](YAML::Emitter& e) { e << n; });
}

void YamlMap::Child(const std::string& key, YamlMap child) {
  if (!child.empty()) ChildAlways(key, std::move(child));
}

void YamlMap::ChildAlways(const std::string& key, YamlMap child) {
  auto shared = std::make_shared<YamlMap>(std::move(child));
  Add(key, [shared](YAML::Emitter& e) { shared->Emit(e); });
}

void YamlMap::Emit(YAML::Emitter& e) const {
  std::vector<const std::pair<std::string, Writer>*> sorted;
  for (const auto& f : fields_) sorted.push_back(&f);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](auto* a, auto* b) { return a->first < b->first; });
  if (sorted.empty()) {
    e << YAML::Flow << YAML::BeginMap << YAML::EndMap;
    return;
  }
  e << YAML::BeginMap;
  for (const auto* f : sorted) {
    e << YAML::Key << f->first << YAML::Value;
    f->second(e);
  }
  e << YAML::EndMap;
}

std::string YamlMap::Render() const {
  YAML::Emitter e;
  Emit(e);
  return std::string(e.c_str()) + "\n";
}

}  // namespace ki::config
