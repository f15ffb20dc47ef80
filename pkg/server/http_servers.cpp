#include "pkg/server/http_servers.h"

#include "pkg/base/bind_address.h"
#include "pkg/server/listener.h"

namespace ki::server {
namespace {

// Every method but GET and HEAD on a known path.
void RejectOtherMethods(httplib::Server& s, const std::string& path) {
  auto reject = [](const httplib::Request&, httplib::Response& res) {
    res.status = 405;
    res.set_header("Allow", "GET, HEAD");
    res.set_content("method not allowed\n", "text/plain");
  };
  s.Post(path, reject);
  s.Put(path, reject);
  s.Delete(path, reject);
  s.Patch(path, reject);
  s.Options(path, reject);
}

// Binds "IP:port" from the configuration; the error names the field.
Status Listen(Listener& listener, const std::string& what, const std::string& bind) {
  std::string host;
  int port = 0;
  if (!SplitBindAddress(bind, host, port)) {
    return Status::InvalidConfig(what + ": \"" + bind + "\" is not IP:port");
  }
  if (!listener.Start(host, port).ok()) {
    return Status::Unavailable(what + ": cannot listen on " + bind +
                               " (in use, or not an address of this node)");
  }
  return Status::Ok();
}

void Json(httplib::Response& res, const HealthResponse& h) {
  res.status = h.status;
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(h.body, "application/json");
}

class Servers final : public HttpServers {
 public:
  Status Start(const ServeOptions& o, ProxyHealth& health, const Registry& registry,
               ProxyMetrics& metrics) {
    if (!o.healthz_bind_address.empty()) {
      httplib::Server& h = healthz_.server();
      h.Get("/healthz", [&health, &metrics](const httplib::Request&, httplib::Response& res) {
        HealthResponse r = health.Healthz();
        metrics.proxy_healthz_total.Inc(1, {std::to_string(r.status)});
        Json(res, r);
      });
      h.Get("/livez", [&health, &metrics](const httplib::Request&, httplib::Response& res) {
        HealthResponse r = health.Livez();
        metrics.proxy_livez_total.Inc(1, {std::to_string(r.status)});
        Json(res, r);
      });
      RejectOtherMethods(h, "/healthz");
      RejectOtherMethods(h, "/livez");
      KI_RETURN_IF_ERROR(Listen(healthz_, "healthzBindAddress", o.healthz_bind_address));
    }
    if (!o.metrics_bind_address.empty()) {
      httplib::Server& m = metrics_.server();
      m.Get("/metrics", [&registry](const httplib::Request&, httplib::Response& res) {
        res.set_content(registry.Render(), "text/plain; version=0.0.4; charset=utf-8");
      });
      std::string mode = o.proxy_mode;
      m.Get("/proxyMode", [mode](const httplib::Request&, httplib::Response& res) {
        res.set_content(mode, "text/plain; charset=utf-8");
      });
      RejectOtherMethods(m, "/metrics");
      RejectOtherMethods(m, "/proxyMode");
      KI_RETURN_IF_ERROR(Listen(metrics_, "metricsBindAddress", o.metrics_bind_address));
    }
    return Status::Ok();
  }
  int healthz_port() const override { return healthz_.port(); }
  int metrics_port() const override { return metrics_.port(); }

 private:
  Listener healthz_;
  Listener metrics_;
};

}  // namespace

Result<std::unique_ptr<HttpServers>> StartHttpServers(const ServeOptions& options,
                                                      ProxyHealth& health, const Registry& registry,
                                                      ProxyMetrics& metrics) {
  auto servers = std::make_unique<Servers>();
  Status st = servers->Start(options, health, registry, metrics);
  if (!st.ok()) return st;
  return std::unique_ptr<HttpServers>(std::move(servers));
}

}  // namespace ki::server
