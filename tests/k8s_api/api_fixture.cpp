#include "tests/k8s_api/api_fixture.h"

#include <fstream>

#include "pkg/k8s/client/watch_event.h"

namespace ki::k8s::testapi {

TestPki* ApiServerTest::pki_ = nullptr;

void RecordingSink::OnEvent(client::EventType type, const nlohmann::json& object) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string key = client::ObjectKey(object);
  if (type == client::EventType::kDeleted) {
    view_.erase(key);
  } else {
    view_[key] = object;
  }
  events_.emplace_back(type, key);
  cv_.notify_all();
}

void RecordingSink::OnSynced() {
  std::lock_guard<std::mutex> lock(mu_);
  ++synced_;
  cv_.notify_all();
}

void RecordingSink::OnError(const Status& status) {
  std::lock_guard<std::mutex> lock(mu_);
  errors_.push_back(status.message());
  cv_.notify_all();
}

bool RecordingSink::WaitFor(const std::function<bool()>& pred, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    lock.unlock();
    const bool done = pred();
    lock.lock();
    if (done) return true;
    // Re-check at least every 100ms: pred may depend on the server too.
    if (cv_.wait_until(lock, std::min(deadline, std::chrono::steady_clock::now() +
                                                    std::chrono::milliseconds(100))) ==
            std::cv_status::timeout &&
        std::chrono::steady_clock::now() >= deadline) {
      lock.unlock();
      return pred();
    }
  }
}

nlohmann::json RecordingSink::Object(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = view_.find(key);
  return it == view_.end() ? nlohmann::json() : it->second;
}

std::map<std::string, std::string> RecordingSink::View() {
  std::lock_guard<std::mutex> lock(mu_);
  std::map<std::string, std::string> out;
  for (const auto& [key, object] : view_) out[key] = client::ResourceVersionOf(object);
  return out;
}

int RecordingSink::synced() {
  std::lock_guard<std::mutex> lock(mu_);
  return synced_;
}

std::vector<std::string> RecordingSink::errors() {
  std::lock_guard<std::mutex> lock(mu_);
  return errors_;
}

int RecordingSink::count(client::EventType type, const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  int n = 0;
  for (const auto& [t, k] : events_) n += (t == type && k == key) ? 1 : 0;
  return n;
}

RunningReflector::RunningReflector(std::unique_ptr<client::Reflector> reflector,
                                   RecordingSink& sink)
    : reflector_(std::move(reflector)), thread_([this, &sink] { reflector_->Run(stop_, sink); }) {}

RunningReflector::~RunningReflector() {
  stop_.Stop();
  thread_.join();
}

void ApiServerTest::SetUpTestSuite() {
  pki_ = new TestPki();  // one PKI per suite: openssl keygen is the slow part
}

void ApiServerTest::TearDownTestSuite() {
  delete pki_;
  pki_ = nullptr;
}

void ApiServerTest::SetUp() {
  ASSERT_TRUE(pki_->ok()) << "openssl failed; see " << pki_->path("openssl.log");
  ServerOptions options;
  options.cert_file = pki_->path("server.crt");
  options.key_file = pki_->path("server.key");
  options.client_ca_file = pki_->path("ca.crt");
  options.tokens = {kGoodToken};
  options.forbidden_users = {kForbiddenUser};
  server_ = std::make_unique<TestApiServer>(options);
  ASSERT_TRUE(server_->Start());
  token_file_ = pki_->path("token-" + std::to_string(server_->port()));
  std::ofstream(token_file_) << kGoodToken << "\n";
}

void ApiServerTest::TearDown() {
  if (server_) server_->Stop();
  std::remove(token_file_.c_str());
}

client::RestConfig ApiServerTest::TokenConfig() {
  client::RestConfig config;
  config.server = server_->url();
  config.ca_pem = pki_->Read("ca.crt");
  config.token_file = token_file_;
  config.source = "test token config";
  return config;
}

client::RestConfig ApiServerTest::CertConfig(const std::string& cert) {
  client::RestConfig config;
  config.server = server_->url();
  config.ca_pem = pki_->Read("ca.crt");
  config.client_cert_pem = pki_->Read(cert + ".crt");
  config.client_key_pem = pki_->Read(cert + ".key");
  config.source = "test " + cert + " config";
  return config;
}

std::unique_ptr<client::HttpClient> ApiServerTest::Http(const client::RestConfig& config) {
  auto http = client::NewCurlHttpClient(config);
  EXPECT_TRUE(http.ok()) << http.status().message();
  return std::move(*http);
}

client::ReflectorOptions ApiServerTest::FastOptions() {
  client::ReflectorOptions options;
  options.idle_timeout = std::chrono::seconds(1);
  options.min_watch_timeout = std::chrono::seconds(60);
  options.backoff.initial = std::chrono::milliseconds(20);
  options.backoff.cap = std::chrono::milliseconds(200);
  return options;
}

std::unique_ptr<client::Reflector> ApiServerTest::NewReflector(const client::ResourceSpec& spec,
                                                               const client::RestConfig& config,
                                                               client::ReflectorOptions options) {
  return std::make_unique<client::Reflector>(spec, Http(config), nullptr, client::SystemClock(),
                                             options);
}

nlohmann::json ApiServerTest::ServiceObject(int i, int port) {
  return {{"metadata",
           {{"name", "svc-" + std::to_string(i)},
            {"namespace", "ns-" + std::to_string(i % 10)},
            {"labels", {{"app", "a" + std::to_string(i % 7)}}}}},
          {"spec",
           {{"type", "ClusterIP"},
            {"clusterIP", "10.96." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1)},
            {"ports", {{{"name", "http"}, {"port", port}, {"protocol", "TCP"}}}}}}};
}

void ApiServerTest::AddServices(int n, int first) {
  for (int i = first; i < first + n; ++i) server_->state().Upsert("services", ServiceObject(i));
}

std::map<std::string, std::string> ApiServerTest::ServerView(const std::string& resource) {
  std::map<std::string, std::string> out;
  for (const auto& [key, object] : server_->state().Snapshot(resource)) {
    out[key] = client::ResourceVersionOf(object);
  }
  return out;
}

bool ApiServerTest::ChurnUntil(const std::function<bool()>& done, int population) {
  const auto deadline = std::chrono::steady_clock::now() + kWait;
  for (int round = 1; std::chrono::steady_clock::now() < deadline; ++round) {
    if (done()) return true;
    server_->state().Upsert("services", ServiceObject(round % population, 1000 + round));
    server_->state().Upsert("services", ServiceObject(100000 + round));
    const int gone = (round * 7) % population;
    (void)server_->state().Delete(
        "services", "ns-" + std::to_string(gone % 10) + "/svc-" + std::to_string(gone));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // pacing, not a timing assumption
  }
  return done();
}

::testing::AssertionResult ApiServerTest::Converges(RecordingSink& sink,
                                                    const std::string& resource) {
  if (sink.WaitFor([&] { return sink.View() == ServerView(resource); })) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "client view (" << sink.View().size() << " objects) never matched the server's ("
         << ServerView(resource).size() << ")";
}

}  // namespace ki::k8s::testapi
