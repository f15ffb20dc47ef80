// The manifest YAML readers: the fast reader reads what it reads exactly as
// libyaml does (kinds, texts, styles, positions, empty nodes included), never
// accepts what libyaml refuses, and leaves everything else to libyaml; and
// the libyaml reader's own nodes, errors and cancellation. Differential: the
// libyaml reader is the judge, on hand-written texts and on many generated
// and mutated ones.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "pkg/k8s/yaml_fast.h"
#include "pkg/k8s/yaml_reader.h"

namespace ki::k8s::internal {
namespace {

// A node as text: "line:col" and its kind, text and style, children nested.
std::string Dump(const YamlDoc& doc, uint32_t i, int depth = 0) {
  const YamlNode& n = doc.node(i);
  std::string out = std::to_string(n.line) + ":" + std::to_string(n.column);
  if (depth > 20) return out + "...";
  switch (n.kind) {
    case YamlKind::kNull:
      return out + "~";
    case YamlKind::kScalar:
      return out + (n.quoted ? "'" : "=") + std::string(doc.Text(n)) + "'";
    case YamlKind::kMap:
    case YamlKind::kList: {
      out += n.kind == YamlKind::kMap ? "{" : "[";
      for (uint32_t kid : doc.Children(n)) out += Dump(doc, kid, depth + 1) + ",";
      return out + (n.kind == YamlKind::kMap ? "}" : "]");
    }
  }
  return out;
}

// Every document of the text, dumped; or the error.
struct Read {
  std::vector<std::string> docs;
  std::string error;
  bool unsupported = false;
};

Read ReadAll(YamlDocs& reader) {
  Read r;
  YamlDoc doc;
  for (;;) {
    Result<bool> more = reader.Next(doc);
    if (!more.ok()) {
      r.error = more.status().message();
      return r;
    }
    if (!*more) return r;
    r.docs.push_back(Dump(doc, doc.root()));
  }
}

const std::string kFile = "t.yaml";
const std::function<bool()> kNever;

Read Slow(const std::string& text) {
  YamlReader reader(text, kFile, kNever);
  return ReadAll(reader);
}

Read Fast(const std::string& text) {
  FastYamlReader reader(text, kFile, kNever);
  Read r = ReadAll(reader);
  r.unsupported = reader.unsupported();
  return r;
}

// Whether the fast reader took the text; if it did, it must have read what
// libyaml reads.
bool SameAsLibyaml(const std::string& text) {
  const Read fast = Fast(text);
  if (fast.unsupported) return false;
  const Read slow = Slow(text);
  EXPECT_EQ(slow.error, "") << "the fast reader took text libyaml refuses:\n" << text;
  EXPECT_EQ(fast.error, "") << text;
  EXPECT_EQ(fast.docs, slow.docs) << text;
  return true;
}

TEST(k8sYamlFast, ReadsWhatManifestsAreWrittenInAsLibyaml) {
  const char* texts[] = {
      "",
      "# only a comment\n\n",
      "---",
      "---\n",
      "--- # a comment\n---\n",
      "a: 1\n---\n",
      "a: 1\n---\nb: 2\n",
      ("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels: {app: web}\n"
       "spec:\n  ports:\n  - name: http\n    port: 80\n  - {port: 443, targetPort: https}\n"),
      "a:\n- 1\n-\n- 3\nb: 2\n",
      "a:\n  - 1\n  - - 2\n    - 3\n  - x: 1\n    y: 2\n",
      "- a\n-\n- b\n",
      "a:\nb:\n",
      "a:   \n  b: 1   # c\n\n# d\n  c: [x, y ]  \n",
      "k: [a, b, ]\nm: {a: 1, b: 2,}\ne: []\nf: {}\n",
      "'quoted': \"double\"\nx: 'it''s'\ny: \"a\\tb\\u00e9\\x41\\\\\\\"\\/\"\nz: ''\n",
      "a : 1\n\"b\" : 2\n'c':\n  3\n",
      "n: ~\nm: null\no: Null\np: NULL\nq: \"null\"\nr: ''\n",
      "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"spec\":{\"ports\":[{\"port\":80}]}}",
      "{\n  \"a\": 1,\n  \"b\": [\n    1,\n    2\n  ],\n  \"c\": {\"d\": true}\n}\n",
      "[\n  80\n]\n",
      "x: [1,\n   2] # end\n",
      "url: http://example.com/a#b\nimage: nginx:1.25\nneg: -1\ndash: -x\n",
      "  indented: root\n  second: key\n",
      "plain root\n",
      "\"quoted root\"\n",
      "- [a, b]\n- {c: d}\n",
      "key with spaces: value with spaces\n",
  };
  for (const char* text : texts) EXPECT_TRUE(SameAsLibyaml(text)) << "left to libyaml:\n" << text;
}

TEST(k8sYamlFast, LeavesTheRestToLibyaml) {
  const char* texts[] = {
      "a: &x 1\nb: *x\n",
      "a: !!str 1\n",
      "a: |\n  text\n",
      "a: >-\n  folded\n",
      "a: multi\n  line\n",
      "a: \"multi\n  line\"\n",
      "%YAML 1.1\n---\na: 1\n",
      "a: 1\n...\n",
      "a:\tb\n",
      "a: 1\r\n",
      "a: caf\xc3\xa9\n",
      "? complex\n: key\n",
      "{a:1}\n",
      "[a:b]\n",
      "a: b: c\n",
      "a: [1, 2\n",
      "a: 1\n b: 2\n",
      "- a\nb: 1\n",
      "[a, b]: c\n",
      "a: \"\\U0001F600\"\n",
      "--- a: 1\n",
  };
  for (const char* text : texts) {
    EXPECT_TRUE(Fast(text).unsupported) << text;
    EXPECT_FALSE(SameAsLibyaml(text));
  }
}

// Random YAML-like texts from pieces manifests are made of, and near misses.
class TextGen {
 public:
  explicit TextGen(uint32_t seed) : rng_(seed) {}

  std::string Document() {
    std::string out;
    Block(0, 0, out);
    return out;
  }

  // One character inserted, removed or replaced.
  std::string Mutate(std::string text) {
    static const std::string kChars = " \n:-#[]{},'\"ab1?&*!|>\\";
    const size_t at = Pick(text.size() + 1);
    switch (Pick(3)) {
      case 0:
        text.insert(at, 1, kChars[Pick(kChars.size())]);
        break;
      case 1:
        if (at < text.size()) text.erase(at, 1);
        break;
      default:
        if (at < text.size()) text[at] = kChars[Pick(kChars.size())];
    }
    return text;
  }

 private:
  size_t Pick(size_t n) {
    return n == 0 ? 0 : std::uniform_int_distribution<size_t>(0, n - 1)(rng_);
  }

  std::string Scalar(bool flow) {
    static const char* kPlain[] = {"a",   "80",   "true", "null",     "~",  "-1",  "a b", "a:b",
                                   "x#y", "it's", "v1",   "http://x", "-x", "1.5", "NO",  "a  b"};
    static const char* kQuoted[] = {"'a'",     "''",          "'it''s'",    "\"a\"",    "\"\"",
                                    "\"\\t\"", "\"\\u00e9\"", "\"a\\\"b\"", "\"\\x41\""};
    static const char* kBlockOnly[] = {"a,b", "[x", "x]", "{y"};
    switch (Pick(flow ? 2 : 3)) {
      case 0:
        return kPlain[Pick(std::size(kPlain))];
      case 1:
        return kQuoted[Pick(std::size(kQuoted))];
      default:
        return kBlockOnly[Pick(std::size(kBlockOnly))];
    }
  }

  std::string Spaces() { return std::string(Pick(4) == 0 ? Pick(3) : 1, ' '); }

  std::string Comment() { return Pick(4) == 0 ? " # c" : ""; }

  void Flow(int depth, std::string& out) {
    const bool map = Pick(2) == 0;
    out += map ? "{" : "[";
    const size_t n = Pick(4);
    for (size_t i = 0; i < n; ++i) {
      if (Pick(5) == 0) out += "\n" + std::string(Pick(6), ' ');
      if (map) out += Scalar(true) + ":" + Spaces();
      if (depth < 3 && Pick(4) == 0) {
        Flow(depth + 1, out);
      } else {
        out += Scalar(true);
      }
      if (i + 1 < n || Pick(6) == 0) out += "," + Spaces();
    }
    out += map ? "}" : "]";
  }

  // A value after "key:" or "- " on its line, or on the lines below.
  void Value(int indent, int depth, std::string& out) {
    const size_t kind = depth > 3 ? Pick(2) : Pick(5);
    if (kind == 0) {
      out += " " + Scalar(false) + Comment() + "\n";
    } else if (kind == 1) {
      out += " ";
      Flow(0, out);
      out += Comment() + "\n";
    } else if (kind == 2) {
      out += Comment() + "\n";  // empty, or an indentless sequence below
      if (Pick(2) == 0) Sequence(indent, depth + 1, out);
    } else {
      out += Comment() + "\n";
      Block(indent + 1 + static_cast<int>(Pick(3)), depth + 1, out);
    }
  }

  void Sequence(int indent, int depth, std::string& out) {
    const size_t n = 1 + Pick(3);
    for (size_t i = 0; i < n; ++i) {
      out += std::string(static_cast<size_t>(indent), ' ') + "-";
      if (Pick(4) == 0 && depth < 4) {
        // A compact mapping: its keys line up after "- ".
        out += " " + Scalar(false) + ":";
        Value(indent + 2, depth + 1, out);
        out += std::string(static_cast<size_t>(indent) + 2, ' ') + "k:";
        Value(indent + 2, depth + 1, out);
      } else {
        Value(indent, depth, out);
      }
    }
  }

  void Block(int indent, int depth, std::string& out) {
    if (Pick(6) == 0) out += "\n";
    if (Pick(6) == 0) out += std::string(static_cast<size_t>(indent), ' ') + "# line\n";
    if (Pick(3) == 0) {
      Sequence(indent, depth, out);
      return;
    }
    const size_t n = 1 + Pick(3);
    for (size_t i = 0; i < n; ++i) {
      out += std::string(static_cast<size_t>(indent), ' ') + Scalar(false) + (Pick(8) ? "" : " ") +
             ":";
      Value(indent, depth, out);
    }
  }

  std::mt19937 rng_;
};

TEST(k8sYamlFast, GeneratedAndMutatedTextsReadAsLibyamlReadsThem) {
  TextGen gen(14);
  int taken = 0;
  int mutated_taken = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string text = gen.Document();
    if (i % 3 == 0) text = "---\n" + text + "---\n" + gen.Document();
    taken += SameAsLibyaml(text) ? 1 : 0;
    for (int m = 0; m < 3; ++m) {
      text = gen.Mutate(text);
      mutated_taken += SameAsLibyaml(text) ? 1 : 0;
    }
    if (HasFailure()) break;
  }
  // The texts exercise the fast reader, not only its way out.
  EXPECT_GT(taken, 500);
  EXPECT_GT(mutated_taken, 500);
}

}  // namespace
}  // namespace ki::k8s::internal
