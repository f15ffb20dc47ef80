// Shared pieces of the API client's end-to-end tests: a fixture that starts
// the test API server with fresh certificates, a recording EventSink, a
// reflector running on its own thread, and helpers that compare the
// client's view with the server's. Waits are bounded and generous (a
// deadline, never a sleep the test depends on).
#pragma once

#include <gtest/gtest.h>

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "pkg/k8s/client/http_client.h"
#include "pkg/k8s/client/reflector.h"
#include "tests/k8s_api/test_api_server.h"
#include "tests/k8s_api/test_pki.h"

namespace ki::k8s::testapi {

namespace client = ::ki::k8s::client;

constexpr auto kWait = std::chrono::seconds(90);
inline const char* kGoodToken = "good-token";
inline const char* kForbiddenUser = "system:forbidden";

// Remembers the view the events build, the events themselves, syncs and errors.
class RecordingSink final : public client::EventSink {
 public:
  void OnEvent(client::EventType type, const nlohmann::json& object) override;
  void OnSynced() override;
  void OnError(const Status& status) override;

  // Waits until pred() holds (checked under the lock after every callback).
  bool WaitFor(const std::function<bool()>& pred, std::chrono::seconds limit = kWait);
  // key -> resourceVersion of the view.
  std::map<std::string, std::string> View();
  // The last object delivered for key (null when none or deleted).
  nlohmann::json Object(const std::string& key);
  int synced();
  std::vector<std::string> errors();
  int count(client::EventType type, const std::string& key);

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, nlohmann::json> view_;
  std::vector<std::pair<client::EventType, std::string>> events_;
  std::vector<std::string> errors_;
  int synced_ = 0;
};

// A reflector on its own thread; stopped and joined on destruction.
class RunningReflector {
 public:
  RunningReflector(std::unique_ptr<client::Reflector> reflector, RecordingSink& sink);
  ~RunningReflector();
  client::Reflector& reflector() { return *reflector_; }

 private:
  std::unique_ptr<client::Reflector> reflector_;
  client::StopSignal stop_;
  std::thread thread_;
};

class ApiServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  void SetUp() override;
  void TearDown() override;

  // Bearer token from a token file under the PKI dir (content kGoodToken).
  client::RestConfig TokenConfig();
  client::RestConfig CertConfig(const std::string& cert = "client");
  std::unique_ptr<client::HttpClient> Http(const client::RestConfig& config);
  // Options that keep recovery quick: small backoff, 1s idle timeout.
  static client::ReflectorOptions FastOptions();
  std::unique_ptr<client::Reflector> NewReflector(const client::ResourceSpec& spec,
                                                  const client::RestConfig& config,
                                                  client::ReflectorOptions options = FastOptions());

  // Adds `n` Services svc-<i> in namespace ns-<i % 10>.
  void AddServices(int n, int first = 0);
  nlohmann::json ServiceObject(int i, int port = 80);
  // key -> resourceVersion of the server's services.
  std::map<std::string, std::string> ServerView(const std::string& resource = "services");
  // Keeps changing Services (one update, one add, one delete per 50ms
  // round among the first `population`) until done() holds; false when it
  // never does within kWait.
  bool ChurnUntil(const std::function<bool()>& done, int population);
  // Waits until the sink's view equals the server's.
  ::testing::AssertionResult Converges(RecordingSink& sink,
                                       const std::string& resource = "services");

  static TestPki* pki_;
  std::unique_ptr<TestApiServer> server_;
  std::string token_file_;
};

}  // namespace ki::k8s::testapi
