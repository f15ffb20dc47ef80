#include "pkg/server/service_health.h"

#include <atomic>
#include <chrono>
#include <iterator>

#include "pkg/server/listener.h"

namespace ki::server {
namespace {

// A load balancer probes every few seconds and closes the connection: two
// threads per port answer it without one slow client delaying the next, and
// keep a node with hundreds of such Services from running thousands of idle
// threads (httplib's default is max(8, cores - 1) per server).
constexpr ListenerOptions kHealthCheckListener{
    .worker_threads = 2, .keep_alive = false, .read_timeout = std::chrono::seconds(2)};

// Go's %q for a DNS label: double quotes, with `"` and `\` escaped.
std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// Upstream's body byte for byte: tab-indented, no trailing newline.
std::string Body(const k8s::ObjectName& name, int local_endpoints, bool proxy_healthy) {
  return "{\n\t\"service\": {\n\t\t\"namespace\": " + Quote(name.ns) +
         ",\n\t\t\"name\": " + Quote(name.name) +
         "\n\t},\n\t\"localEndpoints\": " + std::to_string(local_endpoints) +
         ",\n\t\"serviceProxyHealthy\": " + (proxy_healthy ? "true" : "false") + "\n}";
}

}  // namespace

// One Service's port on every bind host, and its local endpoint count.
class ServiceHealthServer::Instance {
 public:
  Instance(k8s::ObjectName name, const HealthCheckService& service, const ProxyHealth& health)
      : name_(std::move(name)),
        port_(service.node_port),
        health_(health),
        local_endpoints_(service.local_endpoints) {}
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;

  uint16_t port() const { return port_; }
  void set_local_endpoints(int n) { local_endpoints_.store(n, std::memory_order_relaxed); }

  // Listens on every host ("" alone: every address); on error, what is
  // already open closes with the Instance.
  Status Open(const std::vector<std::string>& hosts) {
    if (hosts.empty()) return OpenOn("");
    for (const std::string& host : hosts) KI_RETURN_IF_ERROR(OpenOn(host));
    return Status::Ok();
  }

 private:
  Status OpenOn(const std::string& host) {
    auto listener = std::make_unique<Listener>(kHealthCheckListener);
    // Every path and method gets the answer, as upstream's ServeHTTP does.
    listener->server().set_pre_routing_handler(
        [this](const httplib::Request&, httplib::Response& res) {
          Answer(res);
          return httplib::Server::HandlerResponse::Handled;
        });
    Status st = listener->Start(host, port_);
    if (!st.ok()) {
      return Status::FromErrno(st.sys_errno(), name_.ToString() +
                                                   ": cannot listen on healthCheckNodePort " +
                                                   std::to_string(port_) + Where(host));
    }
    listeners_.push_back(std::move(listener));
    return Status::Ok();
  }

  static std::string Where(const std::string& host) { return host.empty() ? "" : " of " + host; }

  void Answer(httplib::Response& res) const {
    int count = local_endpoints_.load(std::memory_order_relaxed);
    bool proxy_healthy = health_.IsHealthy();
    res.status = count != 0 && proxy_healthy ? 200 : 503;
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_content(Body(name_, count, proxy_healthy), "application/json");
  }

  const k8s::ObjectName name_;
  const uint16_t port_;
  const ProxyHealth& health_;
  std::atomic<int> local_endpoints_;
  // Last, so destroyed first: every server stops, and its handlers (which
  // read the fields above) finish, before anything else goes.
  std::vector<std::unique_ptr<Listener>> listeners_;
};

ServiceHealthServer::ServiceHealthServer(std::vector<std::string> bind_hosts,
                                         const ProxyHealth& health)
    : bind_hosts_(std::move(bind_hosts)), health_(health) {}

ServiceHealthServer::~ServiceHealthServer() = default;

std::vector<std::string> ServiceHealthServer::Sync(const HealthCheckServices& wanted) {
  CloseStale(wanted);
  return OpenMissing(wanted);
}

// Both maps are sorted by name: one merge walk, no lookups.
void ServiceHealthServer::CloseStale(const HealthCheckServices& wanted) {
  auto want = wanted.begin();
  for (auto have = open_.begin(); have != open_.end();) {
    while (want != wanted.end() && want->first < have->first) ++want;
    bool still_wanted = want != wanted.end() && want->first == have->first &&
                        want->second.node_port == have->second->port();
    have = still_wanted ? std::next(have) : open_.erase(have);
  }
}

// After CloseStale every open Service is wanted, so the walk only ever meets
// an open Service or the place to insert a new one.
std::vector<std::string> ServiceHealthServer::OpenMissing(const HealthCheckServices& wanted) {
  std::vector<std::string> errors;
  auto have = open_.begin();
  for (const auto& [name, service] : wanted) {
    if (have != open_.end() && have->first == name) {
      have->second->set_local_endpoints(service.local_endpoints);
      ++have;
      continue;
    }
    if (service.node_port == 0) continue;
    auto instance = std::make_unique<Instance>(name, service, health_);
    Status st = instance->Open(bind_hosts_);
    if (!st.ok()) {
      errors.push_back(st.message());
      continue;
    }
    open_.emplace_hint(have, name, std::move(instance));
  }
  return errors;
}

}  // namespace ki::server
