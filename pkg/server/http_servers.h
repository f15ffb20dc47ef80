// The proxy's two HTTP endpoints, as kube-proxy serves them:
//   healthzBindAddress (0.0.0.0:10256): /healthz, /livez
//   metricsBindAddress (127.0.0.1:10249): /metrics (Prometheus text), /proxyMode
// Anything else is 404, any method but GET (and HEAD) 405. Each server runs on
// its own thread until the object is destroyed. Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "pkg/base/status.h"
#include "pkg/server/health.h"
#include "pkg/server/metrics.h"
#include "pkg/server/proxy_metrics.h"

namespace ki::server {

struct ServeOptions {
  std::string healthz_bind_address;  // "IP:port"; port 0 picks a free one; "" disables
  std::string metrics_bind_address;  // likewise
  std::string proxy_mode = "ipvs";
};

class HttpServers {
 public:
  virtual ~HttpServers() = default;
  virtual int healthz_port() const = 0;  // the bound port, 0 if disabled
  virtual int metrics_port() const = 0;
};

// Binds both addresses (an error names the one that failed) and starts serving.
// health, registry and metrics must outlive the servers.
Result<std::unique_ptr<HttpServers>> StartHttpServers(const ServeOptions& options,
                                                      ProxyHealth& health, const Registry& registry,
                                                      ProxyMetrics& metrics);

}  // namespace ki::server
