// Tests generated from the field tables (pkg/config/field_table.h): for every
// field of every version kubeadm-ipvs reads, a document setting just that
// field must decode without an error or an "unknown field" warning; null must
// decode wherever upstream has a pointer (and fail for a plain
// metav1.Duration, as upstream); a value of the wrong shape must be an error,
// as Go's decoder makes it one.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "pkg/config/field_table.h"
#include "pkg/config/load.h"

namespace ki::config {
namespace {

struct Row {
  std::string name;  // for the test's name
  std::string api_version;
  std::string kind;
  std::string path;  // "kubeProxy.config.ipvs.syncPeriod", "bootstrapTokens[].ttl"
  FieldSpec spec;
};

// Rows print as what they test, not as bytes.
void PrintTo(const Row& row, std::ostream* os) {
  *os << row.api_version << " " << row.kind << " " << row.path;
}

bool InReleases(const FieldSpec& f, const TypeTable& t) {
  // The field existed in some release that read this table.
  bool starts_in_time = t.last_release.empty() || CompareRelease(f.since, t.last_release) <= 0;
  bool ends_in_time = f.until.empty() || CompareRelease(f.until, t.first_release) >= 0;
  return starts_in_time && ends_in_time;
}

std::string TestName(const std::string& api_version, const std::string& kind,
                     const std::string& path) {
  std::string out = api_version.substr(api_version.find('/') + 1) + "_" + kind + "_" + path;
  for (char& c : out) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return out;
}

std::vector<Row> AllRows() {
  std::vector<Row> rows;
  std::set<std::string> names;
  for (const TypeTable& t : AllTypeTables()) {
    for (const FieldSpec& f : t.fields) {
      std::string path(f.path);
      auto add = [&](const std::string& p, const FieldSpec& spec) {
        std::string name = TestName(std::string(t.api_version), std::string(t.kind), p);
        if (!names.insert(name).second) return;  // the same path twice: the table test says so
        rows.push_back(Row{name, std::string(t.api_version), std::string(t.kind), p, spec});
      };
      add(path, f);
      if (f.type != FieldType::kKubeProxyConfig) continue;
      // A whole KubeProxyConfiguration of the releases that read this table.
      for (const FieldSpec& kp : KubeProxyTypeTable().fields) {
        if (InReleases(kp, t)) add(path + "." + std::string(kp.path), kp);
      }
    }
  }
  return rows;
}

std::string Sample(const Row& row) {
  if (!row.spec.sample.empty()) return std::string(row.spec.sample);
  bool proxy = row.kind == "KubeProxyConfiguration" || row.path.rfind("kubeProxy.config.", 0) == 0;
  switch (row.spec.type) {
    case FieldType::kString:
      return "x";
    case FieldType::kBool:
      return "true";
    case FieldType::kInt32:
    case FieldType::kInt64:
      return "1";
    case FieldType::kFloat:
      return "1.5";
    case FieldType::kDuration:
      return "30s";
    case FieldType::kStringList:
      return "[x]";
    case FieldType::kStringMap:
      return "{k: v}";
    case FieldType::kArgList:
      return "[{name: k, value: v}]";
    case FieldType::kGates:
      return proxy ? "{AllAlpha: false}" : "{}";
    case FieldType::kGatesString:
      return "\"AllAlpha=false\"";
    case FieldType::kObject:
    case FieldType::kKubeProxyConfig:
      return "{}";
    case FieldType::kObjectList:
      return "[{}]";
    case FieldType::kOpaque:
      return "{a: b}";
  }
  return "x";
}

// A value Go's decoder refuses for the type; "" where any value decodes.
std::string WrongShape(FieldType type) {
  switch (type) {
    case FieldType::kString:
    case FieldType::kBool:
    case FieldType::kInt32:
    case FieldType::kInt64:
    case FieldType::kFloat:
    case FieldType::kDuration:
    case FieldType::kStringMap:
    case FieldType::kGates:
    case FieldType::kGatesString:
    case FieldType::kObject:
    case FieldType::kKubeProxyConfig:
      return "[x]";
    case FieldType::kStringList:
    case FieldType::kArgList:
    case FieldType::kObjectList:
      return "{a: b}";
    case FieldType::kOpaque:
      return "";
  }
  return "";
}

// The document setting path to value, in flow style: "a: {b: [{c: V}]}".
std::string Document(const Row& row, const std::string& value) {
  std::vector<std::string> parts;
  std::string path = row.path;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  std::string body = value;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    std::string key = *it;
    bool list = key.size() > 2 && key.compare(key.size() - 2, 2, "[]") == 0;
    if (list) key.resize(key.size() - 2);
    body = key + ": " + (list ? "[" + body + "]" : body);
    if (it + 1 != parts.rend()) body = "{" + body + "}";
  }
  return "apiVersion: " + row.api_version + "\nkind: " + row.kind + "\n" + body + "\n";
}

std::string All(const LoadedConfig& c) {
  std::string out;
  for (const Diagnostic& d : c.diagnostics.all()) out += d.ToString() + "\n";
  return out;
}

bool HasUnknownFieldWarning(const LoadedConfig& c) {
  return std::any_of(c.diagnostics.all().begin(), c.diagnostics.all().end(),
                     [](const Diagnostic& d) {
                       return d.severity == Severity::kWarning &&
                              d.message.find("unknown field") != std::string::npos;
                     });
}

class FieldTable : public ::testing::TestWithParam<Row> {};

TEST_P(FieldTable, EveryFieldDecodes) {
  std::string doc = Document(GetParam(), Sample(GetParam()));
  LoadedConfig c = DecodeConfigText(doc, "f.yaml");
  EXPECT_FALSE(c.diagnostics.has_errors()) << doc << All(c);
  EXPECT_FALSE(HasUnknownFieldWarning(c)) << doc << All(c);
}

TEST_P(FieldTable, NullIsUnsetWhereUpstreamHasAPointer) {
  std::string doc = Document(GetParam(), "null");
  LoadedConfig c = DecodeConfigText(doc, "f.yaml");
  bool upstream_fails = GetParam().spec.type == FieldType::kDuration && !GetParam().spec.pointer;
  EXPECT_EQ(c.diagnostics.has_errors(), upstream_fails) << doc << All(c);
  EXPECT_FALSE(HasUnknownFieldWarning(c)) << doc << All(c);
}

TEST_P(FieldTable, AValueOfTheWrongShapeIsAnError) {
  std::string wrong = WrongShape(GetParam().spec.type);
  if (wrong.empty()) GTEST_SKIP() << "any value decodes into " << GetParam().path;
  std::string doc = Document(GetParam(), wrong);
  LoadedConfig c = DecodeConfigText(doc, "f.yaml");
  EXPECT_TRUE(c.diagnostics.has_errors()) << doc << All(c);
}

INSTANTIATE_TEST_SUITE_P(Generated, FieldTable, ::testing::ValuesIn(AllRows()),
                         [](const auto& info) { return info.param.name; });

// The tables themselves: every version read, no path twice, every parent
// row present, releases well formed.
TEST(FieldTables, CoverEveryVersionRead) {
  std::set<std::string> tables;
  for (const TypeTable& t : AllTypeTables()) {
    tables.insert(std::string(t.api_version) + " " + std::string(t.kind));
  }
  for (const char* want :
       {"kubeadm.k8s.io/v1alpha1 MasterConfiguration",
        "kubeadm.k8s.io/v1alpha2 MasterConfiguration", "kubeadm.k8s.io/v1alpha3 InitConfiguration",
        "kubeadm.k8s.io/v1alpha3 ClusterConfiguration", "kubeadm.k8s.io/v1beta1 InitConfiguration",
        "kubeadm.k8s.io/v1beta1 ClusterConfiguration", "kubeadm.k8s.io/v1beta2 InitConfiguration",
        "kubeadm.k8s.io/v1beta2 ClusterConfiguration", "kubeadm.k8s.io/v1beta3 InitConfiguration",
        "kubeadm.k8s.io/v1beta3 ClusterConfiguration", "kubeadm.k8s.io/v1beta4 InitConfiguration",
        "kubeadm.k8s.io/v1beta4 ClusterConfiguration",
        "kubeproxy.config.k8s.io/v1alpha1 KubeProxyConfiguration"}) {
    EXPECT_EQ(tables.count(want), 1u) << want;
  }
}

TEST(FieldTables, PathsAreUniqueWithTheirParentsAndReleasesWellFormed) {
  for (const TypeTable& t : AllTypeTables()) {
    std::set<std::string> paths;
    EXPECT_EQ(CompareRelease(t.first_release, t.first_release), 0);
    for (const FieldSpec& f : t.fields) {
      std::string path(f.path);
      EXPECT_TRUE(paths.insert(path).second) << t.api_version << " " << t.kind << ": " << path;
      EXPECT_EQ(f.since.substr(0, 3), "v1.") << path;
      if (!f.until.empty()) {
        EXPECT_LE(CompareRelease(f.since, f.until), 0) << path;
      }
      size_t dot = path.rfind('.');
      if (dot == std::string::npos) continue;
      std::string parent = path.substr(0, dot);
      if (parent.size() > 2 && parent.compare(parent.size() - 2, 2, "[]") == 0) {
        parent.resize(parent.size() - 2);
      }
      EXPECT_EQ(paths.count(parent), 1u) << t.api_version << " " << t.kind << ": " << path
                                         << " comes before its parent " << parent;
    }
  }
}

TEST(FieldTables, ReleasesCompareByMinor) {
  EXPECT_LT(CompareRelease("v1.9", "v1.10"), 0);
  EXPECT_GT(CompareRelease("v1.31", "v1.9"), 0);
  EXPECT_EQ(CompareRelease("v1.22", "v1.22"), 0);
}

}  // namespace
}  // namespace ki::config
