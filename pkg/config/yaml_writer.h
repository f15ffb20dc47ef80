// Deterministic YAML output through yaml-cpp's emitter: a mapping whose keys
// are emitted in alphabetical order (as kubeadm and kubectl print objects),
// with strings quoted wherever YAML would read them back as something else.
// Used for configuration documents and the addon's Kubernetes objects.
// Values; not thread-safe while being built.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace ki::config {

class YamlMap {
 public:
  using Writer = std::function<void(YAML::Emitter&)>;

  void Add(std::string key, Writer w) { fields_.emplace_back(std::move(key), std::move(w)); }
  void Str(const std::string& key, const std::string& v);
  // Multi-line text as a literal block (`|-`), e.g. a file inside a ConfigMap.
  void Literal(const std::string& key, const std::string& v);
  void Int(const std::string& key, int64_t v);
  void Num(const std::string& key, double v);
  void Bool(const std::string& key, bool v);
  void List(const std::string& key, const std::vector<std::string>& v);
  void Seq(const std::string& key, std::vector<YamlMap> items);
  void Raw(const std::string& key, const YAML::Node& n);
  // Adds child unless it is empty.
  void Child(const std::string& key, YamlMap child);
  // Adds child even when it is empty (`{}`), for fields whose presence matters.
  void ChildAlways(const std::string& key, YamlMap child);

  bool empty() const { return fields_.empty(); }
  void Emit(YAML::Emitter& e) const;
  // One document's text, ending in a newline.
  std::string Render() const;

 private:
  std::vector<std::pair<std::string, Writer>> fields_;
};

// Emits s, double-quoted when YAML would not read it back as this string.
void EmitYamlString(YAML::Emitter& out, const std::string& s);

}  // namespace ki::config
