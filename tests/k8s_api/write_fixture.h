// Shared pieces of the write tests (the test API server's POST/PUT/DELETE,
// the create-or-update client, `kubeadm-ipvs init --kubeconfig`): the
// rendered kube-proxy addon as JSON, kubeconfig files pointing at the test
// server, a restart of the server with a PKI whose client is a forbidden
// user, and running a command with its output captured.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "pkg/k8s/client/apply.h"
#include "tests/k8s_api/api_fixture.h"

namespace ki::k8s::testapi {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};
// Runs cmd through the shell, capturing stdout+stderr.
CommandResult RunCommand(const std::string& cmd);

class WriteTest : public ApiServerTest {
 protected:
  void TearDown() override;

  // The addon rendered from configs/master-v1.10.yaml, one JSON object per
  // document, in creation order.
  static std::vector<nlohmann::json> AddonObjects(const std::string& image = "");
  // A kubeconfig under the PKI dir that authenticates with token (kGoodToken
  // by default) or, when client_cert is set, the client certificate (of the
  // forbidden user after RestartForForbiddenUser).
  std::string WriteKubeconfig(const std::string& token = kGoodToken, bool client_cert = false);
  // Restarts the server on a new PKI whose client certificate names
  // kForbiddenUser; returns a config using that certificate.
  client::RestConfig RestartForForbiddenUser();
  // An applier over the real libcurl client; clock defaults to the system's.
  std::unique_ptr<client::ApiApplier> Applier(const client::RestConfig& config,
                                              client::Clock* clock = nullptr);
  // The stored object of resource ns/name (or name), or null.
  nlohmann::json Stored(const std::string& resource, const std::string& key);

  std::unique_ptr<TestPki> forbidden_pki_;
  std::vector<std::string> files_;  // removed on TearDown
};

}  // namespace ki::k8s::testapi
