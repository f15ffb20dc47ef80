// Every file of tests/config_corpus held to the expectations in its header
// (tests/config_corpus/README.md says how they are written): loaded as
// --config loads it, and, when accepted, migrated to v1beta4 as `config
// migrate` does and read back to the same model. The files are found
// through the working directory, which ctest sets to the project root.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "pkg/config/emit.h"
#include "pkg/config/load.h"

namespace ki::config {
namespace {

constexpr const char* kCorpusDir = "tests/config_corpus";

struct ExpectedDiagnostic {
  Severity severity;
  int line = 0;  // 0: any position
  int column = 0;
  std::string text;
  std::string as_written;
};

struct Expectations {
  std::optional<bool> ok;
  std::optional<std::string> mode;
  std::vector<ExpectedDiagnostic> diagnostics;
  std::vector<std::string> problems;  // header lines the test can't read
};

std::string Trim(std::string s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// The expectation lines of the leading comment block.
Expectations ReadExpectations(const std::string& text) {
  static const std::regex kPositioned(R"(^(\d+):(\d+)\s+(.+)$)");
  Expectations out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line) && line.starts_with("#");) {
    std::string body = Trim(line.substr(1));
    if (!body.starts_with("expect")) continue;
    size_t colon = body.find(':');
    std::string key = colon == std::string::npos ? body : body.substr(0, colon);
    std::string value = colon == std::string::npos ? "" : Trim(body.substr(colon + 1));
    auto diagnostic = [&](Severity s) {
      ExpectedDiagnostic d{s, 0, 0, value, body};
      std::smatch m;
      if (std::regex_match(value, m, kPositioned)) {
        d.line = std::stoi(m[1]);
        d.column = std::stoi(m[2]);
        d.text = m[3];
      }
      if (d.text.empty()) out.problems.push_back("empty expectation: " + line);
      out.diagnostics.push_back(d);
    };
    if (key == "expect" && (value == "ok" || value == "error")) {
      if (out.ok) out.problems.push_back("second expect: line: " + line);
      out.ok = value == "ok";
    } else if (key == "expect-error") {
      diagnostic(Severity::kError);
    } else if (key == "expect-warning") {
      diagnostic(Severity::kWarning);
    } else if (key == "expect-notice") {
      diagnostic(Severity::kNotice);
    } else if (key == "expect-mode" && !value.empty()) {
      out.mode = value;
    } else {
      out.problems.push_back("unknown expectation: " + line);
    }
  }
  if (!out.ok) out.problems.push_back("no `# expect: ok` or `# expect: error` line");
  return out;
}

bool Matches(const ExpectedDiagnostic& e, const Diagnostic& d) {
  if (e.severity != d.severity || d.message.find(e.text) == std::string::npos) return false;
  return e.line == 0 || (d.where.line == e.line && d.where.column == e.column);
}

// Pairs each expectation with a distinct diagnostic (bipartite matching by
// augmenting paths); returns the expectations left without one.
std::vector<const ExpectedDiagnostic*> Unmatched(const std::vector<ExpectedDiagnostic>& expected,
                                                 const std::vector<Diagnostic>& actual) {
  std::vector<int> owner(actual.size(), -1);  // actual index -> expected index
  std::function<bool(size_t, std::vector<bool>&)> augment = [&](size_t e, std::vector<bool>& seen) {
    for (size_t a = 0; a < actual.size(); ++a) {
      if (seen[a] || !Matches(expected[e], actual[a])) continue;
      seen[a] = true;
      if (owner[a] < 0 || augment(static_cast<size_t>(owner[a]), seen)) {
        owner[a] = static_cast<int>(e);
        return true;
      }
    }
    return false;
  };
  std::vector<const ExpectedDiagnostic*> missing;
  for (size_t e = 0; e < expected.size(); ++e) {
    std::vector<bool> seen(actual.size(), false);
    if (!augment(e, seen)) missing.push_back(&expected[e]);
  }
  return missing;
}

size_t Count(const std::vector<Diagnostic>& all, Severity s) {
  return static_cast<size_t>(
      std::count_if(all.begin(), all.end(), [s](const Diagnostic& d) { return d.severity == s; }));
}

size_t Count(const std::vector<ExpectedDiagnostic>& all, Severity s) {
  return static_cast<size_t>(std::count_if(
      all.begin(), all.end(), [s](const ExpectedDiagnostic& d) { return d.severity == s; }));
}

std::string Listing(const std::vector<Diagnostic>& all) {
  std::string out;
  for (const Diagnostic& d : all) {
    out += std::string("\n    ") + (d.severity == Severity::kError ? "error: " : "") + d.ToString();
  }
  return out.empty() ? " (none)" : out;
}

std::vector<std::string> CorpusFiles() {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(kCorpusDir, ec)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = std::filesystem::path(info.param).stem().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

class ConfigCorpus : public ::testing::TestWithParam<std::string> {};

TEST_P(ConfigCorpus, MeetsItsExpectations) {
  const std::string& file = GetParam();
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  Expectations want = ReadExpectations(text.str());
  for (const std::string& p : want.problems) ADD_FAILURE() << file << ": " << p;
  if (!want.ok) return;

  LoadedConfig got = LoadConfig({.config_path = file});
  const std::vector<Diagnostic>& all = got.diagnostics.all();
  std::string context = file + "; diagnostics:" + Listing(all);

  EXPECT_EQ(got.ok(), *want.ok) << context;
  for (const ExpectedDiagnostic* e : Unmatched(want.diagnostics, all)) {
    ADD_FAILURE() << "no diagnostic for `" << e->as_written << "` in " << context;
  }
  EXPECT_EQ(Count(all, Severity::kError), Count(want.diagnostics, Severity::kError))
      << "errors and expect-error lines differ in " << context;
  EXPECT_EQ(Count(all, Severity::kWarning), Count(want.diagnostics, Severity::kWarning))
      << "warnings and expect-warning lines differ in " << context;
  if (!got.ok() || !*want.ok) return;
  if (want.mode) {
    EXPECT_EQ(got.config.kube_proxy.mode, *want.mode) << context;
  }

  // `config migrate`: v1beta4 out, read back to the same model, a fixed point.
  std::string migrated = EmitV1Beta4(got.config, ProxyDocument::kNonDefault);
  LoadedConfig again = LoadConfigText(migrated, "migrated.yaml", {});
  ASSERT_TRUE(again.ok()) << file << " migrated:" << Listing(again.diagnostics.all()) << "\n"
                          << migrated;
  // migrate keeps a kubernetesVersion newer than kubeadm v1.34 (as kubeadm's
  // own migrate does), so that warning may come back; no other may.
  for (const Diagnostic& d : again.diagnostics.all()) {
    if (d.severity != Severity::kWarning) continue;
    EXPECT_EQ(d.message.rfind("kubernetesVersion: ", 0), 0u)
        << file << " migrated:" << Listing(again.diagnostics.all());
  }
  EXPECT_TRUE(again.config == got.config) << file << " migrated to:\n" << migrated;
  EXPECT_EQ(EmitV1Beta4(again.config, ProxyDocument::kNonDefault), migrated) << file;
}

INSTANTIATE_TEST_SUITE_P(Files, ConfigCorpus, ::testing::ValuesIn(CorpusFiles()), TestName);

// Without this, a run from another directory would find no files and pass.
TEST(ConfigCorpusDirectory, HasFiles) {
  EXPECT_GE(CorpusFiles().size(), 40u)
      << "run from the project root (ctest does): " << kCorpusDir << " not found or short";
}

TEST(ConfigCorpusExpectations, ReadsTheHeaderOnly) {
  Expectations e = ReadExpectations(
      "# what it is\n# expect: error\n# expect-error: 12:5 nodeRegistration.name\n"
      "# expect-warning: Kubelet\n# expect-notice: no effect\n# expect-mode: ipvs\n"
      "kind: X\n# expect-error: not part of the header\n");
  ASSERT_TRUE(e.problems.empty()) << ::testing::PrintToString(e.problems);
  EXPECT_EQ(e.ok, false);
  EXPECT_EQ(e.mode, "ipvs");
  ASSERT_EQ(e.diagnostics.size(), 3u);
  EXPECT_EQ(e.diagnostics[0].line, 12);
  EXPECT_EQ(e.diagnostics[0].column, 5);
  EXPECT_EQ(e.diagnostics[0].text, "nodeRegistration.name");
  EXPECT_EQ(e.diagnostics[1].line, 0);
  EXPECT_EQ(e.diagnostics[2].severity, Severity::kNotice);
  EXPECT_FALSE(ReadExpectations("# expect-eror: x\n# expect: ok\n").problems.empty());
  EXPECT_FALSE(ReadExpectations("kind: X\n").problems.empty());
}

TEST(ConfigCorpusExpectations, MatchesEachDiagnosticOnce) {
  std::vector<Diagnostic> actual = {
      {Severity::kWarning, {"f", 3, 1}, "KubeletConfiguration document skipped"},
      {Severity::kWarning, {"f", 9, 1}, "JoinConfiguration document skipped"},
  };
  std::vector<ExpectedDiagnostic> want = {
      {Severity::kWarning, 0, 0, "document skipped", ""},
      {Severity::kWarning, 0, 0, "KubeletConfiguration", ""},
  };
  EXPECT_TRUE(Unmatched(want, actual).empty());  // the first must yield Kubelet's
  want.push_back({Severity::kWarning, 0, 0, "skipped", ""});
  EXPECT_EQ(Unmatched(want, actual).size(), 1u);
  EXPECT_EQ(Unmatched({{Severity::kWarning, 9, 2, "Join", ""}}, actual).size(), 1u);
  EXPECT_EQ(Unmatched({{Severity::kError, 0, 0, "Join", ""}}, actual).size(), 1u);
}

}  // namespace
}  // namespace ki::config
