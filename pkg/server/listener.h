// One HTTP server on one address, served by its own threads until destroyed:
// what the proxy's endpoints (http_servers.cpp) and the per-Service
// health-check node ports (service_health.cpp) share. Internal to pkg/server:
// it exposes cpp-httplib, which only this library links.
// Thread-safety: register handlers, Start and destroy from one thread; the
// handlers run on the server's worker threads.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <thread>

#include "pkg/base/status.h"

namespace ki::server {

struct ListenerOptions {
  // Threads answering requests; 0 (default) keeps httplib's max(8, cores - 1).
  size_t worker_threads = 0;
  // Default true: a connection may carry several requests (httplib allows 5).
  bool keep_alive = true;
  // How long a request may take to arrive; 0 (default) keeps httplib's 5 s.
  std::chrono::seconds read_timeout{0};
};

class Listener {
 public:
  explicit Listener(const ListenerOptions& options = {});
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;
  // Stops serving and closes the port; returns once no handler runs.
  ~Listener();

  // Register handlers here before Start.
  httplib::Server& server() { return server_; }
  // The bound port once started.
  int port() const { return port_; }

  // Binds host:port and starts serving. Port 0 picks a free port. Host ""
  // is every address of the node: "::" dual-stack, or "0.0.0.0" where IPv6
  // is disabled. The error carries the errno of the failed bind
  // ("listen on 127.0.0.1:80: Address already in use").
  Status Start(const std::string& host, int port);

 private:
  // The bound port, or -1 with errno set.
  int Bind(const std::string& host, int port);

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace ki::server
