// The libyaml reader of manifests: every YAML construct into the light tree
// with libyaml's positions, yaml-cpp's rules for nulls and quoting (which the
// decoders were written against), aliases as the anchored node itself, and
// malformed text refused with file:line:col.
#include "pkg/k8s/yaml_reader.h"

#include <gtest/gtest.h>

#include <string>

namespace ki::k8s::internal {
namespace {

const std::string kFile = "r.yaml";

struct Docs {
  std::vector<YamlDoc> docs;
  Status error;
};

Docs ReadAll(const std::string& text, const std::function<bool()>& cancelled = {}) {
  Docs out;
  YamlReader reader(text, kFile, cancelled);
  for (;;) {
    YamlDoc doc;
    Result<bool> more = reader.Next(doc);
    if (!more.ok()) {
      out.error = more.status();
      return out;
    }
    if (!*more) return out;
    out.docs.push_back(std::move(doc));
  }
}

const YamlNode& At(const YamlDoc& doc, std::string_view key) {
  const uint32_t i = doc.Find(doc.node(doc.root()), key);
  EXPECT_NE(i, YamlDoc::kNone) << key;
  return doc.node(i == YamlDoc::kNone ? doc.root() : i);
}

TEST(k8sYamlReader, ScalarsNullsAndQuotingAsTheDecodersExpect) {
  const Docs r = ReadAll(
      "plain: 80\nsingle: '80'\ndouble: \"80\"\nliteral: |\n  a\n  b\nfolded: >-\n  a\n  b\n"
      "tagged: !!int '80'\nbang: ! 80\nstr_null: !!str null\nempty:\ntilde: ~\nnull_word: Null\n"
      "tagged_empty: !foo\n");
  ASSERT_TRUE(r.error.ok()) << r.error.message();
  ASSERT_EQ(r.docs.size(), 1u);
  const YamlDoc& d = r.docs[0];
  EXPECT_FALSE(At(d, "plain").quoted);
  EXPECT_TRUE(At(d, "single").quoted);
  EXPECT_TRUE(At(d, "double").quoted);
  EXPECT_EQ(d.Text(At(d, "literal")), "a\nb\n");
  EXPECT_TRUE(At(d, "literal").quoted);  // a block scalar is a string, as yaml-cpp's "!" tag says
  EXPECT_EQ(d.Text(At(d, "folded")), "a b");
  EXPECT_FALSE(At(d, "tagged").quoted);  // an explicit tag: yaml-cpp's tag is no longer "!"
  EXPECT_TRUE(At(d, "bang").quoted);
  EXPECT_EQ(At(d, "str_null").kind, YamlKind::kScalar);
  EXPECT_EQ(At(d, "empty").kind, YamlKind::kNull);
  EXPECT_EQ(At(d, "tilde").kind, YamlKind::kNull);
  EXPECT_EQ(At(d, "null_word").kind, YamlKind::kNull);
  EXPECT_EQ(At(d, "tagged_empty").kind, YamlKind::kScalar);
}

TEST(k8sYamlReader, AnAliasIsTheAnchoredNode) {
  const Docs r = ReadAll("ports: &p [{port: 80}]\nagain: *p\n");
  ASSERT_TRUE(r.error.ok()) << r.error.message();
  const YamlDoc& d = r.docs[0];
  const YamlNode& ports = At(d, "ports");
  const YamlNode& again = At(d, "again");
  EXPECT_EQ(&ports, &again);
  EXPECT_EQ(ports.kind, YamlKind::kList);
  EXPECT_EQ(ports.line, 0u);
  EXPECT_EQ(ports.column, 7u);  // at the anchor, where the node starts
}

TEST(k8sYamlReader, PositionsAreLibyamlsMarks) {
  const Docs r = ReadAll("# c\n---\napiVersion: v1\nspec:\n  ports:\n  - port: 80\n");
  ASSERT_TRUE(r.error.ok());
  const YamlDoc& d = r.docs[0];
  const YamlNode& root = d.node(d.root());
  EXPECT_EQ(root.line, 2u);
  EXPECT_EQ(root.column, 0u);
  const YamlNode& spec = At(d, "spec");
  EXPECT_EQ(spec.line, 4u);  // a block mapping starts at its first key
  EXPECT_EQ(spec.column, 2u);
  const YamlNode& ports = d.node(d.Find(spec, "ports"));
  EXPECT_EQ(ports.line, 5u);  // an indentless sequence at its first "-"
  EXPECT_EQ(ports.column, 2u);
}

TEST(k8sYamlReader, DocumentsOneAtATime) {
  const Docs r = ReadAll("a: 1\n---\n---\n[x]\n--- \"s\"\n");
  ASSERT_TRUE(r.error.ok());
  ASSERT_EQ(r.docs.size(), 4u);
  EXPECT_EQ(r.docs[1].node(r.docs[1].root()).kind, YamlKind::kNull);
  EXPECT_EQ(r.docs[2].node(r.docs[2].root()).kind, YamlKind::kList);
  EXPECT_EQ(r.docs[3].Text(r.docs[3].node(r.docs[3].root())), "s");
  EXPECT_TRUE(ReadAll("").docs.empty());
  EXPECT_TRUE(ReadAll("# only\n").docs.empty());
}

TEST(k8sYamlReader, MalformedTextFailsWithLibyamlsPosition) {
  Docs r = ReadAll("a: 1\nb: {c: 2\n");
  EXPECT_EQ(r.error.code(), Code::kInvalidConfig);
  EXPECT_EQ(r.error.message(),
            "r.yaml:3:1: invalid YAML: while parsing a flow mapping: did not find expected ',' or "
            "'}'");
  r = ReadAll("a: 1\nb: *nowhere\n");
  EXPECT_EQ(r.error.message(),
            "r.yaml:2:4: invalid YAML: the alias \"*nowhere\" names no anchor before it in its "
            "document");
  // Anchors belong to their document.
  r = ReadAll("a: &x 1\n---\nb: *x\n");
  EXPECT_EQ(r.docs.size(), 1u);
  EXPECT_FALSE(r.error.ok());
}

TEST(k8sYamlReader, CancelledAtADocumentStart) {
  int asked = 0;
  const Docs r = ReadAll("a: 1\n---\nb: 2\n---\nc: 3\n", [&asked] { return ++asked > 1; });
  EXPECT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.error.code(), Code::kUnavailable);
  EXPECT_EQ(r.error.message(), "r.yaml: decoding stopped (the proxy is stopping)");
  EXPECT_EQ(asked, 2);
}

}  // namespace
}  // namespace ki::k8s::internal
