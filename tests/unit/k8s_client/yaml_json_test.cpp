// YAML -> JSON as Kubernetes reads YAML: quoting decides strings, plain
// scalars resolve as go-yaml v2 resolves them, and the reference addon
// manifests (manifests/*/addons/kube-proxy.yaml) come out with the types the
// API expects.
#include "pkg/k8s/client/yaml_json.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace ki::k8s::client {
namespace {

nlohmann::json Convert(const std::string& yaml) {
  Result<nlohmann::json> json = JsonFromYaml(yaml);
  EXPECT_TRUE(json.ok()) << json.status().message();
  return json.ok() ? *json : nlohmann::json();
}

TEST(JsonFromYaml, QuotedAndBlockScalarsAreStrings) {
  const nlohmann::json j = Convert(
      "a: \"true\"\nb: '80'\nc: \"\"\nd: \"null\"\ne: !!str 10\nf: |\n  line\ng: >-\n  folded\n"
      "h: \"0x1F\"\n");
  EXPECT_EQ(j, (nlohmann::json{{"a", "true"},
                               {"b", "80"},
                               {"c", ""},
                               {"d", "null"},
                               {"e", "10"},
                               {"f", "line\n"},
                               {"g", "folded"},
                               {"h", "0x1F"}}));
}

TEST(JsonFromYaml, PlainScalarsResolveAsGoYamlV2) {
  const nlohmann::json j = Convert(
      "t: true\nb1: yes\nb2: Off\nb3: N\nnull1: null\nnull2: ~\nempty:\nint: 10256\nneg: -3\n"
      "hex: 0x1F\noct: 0o17\nold_oct: 017\nbin: 0b101\nunderscored: 1_000\nfloat: 2.5\n"
      "exp: 1e3\nbig: 18446744073709551615\nword: ipvs\nduration: 30s\ndate: 2026-01-01\n"
      "version: v1.10\nip: 10.96.0.0/12\n");
  EXPECT_EQ(j["t"], true);
  EXPECT_EQ(j["b1"], true);
  EXPECT_EQ(j["b2"], false);
  EXPECT_EQ(j["b3"], false);
  EXPECT_TRUE(j["null1"].is_null());
  EXPECT_TRUE(j["null2"].is_null());
  EXPECT_TRUE(j["empty"].is_null());
  EXPECT_EQ(j["int"], 10256);
  EXPECT_EQ(j["neg"], -3);
  EXPECT_EQ(j["hex"], 31);
  EXPECT_EQ(j["oct"], 15);
  EXPECT_EQ(j["old_oct"], 15);
  EXPECT_EQ(j["bin"], 5);
  EXPECT_EQ(j["underscored"], 1000);
  EXPECT_EQ(j["float"], 2.5);
  EXPECT_EQ(j["exp"], 1000.0);
  EXPECT_TRUE(j["big"].is_number_unsigned());
  EXPECT_EQ(j["word"], "ipvs");
  EXPECT_EQ(j["duration"], "30s");
  EXPECT_EQ(j["date"], "2026-01-01");  // go-yaml v2 keeps timestamps as strings here
  EXPECT_EQ(j["version"], "v1.10");
  EXPECT_EQ(j["ip"], "10.96.0.0/12");
}

TEST(JsonFromYaml, KeysAndSequences) {
  const nlohmann::json j = Convert(
      "80: http\n0x1F: hex\n\"yes\": quoted\nlist: [1, \"2\", {a: b}]\nempty: []\nmap: {}\n");
  EXPECT_EQ(j["80"], "http");
  EXPECT_EQ(j["31"], "hex");
  EXPECT_EQ(j["yes"], "quoted");
  EXPECT_EQ(Convert("yes: plain\n"), (nlohmann::json{{"true", "plain"}}));  // a YAML 1.1 bool key
  EXPECT_EQ(j["list"], nlohmann::json::parse(R"([1, "2", {"a": "b"}])"));
  EXPECT_EQ(j["empty"], nlohmann::json::array());
  EXPECT_EQ(j["map"], nlohmann::json::object());
}

TEST(JsonFromYaml, RefusesWhatJsonCannotHoldOrIsAmbiguous) {
  EXPECT_EQ(JsonFromYaml("a: .inf\n").status().message(), "$.a: .inf has no JSON form");
  EXPECT_EQ(JsonFromYaml("a: !custom x\n").status().message(), "$.a: unsupported tag !custom");
  EXPECT_EQ(JsonFromYaml("a: !!int abc\n").status().message(),
            "$.a: \"abc\" is not a valid tag:yaml.org,2002:int");
  EXPECT_EQ(JsonFromYaml("? [a]\n: b\n").status().message(), "$: a key is not a scalar");
  EXPECT_EQ(JsonFromYaml("a: 1\n---\nb: 2\n").status().message(),
            "expected one YAML document, found 2");
  EXPECT_EQ(JsonFromYaml("").status().code(), Code::kInvalidConfig);
  EXPECT_EQ(JsonFromYaml("a: [1\n").status().code(), Code::kInvalidConfig);
}

// Every document of every reference manifest: no field Kubernetes types as
// a bool or number came out a string, or the reverse.
TEST(JsonFromYaml, ReferenceManifestsKeepKubernetesTypes) {
  int checked = 0;
  for (const auto& dir : std::filesystem::directory_iterator("manifests")) {
    std::ifstream in(dir.path() / "addons/kube-proxy.yaml");
    std::stringstream text;
    text << in.rdbuf();
    std::string doc;
    std::istringstream lines(text.str() + "---\n");
    for (std::string line; std::getline(lines, line);) {
      if (line != "---") {
        doc += line + "\n";
        continue;
      }
      const nlohmann::json j = Convert(doc);
      doc.clear();
      ++checked;
      const std::string kind = j.value("kind", "");
      EXPECT_TRUE(j["metadata"]["name"].is_string()) << dir.path();
      if (kind == "ConfigMap") {
        EXPECT_TRUE(j["data"]["config.conf"].is_string());
        EXPECT_TRUE(j["data"]["kubeconfig.conf"].is_string());
      } else if (kind == "DaemonSet") {
        const auto& pod = j["spec"]["template"]["spec"];
        EXPECT_EQ(pod["hostNetwork"], true);
        EXPECT_TRUE(pod["containers"][0]["securityContext"]["privileged"].is_boolean());
        EXPECT_EQ(pod["containers"][0]["volumeMounts"][2]["readOnly"], true);
        EXPECT_EQ(pod["containers"][0]["command"][1], "proxy");
      } else if (kind == "Role") {
        EXPECT_EQ(j["rules"][0]["apiGroups"], nlohmann::json::array({""}));
      }
    }
  }
  EXPECT_GE(checked, 18);  // three examples, six objects each
}

}  // namespace
}  // namespace ki::k8s::client
