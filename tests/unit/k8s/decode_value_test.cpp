// Booleans read as yaml-cpp read them (the manifest and API sources took
// "yes", "On", "TRUE" before and keep taking exactly those).
#include "pkg/k8s/decode_value.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace ki::k8s::internal {
namespace {

std::optional<bool> YamlCppBool(const std::string& text) {
  bool out = false;
  return YAML::convert<bool>::decode(YAML::Node(text), out) ? std::optional<bool>(out)
                                                            : std::nullopt;
}

TEST(k8sDecodeValue, Yaml11BoolIsYamlCppsOnEveryCasing) {
  std::vector<std::string> texts = {"", "1", "0", "t", "f", "yess", "truee", "o", "nope", "TrUe "};
  for (const char* word : {"y", "n", "yes", "no", "true", "false", "on", "off"}) {
    const std::string w = word;
    for (unsigned mask = 0; mask < (1u << w.size()); ++mask) {
      std::string t = w;
      for (size_t i = 0; i < t.size(); ++i) {
        if ((mask >> i) & 1u) t[i] = static_cast<char>(t[i] - 'a' + 'A');
      }
      texts.push_back(t);
      texts.push_back(" " + t);
    }
  }
  for (const std::string& t : texts) EXPECT_EQ(Yaml11Bool(t), YamlCppBool(t)) << '"' << t << '"';
}

}  // namespace
}  // namespace ki::k8s::internal
