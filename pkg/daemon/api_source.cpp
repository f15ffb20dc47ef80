#include "pkg/daemon/api_source.h"

#include "pkg/k8s/client/http_client.h"
#include "pkg/k8s/decode_json.h"

namespace ki::daemon {

namespace client = k8s::client;

// One reflector's receiver: decodes each object and hands it on.
class ApiSource::Sink final : public client::EventSink {
 public:
  Sink(PendingChanges& pending, size_t stream, ObjectKey::Kind kind, std::string what)
      : pending_(pending), stream_(stream), kind_(kind), what_(std::move(what)) {}

  void OnEvent(client::EventType type, const nlohmann::json& object) override {
    if (type == client::EventType::kDeleted) {
      const nlohmann::json& meta = object.value("metadata", nlohmann::json::object());
      pending_.Delete(
          ObjectKey{kind_, k8s::ObjectName{meta.value("namespace", ""), meta.value("name", "")}});
      return;
    }
    Result<k8s::Object> decoded = k8s::DecodeJsonObject(object, what_);
    if (!decoded.ok()) {
      // As with a bad file: the last good version stays in effect.
      pending_.Error(decoded.status().message() + " (ignored)");
      return;
    }
    if (KeyOf(*decoded).kind != kind_) {
      pending_.Error(what_ + ": unexpected object kind (ignored)");
      return;
    }
    pending_.Upsert(std::move(decoded).value());
  }
  void OnSynced() override { pending_.MarkSynced(stream_); }
  void OnProgress() override { pending_.MarkCurrent(stream_); }
  void OnError(const Status&) override {
    pending_.MarkLost(stream_, std::chrono::system_clock::now());  // the reflector logs it
  }

 private:
  PendingChanges& pending_;
  size_t stream_;
  ObjectKey::Kind kind_;
  std::string what_;
};

ApiSource::ApiSource(const ApiSourceOptions& options)
    : server_(options.rest.server),
      pending_(3, 2),  // Services and EndpointSlices must list; the Node may not exist
      limiter_(options.qps, options.burst, client::SystemClock()) {}

ApiSource::~ApiSource() {
  stop_.Stop();
  for (std::thread& t : threads_) t.join();
}

Result<std::unique_ptr<ApiSource>> ApiSource::Start(const ApiSourceOptions& options) {
  client::ResourceSpec services = client::ServicesResource();
  services.label_selector = kProxiedSelector;
  client::ResourceSpec slices = client::EndpointSlicesResource();
  slices.label_selector = std::string("kubernetes.io/service-name,") + kProxiedSelector;
  // Stream order matters: synced asks for the first two.
  const std::vector<std::pair<client::ResourceSpec, ObjectKey::Kind>> streams = {
      {services, ObjectKey::Kind::kService},
      {slices, ObjectKey::Kind::kEndpointSlice},
      {client::NodeResource(options.node_name), ObjectKey::Kind::kNode}};

  std::unique_ptr<ApiSource> source(new ApiSource(options));
  for (size_t i = 0; i < streams.size(); ++i) {
    // One client per reflector: each holds its own connection.
    Result<std::unique_ptr<client::HttpClient>> http = client::NewCurlHttpClient(options.rest);
    if (!http.ok()) return http.status();
    const client::ResourceSpec& spec = streams[i].first;
    source->sinks_.push_back(
        std::make_unique<Sink>(source->pending_, i, streams[i].second, "watch " + spec.resource));
    source->reflectors_.push_back(
        std::make_unique<client::Reflector>(spec, std::move(http).value(), &source->limiter_,
                                            client::SystemClock(), options.reflector));
  }
  for (size_t i = 0; i < streams.size(); ++i) {
    source->threads_.emplace_back(
        [s = source.get(), i] { s->reflectors_[i]->Run(s->stop_, *s->sinks_[i]); });
  }
  return source;
}

}  // namespace ki::daemon
