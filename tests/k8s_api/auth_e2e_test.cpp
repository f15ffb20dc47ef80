// Authentication against the test API server: tokens, token files and their
// rotation, client certificates, and failures that say what was tried; and
// a kubeconfig written to disk driving a real connection.
#include <gtest/gtest.h>

#include <cerrno>
#include <fstream>

#include "pkg/k8s/client/kubeconfig.h"
#include "tests/k8s_api/api_fixture.h"

namespace ki::k8s::testapi {
namespace {

class AuthTest : public ApiServerTest {
 protected:
  Status List(const client::RestConfig& config) {
    RecordingSink sink;
    auto reflector = NewReflector(client::ServicesResource(), config);
    client::StopSignal stop;
    return reflector->ListAndSync(stop, sink);
  }
  void WriteToken(const std::string& token) { std::ofstream(token_file_) << token << "\n"; }
};

TEST_F(AuthTest, TokenFileAndClientCertificateAreAccepted) {
  AddServices(3);
  EXPECT_TRUE(List(TokenConfig()).ok());
  EXPECT_TRUE(List(CertConfig()).ok());
  client::RestConfig inline_token = CertConfig();
  inline_token.client_cert_pem.clear();
  inline_token.client_key_pem.clear();
  inline_token.token = kGoodToken;
  EXPECT_TRUE(List(inline_token).ok());
}

TEST_F(AuthTest, WrongTokenIs401AndNamesTheTokenFile) {
  WriteToken("not-the-token");
  const Status st = List(TokenConfig());
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), Code::kPermissionDenied);
  EXPECT_NE(st.message().find("401 Unauthorized"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("bearer token from file " + token_file_), std::string::npos)
      << st.message();
  EXPECT_EQ(st.message().find("not-the-token"), std::string::npos) << "secret in message";
}

TEST_F(AuthTest, NoCredentialsIs401) {
  client::RestConfig config = TokenConfig();
  config.token_file.clear();
  const Status st = List(config);
  EXPECT_EQ(st.code(), Code::kPermissionDenied);
  EXPECT_NE(st.message().find("tried no credentials"), std::string::npos) << st.message();
}

TEST_F(AuthTest, ForbiddenUserIs403WithTheServersReason) {
  TestPki forbidden(kForbiddenUser);
  ASSERT_TRUE(forbidden.ok());
  // A PKI whose client certificate names the forbidden user; the server is
  // restarted to trust its CA.
  server_->Stop();
  ServerOptions options;
  options.cert_file = forbidden.path("server.crt");
  options.key_file = forbidden.path("server.key");
  options.client_ca_file = forbidden.path("ca.crt");
  options.forbidden_users = {kForbiddenUser};
  server_ = std::make_unique<TestApiServer>(options);
  ASSERT_TRUE(server_->Start());
  client::RestConfig config;
  config.server = server_->url();
  config.ca_pem = forbidden.Read("ca.crt");
  config.client_cert_pem = forbidden.Read("client.crt");
  config.client_key_pem = forbidden.Read("client.key");
  const Status st = List(config);
  EXPECT_EQ(st.code(), Code::kPermissionDenied);
  EXPECT_NE(st.message().find("403 Forbidden"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("cannot list resource \"services\""), std::string::npos)
      << st.message();
  EXPECT_NE(st.message().find("tried client certificate"), std::string::npos) << st.message();
}

TEST_F(AuthTest, CertificateFromAnotherCaFailsTheHandshake) {
  const Status st = List(CertConfig("rogue-client"));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), Code::kUnavailable);
  EXPECT_NE(st.message().find("GET " + server_->url()), std::string::npos) << st.message();
}

TEST_F(AuthTest, ServerNotSignedByTheConfiguredCaIsRejected) {
  TestPki other;
  ASSERT_TRUE(other.ok());
  client::RestConfig config = TokenConfig();
  config.ca_pem = other.Read("ca.crt");
  const Status st = List(config);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("certificate"), std::string::npos) << st.message();
  config.ca_pem.clear();
  config.insecure_skip_tls_verify = true;
  EXPECT_TRUE(List(config).ok());
}

TEST_F(AuthTest, RotatedTokenFileIsReadOnTheNextRequest) {
  AddServices(5);
  WriteToken("token-a");
  server_->SetTokens({"token-a"});
  auto reflector = NewReflector(client::ServicesResource(), TokenConfig());
  RecordingSink sink;
  client::StopSignal stop;
  ASSERT_TRUE(reflector->ListAndSync(stop, sink).ok());
  server_->SetTokens({"token-b"});  // the old token is revoked...
  EXPECT_EQ(reflector->ListAndSync(stop, sink).code(), Code::kPermissionDenied);
  WriteToken("token-b");  // ...and the kubelet writes the new one
  EXPECT_TRUE(reflector->ListAndSync(stop, sink).ok());
}

TEST_F(AuthTest, RunningReflectorRecoversAfterTokenRotation) {
  AddServices(5);
  WriteToken("token-a");
  server_->SetTokens({"token-a"});
  RecordingSink sink;
  RunningReflector running(NewReflector(client::ServicesResource(), TokenConfig()), sink);
  ASSERT_TRUE(Converges(sink));
  server_->SetTokens({"token-b"});  // the old token is revoked...
  server_->EndWatches();            // ...and the next watch request carries it
  ASSERT_TRUE(sink.WaitFor([&] {
    for (const auto& e : sink.errors()) {
      if (e.find("401") != std::string::npos) return true;
    }
    return false;
  }));
  WriteToken("token-b");  // the kubelet writes the new one
  server_->state().Upsert("services", ServiceObject(77));
  ASSERT_TRUE(Converges(sink));
}

TEST_F(AuthTest, KubeconfigOnDiskDrivesAConnection) {
  AddServices(2);
  const std::string path = pki_->path("kubeconfig-" + std::to_string(server_->port()));
  std::ofstream(path) << "apiVersion: v1\nkind: Config\nclusters:\n- name: test\n  cluster:\n"
                      << "    server: " << server_->url() << "\n"
                      << "    certificate-authority: ca.crt\n"
                      << "users:\n- name: proxy\n  user:\n    client-certificate: client.crt\n"
                      << "    client-key: client.key\n"
                      << "contexts:\n- name: default\n  context: {cluster: test, user: proxy}\n"
                      << "current-context: default\n";
  auto config = client::LoadKubeconfig(path);
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_TRUE(List(*config).ok());
  std::remove(path.c_str());
}

}  // namespace
}  // namespace ki::k8s::testapi
