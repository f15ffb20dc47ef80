#include "pkg/k8s/client/kubeconfig.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "pkg/base/file_read.h"

#include "pkg/k8s/client/in_cluster.h"

namespace ki::k8s::client {
namespace {

// "hello" and "world" in base64.
constexpr const char* kHello = "aGVsbG8=";
constexpr const char* kWorld = "d29ybGQ=";

class KubeconfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (std::filesystem::temp_directory_path() / "ki-kc-XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    Write("ca.crt", "CA-PEM");
    Write("client.crt", "CERT-PEM");
    Write("client.key", "KEY-PEM");
    Write("token", "file-token\n");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& name, const std::string& content) {
    std::ofstream(dir_ + "/" + name) << content;
  }
  Result<RestConfig> Parse(const std::string& user, const std::string& cluster_extra = "",
                           const KubeconfigOptions& options = {}) {
    const std::string text =
        "apiVersion: v1\nkind: Config\n"
        "clusters:\n- name: c1\n  cluster:\n    server: https://10.0.0.1:6443/\n" +
        cluster_extra +
        "- name: c2\n  cluster:\n    server: https://[fd00::1]:443\n"
        "users:\n- name: u1\n  user:\n" +
        user +
        "- name: u2\n  user:\n    token: second\n"
        "contexts:\n- name: one\n  context: {cluster: c1, user: u1}\n"
        "- name: two\n  context: {cluster: c2, user: u2}\n"
        "current-context: one\n";
    return ParseKubeconfig(text, dir_ + "/config", options);
  }
  std::string dir_;
};

TEST_F(KubeconfigTest, CurrentContextPicksClusterAndUser) {
  auto c = Parse("    token: abc\n");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->server, "https://10.0.0.1:6443");  // trailing slash dropped
  EXPECT_EQ(c->token, "abc");
  EXPECT_TRUE(c->ca_pem.empty());
  EXPECT_FALSE(c->insecure_skip_tls_verify);
  EXPECT_NE(c->source.find("context one, user u1"), std::string::npos);
}

TEST_F(KubeconfigTest, ContextOverride) {
  auto c = Parse("    token: abc\n", "", KubeconfigOptions{"two"});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->server, "https://[fd00::1]:443");
  EXPECT_EQ(c->token, "second");
}

TEST_F(KubeconfigTest, RelativeFilesResolveAgainstTheKubeconfigDirectory) {
  auto c = Parse(
      "    client-certificate: client.crt\n    client-key: client.key\n"
      "    tokenFile: token\n",
      "    certificate-authority: ca.crt\n");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->ca_pem, "CA-PEM");
  EXPECT_EQ(c->client_cert_pem, "CERT-PEM");
  EXPECT_EQ(c->client_key_pem, "KEY-PEM");
  EXPECT_EQ(c->token_file, dir_ + "/token");
}

TEST_F(KubeconfigTest, DataFieldsAreBase64AndWinOverFiles) {
  auto c = Parse(std::string("    client-certificate-data: ") + kHello +
                     "\n    client-key-data: " + kWorld + "\n",
                 std::string("    certificate-authority: missing.crt\n"
                             "    certificate-authority-data: ") +
                     kWorld + "\n");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->ca_pem, "world");
  EXPECT_EQ(c->client_cert_pem, "hello");
  EXPECT_EQ(c->client_key_pem, "world");
}

TEST_F(KubeconfigTest, InsecureSkipTlsVerify) {
  auto c = Parse("    token: t\n", "    insecure-skip-tls-verify: true\n");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->insecure_skip_tls_verify);
  auto both = Parse("    token: t\n",
                    "    insecure-skip-tls-verify: true\n    certificate-authority: ca.crt\n");
  EXPECT_EQ(both.status().code(), Code::kInvalidConfig);
}

TEST_F(KubeconfigTest, ExecPluginIsRejectedClearly) {
  auto c = Parse(
      "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
      "      command: aws-iam-authenticator\n");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), Code::kInvalidConfig);
  EXPECT_NE(c.status().message().find("exec credential plugin (command \"aws-iam-authenticator\")"
                                      " is not supported"),
            std::string::npos)
      << c.status().message();
  EXPECT_NE(c.status().message().find("user \"u1\""), std::string::npos);
  auto p = Parse("    auth-provider:\n      name: gcp\n");
  EXPECT_NE(p.status().message().find("auth-provider"), std::string::npos);
}

TEST_F(KubeconfigTest, Errors) {
  auto missing_file = Parse("    client-certificate: nope.crt\n    client-key: client.key\n");
  EXPECT_NE(missing_file.status().message().find("nope.crt"), std::string::npos);
  auto half = Parse("    client-certificate: client.crt\n");
  EXPECT_NE(half.status().message().find("must be set together"), std::string::npos);
  auto bad_b64 = Parse("    client-certificate-data: '***'\n    client-key-data: eA==\n");
  EXPECT_NE(bad_b64.status().message().find("client-certificate-data"), std::string::npos);
  auto no_ctx = Parse("    token: t\n", "", KubeconfigOptions{"three"});
  EXPECT_NE(no_ctx.status().message().find("context \"three\" not found"), std::string::npos);
  auto no_token_file = Parse("    tokenFile: /nonexistent/token\n");
  EXPECT_NE(no_token_file.status().message().find("tokenFile"), std::string::npos);
  auto yaml = ParseKubeconfig("clusters: [", "/x/config");
  EXPECT_EQ(yaml.status().code(), Code::kInvalidConfig);
  EXPECT_NE(yaml.status().message().find("/x/config:"), std::string::npos);
  auto no_current = ParseKubeconfig("apiVersion: v1\nkind: Config\n", "/x/config");
  EXPECT_NE(no_current.status().message().find("no current-context"), std::string::npos);
  auto no_server = ParseKubeconfig(
      "clusters:\n- name: c\n  cluster: {}\ncontexts:\n- name: x\n  context: {cluster: c}\n"
      "current-context: x\n",
      "/x/config");
  EXPECT_NE(no_server.status().message().find("no server"), std::string::npos);
  auto no_cluster = ParseKubeconfig(
      "contexts:\n- name: x\n  context: {cluster: gone}\ncurrent-context: x\n", "/x/config");
  EXPECT_NE(no_cluster.status().message().find("cluster \"gone\" not found"), std::string::npos);
  EXPECT_EQ(LoadKubeconfig(dir_ + "/absent").status().code(), Code::kInvalidConfig);
}

TEST_F(KubeconfigTest, LoadFromDisk) {
  Write("config",
        "clusters:\n- name: c\n  cluster: {server: 'https://127.0.0.1:6443'}\n"
        "users:\n- name: u\n  user: {tokenFile: token}\n"
        "contexts:\n- name: x\n  context: {cluster: c, user: u}\ncurrent-context: x\n");
  auto c = LoadKubeconfig(dir_ + "/config");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->token_file, dir_ + "/token");
  EXPECT_EQ(DescribeCredentials(*c).rfind("bearer token from file " + dir_ + "/token", 0), 0u);
}

TEST_F(KubeconfigTest, InClusterConfig) {
  InClusterPaths paths{dir_ + "/token", dir_ + "/ca.crt"};
  auto env = [](const char* name) -> std::optional<std::string> {
    if (std::string(name) == "KUBERNETES_SERVICE_HOST") return "fd00::1";
    if (std::string(name) == "KUBERNETES_SERVICE_PORT") return "443";
    return std::nullopt;
  };
  auto c = InClusterConfig(paths, env);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->server, "https://[fd00::1]:443");
  EXPECT_EQ(c->ca_pem, "CA-PEM");
  EXPECT_EQ(c->token_file, dir_ + "/token");
  auto none = InClusterConfig(paths, [](const char*) { return std::optional<std::string>(); });
  EXPECT_NE(none.status().message().find("KUBERNETES_SERVICE_HOST"), std::string::npos);
  paths.ca_file = dir_ + "/nope";
  EXPECT_NE(InClusterConfig(paths, env).status().message().find("in-cluster CA"),
            std::string::npos);
}

// Every file a kubeconfig load reads is a regular file of bounded size: a
// directory, FIFO or device is refused by name, never read (a FIFO never
// blocks, /dev/zero never grows memory).
TEST_F(KubeconfigTest, KubeconfigThatIsNotARegularFileIsRefusedByName) {
  ASSERT_EQ(::mkfifo((dir_ + "/fifo").c_str(), 0600), 0);
  auto fifo = LoadKubeconfig(dir_ + "/fifo");
  EXPECT_EQ(fifo.status().code(), Code::kInvalidConfig);
  EXPECT_EQ(fifo.status().message(),
            "kubeconfig: read " + dir_ + "/fifo: is a FIFO (named pipe), not a regular file");
  auto dir = LoadKubeconfig(dir_);
  EXPECT_EQ(dir.status().code(), Code::kInvalidConfig);
  EXPECT_EQ(dir.status().message(),
            "kubeconfig: read " + dir_ + ": is a directory, not a regular file");
  auto zero = LoadKubeconfig("/dev/zero");
  EXPECT_EQ(zero.status().code(), Code::kInvalidConfig);
  EXPECT_EQ(zero.status().message(),
            "kubeconfig: read /dev/zero: is a character device, not a regular file");
  auto absent = LoadKubeconfig(dir_ + "/absent");
  EXPECT_EQ(absent.status().message(),
            "kubeconfig: read " + dir_ + "/absent: No such file or directory");
}

TEST_F(KubeconfigTest, OversizeKubeconfigIsRefusedWithTheCap) {
  const std::string big = dir_ + "/big";
  Write("big", "");
  std::filesystem::resize_file(big, kMaxKubeconfigBytes + 1);  // sparse: no disk used
  auto c = LoadKubeconfig(big);
  EXPECT_EQ(c.status().code(), Code::kInvalidConfig);
  EXPECT_EQ(c.status().message(),
            "kubeconfig: read " + big + ": is larger than 4 MiB, the most read for a kubeconfig");
  auto text = ParseKubeconfig(std::string(kMaxKubeconfigBytes + 1, 'a'), "/x/config");
  EXPECT_EQ(text.status().message(),
            "/x/config: is larger than 4 MiB, the most read for a kubeconfig");
}

TEST_F(KubeconfigTest, BinaryKubeconfigIsAShortClearError) {
  // The start of an ELF executable (a copied /bin/ls), then bytes of every value.
  std::string elf(
      "\x7f"
      "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0",
      20);
  for (int i = 0; i < 4096; ++i) elf += static_cast<char>(i * 37 % 256);
  Write("ls", elf);
  auto c = LoadKubeconfig(dir_ + "/ls");
  EXPECT_EQ(c.status().code(), Code::kInvalidConfig);
  EXPECT_EQ(c.status().message(), dir_ + "/ls:1:5: binary content (control byte) in a kubeconfig");
  auto utf8 = ParseKubeconfig("server: \xff\xfe\n", "/x/config");
  EXPECT_EQ(utf8.status().message(), "/x/config:1:9: invalid UTF-8 in a kubeconfig");
}

TEST_F(KubeconfigTest, YamlThatYamlCppHangsOnIsRefused) {
  for (const char* text : {",", "!a,b", "&x ,", "'a',x", "[1],x"}) {
    auto c = ParseKubeconfig(text, "/x/config");
    EXPECT_EQ(c.status().code(), Code::kInvalidConfig) << text;
    EXPECT_EQ(c.status().message().rfind("/x/config:1:", 0), 0u) << c.status().message();
  }
}

TEST_F(KubeconfigTest, CredentialFilesThatAreNotRegularFilesAreRefusedByName) {
  ASSERT_EQ(::mkfifo((dir_ + "/fifo").c_str(), 0600), 0);
  auto cert = Parse("    client-certificate: /dev/zero\n    client-key: client.key\n");
  EXPECT_EQ(cert.status().code(), Code::kInvalidConfig);
  EXPECT_NE(cert.status().message().find(
                "user \"u1\": client-certificate: read /dev/zero: is a character device, not a "
                "regular file"),
            std::string::npos)
      << cert.status().message();
  auto key = Parse("    client-certificate: client.crt\n    client-key: fifo\n");
  EXPECT_NE(key.status().message().find("client-key: read " + dir_ +
                                        "/fifo: is a FIFO (named pipe), not a regular file"),
            std::string::npos)
      << key.status().message();
  auto ca = Parse("    token: t\n", "    certificate-authority: " + dir_ + "\n");
  EXPECT_NE(ca.status().message().find("cluster \"c1\": certificate-authority: read " + dir_ +
                                       ": is a directory, not a regular file"),
            std::string::npos)
      << ca.status().message();
  auto token = Parse("    tokenFile: /dev/null\n");
  EXPECT_NE(token.status().message().find(
                "tokenFile: read /dev/null: is a character device, not a regular file"),
            std::string::npos)
      << token.status().message();
}

TEST_F(KubeconfigTest, OversizeCredentialFileIsRefusedWithTheCap) {
  Write("huge.crt", "");
  std::filesystem::resize_file(dir_ + "/huge.crt", kMaxCredentialBytes + 1);
  auto c = Parse("    client-certificate: huge.crt\n    client-key: client.key\n");
  EXPECT_NE(c.status().message().find("client-certificate: read " + dir_ +
                                      "/huge.crt: is larger than 1 MiB, the most read for a "
                                      "client-certificate file"),
            std::string::npos)
      << c.status().message();
}

TEST_F(KubeconfigTest, ValuesInMessagesAreQuotedAndCut) {
  const std::string long_server(500000, 'x');
  auto c = ParseKubeconfig("clusters:\n- name: c\n  cluster: {server: " + long_server +
                               "}\ncontexts:\n- name: x\n  context: {cluster: c}\n"
                               "current-context: x\n",
                           "/x/config");
  ASSERT_FALSE(c.ok());
  EXPECT_LT(c.status().message().size(), 300u) << c.status().message().substr(0, 300);
  EXPECT_NE(c.status().message().find("...\" (500000 bytes) is not an http(s) URL"),
            std::string::npos)
      << c.status().message().substr(0, 300);
  auto ctl = ParseKubeconfig("current-context: \"a\\x01\\nb\"\n", "/x/config");
  EXPECT_EQ(ctl.status().message(), "/x/config: context \"a\\x01\\nb\" not found");
  auto exec = Parse("    exec:\n      command: \"" + std::string(1000, 'c') + "\"\n");
  EXPECT_LT(exec.status().message().size(), 400u);
  EXPECT_NE(exec.status().message().find("(1000 bytes)"), std::string::npos);
}

TEST_F(KubeconfigTest, WrongShapesAreClearErrors) {
  auto skip = Parse("    token: t\n", "    insecure-skip-tls-verify: maybe\n");
  EXPECT_NE(skip.status().message().find("insecure-skip-tls-verify: expected true or false"),
            std::string::npos)
      << skip.status().message();
  auto scalar_cluster = ParseKubeconfig(
      "clusters:\n- name: c\n  cluster: x\ncontexts:\n- name: x\n  context: {cluster: c}\n"
      "current-context: x\n",
      "/x/config");
  EXPECT_EQ(scalar_cluster.status().message(),
            "/x/config: context \"x\": cluster \"c\": cluster is not a mapping");
  auto list_name = ParseKubeconfig(
      "contexts:\n- name: [x]\n- name: x\n  context: {cluster: c}\ncurrent-context: x\n",
      "/x/config");
  EXPECT_NE(list_name.status().message().find("cluster \"c\" not found"), std::string::npos)
      << list_name.status().message();
}

TEST_F(KubeconfigTest, InClusterFilesAreTypedAndBounded) {
  auto env = [](const char* name) -> std::optional<std::string> {
    if (std::string(name) == "KUBERNETES_SERVICE_HOST") return "10.96.0.1";
    if (std::string(name) == "KUBERNETES_SERVICE_PORT") return "443";
    return std::nullopt;
  };
  auto token = InClusterConfig(InClusterPaths{dir_, dir_ + "/ca.crt"}, env);
  EXPECT_EQ(token.status().message(),
            "in-cluster token: read " + dir_ + ": is a directory, not a regular file");
  auto ca = InClusterConfig(InClusterPaths{dir_ + "/token", "/dev/zero"}, env);
  EXPECT_EQ(ca.status().message(),
            "in-cluster CA: read /dev/zero: is a character device, not a regular file");
}

}  // namespace
}  // namespace ki::k8s::client
