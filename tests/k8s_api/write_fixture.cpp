#include "tests/k8s_api/write_fixture.h"

#include <sys/wait.h>

#include <cstdio>
#include <fstream>

#include "pkg/config/load.h"
#include "pkg/k8s/client/yaml_json.h"
#include "pkg/manifests/kube_proxy_addon.h"

namespace ki::k8s::testapi {

CommandResult RunCommand(const std::string& cmd) {
  CommandResult result;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (p == nullptr) return result;
  char buf[4096];
  size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) result.output.append(buf, n);
  const int status = pclose(p);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

void WriteTest::TearDown() {
  for (const std::string& f : files_) std::remove(f.c_str());
  ApiServerTest::TearDown();
}

std::vector<nlohmann::json> WriteTest::AddonObjects(const std::string& image) {
  config::LoadedConfig loaded = config::LoadConfig({.config_path = "configs/master-v1.10.yaml"});
  EXPECT_TRUE(loaded.ok());
  auto rendered = manifests::RenderKubeProxyAddon(loaded.config, {image, true, "v0.1.0"});
  EXPECT_TRUE(rendered.ok()) << rendered.status().message();
  if (!rendered.ok()) return {};
  std::vector<nlohmann::json> out;
  for (const manifests::RenderedObject& o : *rendered) {
    Result<nlohmann::json> json = client::JsonFromYaml(o.yaml);
    EXPECT_TRUE(json.ok()) << json.status().message();
    if (json.ok()) out.push_back(std::move(*json));
  }
  return out;
}

std::string WriteTest::WriteKubeconfig(const std::string& token, bool client_cert) {
  std::string path = pki_->path("kubeconfig-" + std::to_string(server_->port()) + "-" +
                                std::to_string(files_.size()));
  const TestPki& pki = forbidden_pki_ ? *forbidden_pki_ : *pki_;
  std::ofstream out(path);
  out << "apiVersion: v1\nkind: Config\nclusters:\n- name: test\n  cluster:\n"
      << "    server: " << server_->url() << "\n"
      << "    certificate-authority: " << pki.path("ca.crt") << "\n"
      << "users:\n- name: admin\n  user:\n";
  if (client_cert) {
    out << "    client-certificate: " << pki.path("client.crt") << "\n"
        << "    client-key: " << pki.path("client.key") << "\n";
  } else {
    out << "    token: " << token << "\n";
  }
  out << "contexts:\n- name: admin@test\n  context: {cluster: test, user: admin}\n"
      << "current-context: admin@test\n";
  files_.push_back(path);
  return path;
}

client::RestConfig WriteTest::RestartForForbiddenUser() {
  forbidden_pki_ = std::make_unique<TestPki>(kForbiddenUser);
  EXPECT_TRUE(forbidden_pki_->ok());
  server_->Stop();
  ServerOptions options;
  options.cert_file = forbidden_pki_->path("server.crt");
  options.key_file = forbidden_pki_->path("server.key");
  options.client_ca_file = forbidden_pki_->path("ca.crt");
  options.forbidden_users = {kForbiddenUser};
  server_ = std::make_unique<TestApiServer>(options);
  EXPECT_TRUE(server_->Start());
  client::RestConfig config;
  config.server = server_->url();
  config.ca_pem = forbidden_pki_->Read("ca.crt");
  config.client_cert_pem = forbidden_pki_->Read("client.crt");
  config.client_key_pem = forbidden_pki_->Read("client.key");
  config.source = "test forbidden-user config";
  return config;
}

std::unique_ptr<client::ApiApplier> WriteTest::Applier(const client::RestConfig& config,
                                                       client::Clock* clock) {
  return std::make_unique<client::ApiApplier>(Http(config), config.server,
                                              clock != nullptr ? *clock : client::SystemClock());
}

nlohmann::json WriteTest::Stored(const std::string& resource, const std::string& key) {
  const auto objects = server_->state().Snapshot(resource);
  const auto it = objects.find(key);
  return it == objects.end() ? nlohmann::json() : it->second;
}

}  // namespace ki::k8s::testapi
