#include "pkg/k8s/client/kubeconfig.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

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

}  // namespace
}  // namespace ki::k8s::client
