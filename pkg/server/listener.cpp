#include "pkg/server/listener.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>

namespace ki::server {
namespace {

void ReuseAddressDualStack(socket_t sock) {
  // SO_REUSEADDR only: httplib's default SO_REUSEPORT would let a second
  // proxy share the port silently instead of failing.
  int yes = 1;
  ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  // "::" must take IPv4 too, whatever net.ipv6.bindv6only says.
  int family = 0;
  socklen_t len = sizeof(family);
  if (::getsockopt(sock, SOL_SOCKET, SO_DOMAIN, &family, &len) == 0 && family == AF_INET6) {
    int no = 0;
    ::setsockopt(sock, IPPROTO_IPV6, IPV6_V6ONLY, &no, sizeof(no));
  }
}

// Go's net.JoinHostPort: "10.0.0.1:80", "[fd00::1]:80", ":80" for every address.
std::string JoinHostPort(const std::string& host, int port) {
  bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace

Listener::Listener(const ListenerOptions& options) {
  server_.set_socket_options(ReuseAddressDualStack);
  if (options.worker_threads > 0) {
    size_t n = options.worker_threads;
    server_.new_task_queue = [n] { return new httplib::ThreadPool(n); };
  }
  if (!options.keep_alive) server_.set_keep_alive_max_count(1);
  if (options.read_timeout.count() > 0) {
    server_.set_read_timeout(options.read_timeout);
    // httplib waits this long for a request's first byte, holding a worker.
    server_.set_keep_alive_timeout(options.read_timeout.count());
  }
}

Listener::~Listener() {
  if (thread_.joinable()) {
    server_.stop();
    thread_.join();
  }
}

Status Listener::Start(const std::string& host, int port) {
  errno = 0;
  int bound = host.empty() ? Bind("::", port) : Bind(host, port);
  if (bound < 0 && host.empty()) bound = Bind("0.0.0.0", port);  // IPv6 disabled
  if (bound <= 0) {
    // httplib keeps no error: errno is what its failed socket() or bind()
    // left (the close() after it succeeds). None means the address did not
    // parse, which for a node address means it is not one of this node's.
    int err = errno != 0 ? errno : EADDRNOTAVAIL;
    return Status::FromErrno(err, "listen on " + JoinHostPort(host, port));
  }
  port_ = bound;
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  // stop() is a no-op until the loop runs: wait for it, or a quick
  // shutdown would leave the thread listening forever.
  while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return Status::Ok();
}

int Listener::Bind(const std::string& host, int port) {
  if (port == 0) return server_.bind_to_any_port(host);
  return server_.bind_to_port(host, port) ? port : -1;
}

}  // namespace ki::server
