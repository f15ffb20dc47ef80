#include "pkg/config/yaml_input.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace ki::config {
namespace {

std::string ErrorOf(const std::string& text) {
  Result<std::vector<YamlDocument>> r = ParseYamlDocuments(text, "c.yaml");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalidConfig);
  return r.ok() ? "" : r.status().message();
}

TEST(YamlInput, EmptyAndCommentOnlyFilesAreErrors) {
  EXPECT_NE(ErrorOf("").find("c.yaml: no configuration in the file"), std::string::npos);
  EXPECT_NE(ErrorOf("# only a comment\n---\n").find("no configuration"), std::string::npos);
}

TEST(YamlInput, BinaryContentIsAnErrorWithPosition) {
  EXPECT_EQ(ErrorOf(std::string("a: 1\nb: \x00\x01", 11)),
            "c.yaml:2:4: binary content (control byte) in a YAML configuration file");
  EXPECT_EQ(ErrorOf("a: \xff\xfe\n"), "c.yaml:1:4: invalid UTF-8 in a YAML configuration file");
}

TEST(YamlInput, TabIndentationIsAnErrorWithPosition) {
  std::string msg = ErrorOf("api:\n\tadvertiseAddress: 1.2.3.4\n");
  EXPECT_EQ(msg.rfind("c.yaml:2:1: tab character in indentation", 0), 0u) << msg;
}

TEST(YamlInput, TabInsideAValueIsFine) {
  Result<std::vector<YamlDocument>> r = ParseYamlDocuments("a: \"x\ty\"\n", "c.yaml");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ((*r)[0].root["a"].Scalar(), "x\ty");
}

TEST(YamlInput, OversizedFileIsRefusedBeforeParsing) {
  std::string big(10 * 1024 * 1024, 'a');
  std::string msg = ErrorOf(big);
  EXPECT_NE(msg.find("file is 10485760 bytes; a configuration file may be at most 1048576"),
            std::string::npos)
      << msg;
}

TEST(YamlInput, DeepFlowNestingIsAnError) {
  std::string msg = ErrorOf("a: " + std::string(100000, '['));
  EXPECT_EQ(msg.rfind("c.yaml:1:68: nesting deeper than 64 levels", 0), 0u) << msg;
}

TEST(YamlInput, DeepBlockNestingIsAnError) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += std::string(static_cast<size_t>(i), ' ') + "k:\n";
  std::string msg = ErrorOf(text);
  EXPECT_EQ(msg.rfind("c.yaml:65:65: nesting deeper than 64 levels", 0), 0u) << msg;
}

TEST(YamlInput, BracketsInsideQuotesAndCommentsDoNotCount) {
  std::string text = "a: \"" + std::string(100, '[') + "\" # " + std::string(100, '{') + "\n";
  EXPECT_TRUE(ParseYamlDocuments(text, "c.yaml").ok());
}

// Inputs on which yaml-cpp 0.7 never returns (found by the fuzzer).
TEST(YamlInput, DocumentsYamlCppWouldHangOnAreRefused) {
  EXPECT_EQ(ErrorOf(","),
            "c.yaml:1:1: a document can't start with ',': a kubeadm configuration "
            "document is a mapping (apiVersion: ...)");
  EXPECT_EQ(
      ErrorOf("!!apiSe,rverCertSANs##1").rfind("c.yaml:1:1: a document can't start with '!'", 0),
      0u);
  EXPECT_EQ(ErrorOf("  &x ,").rfind("c.yaml:1:3: a document can't start with '&'", 0), 0u);
  EXPECT_EQ(ErrorOf("# c\n---\n!a,b\n").rfind("c.yaml:3:1:", 0), 0u);
  EXPECT_EQ(ErrorOf("apiVersion: v1\n--- !a,b\n").rfind("c.yaml:2:5:", 0), 0u);
  for (const char* root :
       {"'&&x',x(',", "\"a\",x", "[1] ,x", "{a: 1},x", "'it''s'\n# c\n,", "\"a\\\"b\",x"}) {
    EXPECT_NE(ErrorOf(root).find("unexpected content after the document's first value"),
              std::string::npos)
        << root;
  }
  // Quoted keys, JSON documents, tags and commas elsewhere are fine.
  EXPECT_TRUE(ParseYamlDocuments("\"apiVersion\": v1\n'kind': X\n", "c.yaml").ok());
  EXPECT_TRUE(ParseYamlDocuments("{\"a\": [1, 2]}\n", "c.yaml").ok());
  EXPECT_TRUE(ParseYamlDocuments("{\"a\": 1}\n---\n{\"b\": 2}\n", "c.yaml").ok());
  EXPECT_TRUE(ParseYamlDocuments("a: b,c\nk: !!str x\n", "c.yaml").ok());
}

TEST(YamlInput, SyntaxErrorsCarryLineAndColumn) {
  std::string msg = ErrorOf("a: 1\nb: [1, 2\n");
  EXPECT_EQ(msg.rfind("c.yaml:3:1: invalid YAML:", 0), 0u) << msg;
}

TEST(YamlInput, MultiDocumentStreamsDropEmptyDocuments) {
  Result<std::vector<YamlDocument>> r = ParseYamlDocuments("---\na: 1\n---\n---\nb: 2\n", "c.yaml");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ(PositionOf((*r)[1].root, "c.yaml").ToString(), "c.yaml:5:1");
}

TEST(YamlInput, MissingFileIsAFlagError) {
  Result<std::string> r = ReadConfigFile("/nonexistent/kubeadm.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalidConfig);
  EXPECT_EQ(r.status().message(),
            "unable to read config from \"/nonexistent/kubeadm.yaml\": open: No such file or "
            "directory");
}

class ReadConfigFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (std::filesystem::temp_directory_path() / "ki-cfg-XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string ErrorOfFile(const std::string& path) {
    Result<std::string> r = ReadConfigFile(path);
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Code::kInvalidConfig);  // a flag error: exit 3
    return r.ok() ? "" : r.status().message();
  }
  std::string dir_;
};

TEST_F(ReadConfigFileTest, ReadsARegularFile) {
  std::ofstream(dir_ + "/c.yaml") << "apiVersion: v1\n";
  Result<std::string> r = ReadConfigFile(dir_ + "/c.yaml");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, "apiVersion: v1\n");
}

TEST_F(ReadConfigFileTest, ADirectoryIsRefusedByName) {
  EXPECT_EQ(ErrorOfFile(dir_),
            "unable to read config from \"" + dir_ + "\": is a directory, not a regular file");
}

TEST_F(ReadConfigFileTest, AFifoIsRefusedWithoutWaitingForAWriter) {
  ASSERT_EQ(::mkfifo((dir_ + "/fifo").c_str(), 0600), 0);
  EXPECT_EQ(ErrorOfFile(dir_ + "/fifo"), "unable to read config from \"" + dir_ +
                                             "/fifo\": is a FIFO (named pipe), not a regular file");
}

TEST_F(ReadConfigFileTest, ADeviceIsRefusedByName) {
  EXPECT_EQ(ErrorOfFile("/dev/zero"),
            "unable to read config from \"/dev/zero\": is a character device, not a regular file");
}

TEST_F(ReadConfigFileTest, AnOversizeFileIsRefusedWithTheCap) {
  std::ofstream(dir_ + "/big.yaml") << "";
  std::filesystem::resize_file(dir_ + "/big.yaml", kMaxConfigBytes + 1);
  EXPECT_EQ(
      ErrorOfFile(dir_ + "/big.yaml"),
      "unable to read config from \"" + dir_ +
          "/big.yaml\": is larger than 1 MiB, the most read for a kubeadm configuration file");
}

TEST_F(ReadConfigFileTest, ABinaryPathIsQuoted) {
  EXPECT_EQ(ErrorOfFile(dir_ + "/a\x01\nb"), "unable to read config from \"" + dir_ +
                                                 "/a\\x01\\nb\": open: No such file or directory");
}

TEST(YamlInput, BinaryFileNameInPositionsIsQuoted) {
  Result<std::vector<YamlDocument>> r = ParseYamlDocuments("a: \x01", "c\n.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "\"c\\n.yaml\":1:4: binary content (control byte) in a YAML configuration file");
}

}  // namespace
}  // namespace ki::config
