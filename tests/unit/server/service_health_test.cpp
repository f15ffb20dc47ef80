// The health-check node ports on loopback, asked as a cloud load balancer
// would: real sockets on free ports.
#include "pkg/server/service_health.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <functional>

#include "pkg/base/fd.h"

namespace ki::server {
namespace {

using namespace std::chrono_literals;

sockaddr_in Loopback(uint16_t port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

// A socket bound to 127.0.0.1:port (0: any free port), listening if asked.
UniqueFd BoundSocket(uint16_t port, bool listening) {
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in addr = Loopback(port);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      (listening && ::listen(fd.get(), 1) != 0)) {
    return UniqueFd();
  }
  return fd;
}

uint16_t PortOf(const UniqueFd& fd) {
  sockaddr_in addr{};
  socklen_t len = sizeof(addr);
  ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&addr), &len);
  return ntohs(addr.sin_port);
}

// n distinct ports free on 127.0.0.1: all held at once while picked.
std::vector<uint16_t> FreePorts(size_t n) {
  std::vector<UniqueFd> held;
  std::vector<uint16_t> ports;
  for (size_t i = 0; i < n; ++i) {
    held.push_back(BoundSocket(0, false));
    ports.push_back(PortOf(held.back()));
  }
  return ports;
}

httplib::Result Ask(uint16_t port, const std::string& method = "GET",
                    const std::string& path = "/") {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(5s);
  client.set_read_timeout(5s);
  if (method == "POST") return client.Post(path, "probe", "text/plain");
  if (method == "DELETE") return client.Delete(path);
  if (method == "HEAD") return client.Head(path);
  return client.Get(path);
}

bool Refused(uint16_t port) {
  httplib::Result r = Ask(port);
  return !r && r.error() == httplib::Error::Connection;
}

std::string ExpectedBody(const std::string& ns, const std::string& name, int count, bool healthy) {
  return "{\n\t\"service\": {\n\t\t\"namespace\": \"" + ns + "\",\n\t\t\"name\": \"" + name +
         "\"\n\t},\n\t\"localEndpoints\": " + std::to_string(count) +
         ",\n\t\"serviceProxyHealthy\": " + (healthy ? "true" : "false") + "\n}";
}

// The raw answer to a request sent on a connection opened before `meanwhile`.
std::string AnswerOnConnectionOpenedBefore(uint16_t port, const std::function<void()>& meanwhile) {
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in addr = Loopback(port);
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) return "";
  timeval limit{10, 0};
  ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
  meanwhile();
  const std::string request = "GET / HTTP/1.1\r\nHost: lb\r\n\r\n";
  if (::send(fd.get(), request.data(), request.size(), MSG_NOSIGNAL) < 0) return "";
  std::string answer;
  char buf[4096];
  ssize_t n = 0;
  while ((n = ::recv(fd.get(), buf, sizeof(buf), 0)) > 0) answer.append(buf, n);
  return answer;
}

class ServiceHealthServerTest : public ::testing::Test {
 protected:
  void MakeProxyUnhealthy() {
    health_.Updated(IpFamily::kIPv4);
    health_.QueuedUpdate(IpFamily::kIPv4);
    now_ = now_.load() + 120s;
  }

  const k8s::ObjectName web_{"default", "web"};
  const k8s::ObjectName api_{"prod", "api"};
  // Read by the server's threads, moved by the test's.
  std::atomic<std::chrono::system_clock::time_point> now_{std::chrono::system_clock::now()};
  ProxyHealth health_{60s, [this] { return now_.load(); }};
  ServiceHealthServer server_{{"127.0.0.1"}, health_};
};

TEST_F(ServiceHealthServerTest, LocalEndpointsAndAHealthyProxyAnswer200WithUpstreamsBody) {
  uint16_t port = FreePorts(1)[0];
  EXPECT_TRUE(server_.Sync({{web_, {port, 2}}}).empty());
  EXPECT_EQ(server_.open_count(), 1u);
  httplib::Result r = Ask(port, "GET", "/healthz");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, ExpectedBody("default", "web", 2, true));
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
}

TEST_F(ServiceHealthServerTest, NoLocalEndpointsAnswer503) {
  uint16_t port = FreePorts(1)[0];
  EXPECT_TRUE(server_.Sync({{web_, {port, 0}}}).empty());
  httplib::Result r = Ask(port);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(r->body, ExpectedBody("default", "web", 0, true));
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
}

TEST_F(ServiceHealthServerTest, AnUnhealthyProxyAnswers503UntilItCatchesUp) {
  uint16_t port = FreePorts(1)[0];
  EXPECT_TRUE(server_.Sync({{web_, {port, 3}}}).empty());
  MakeProxyUnhealthy();
  httplib::Result r = Ask(port);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(r->body, ExpectedBody("default", "web", 3, false));
  health_.Updated(IpFamily::kIPv4);
  r = Ask(port);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
}

TEST_F(ServiceHealthServerTest, AnyPathAndMethodIsAnswered) {
  uint16_t port = FreePorts(1)[0];
  EXPECT_TRUE(server_.Sync({{web_, {port, 1}}}).empty());
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"POST", "/foo"}, {"DELETE", "/a/b?c=d"}, {"GET", "/"}}) {
    httplib::Result r = Ask(port, method, path);
    ASSERT_TRUE(r) << method << " " << path << ": " << httplib::to_string(r.error());
    EXPECT_EQ(r->status, 200) << method << " " << path;
    EXPECT_EQ(r->body, ExpectedBody("default", "web", 1, true)) << method << " " << path;
  }
  httplib::Result head = Ask(port, "HEAD", "/anything");
  ASSERT_TRUE(head) << httplib::to_string(head.error());
  EXPECT_EQ(head->status, 200);
}

TEST_F(ServiceHealthServerTest, ACountChangeKeepsTheSameListenerServing) {
  uint16_t port = FreePorts(1)[0];
  EXPECT_TRUE(server_.Sync({{web_, {port, 0}}}).empty());
  // A reopened port would drop this connection, accepted by the old listener.
  std::string answer = AnswerOnConnectionOpenedBefore(port, [&] {
    EXPECT_TRUE(server_.Sync({{web_, {port, 4}}}).empty());
  });
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 200 OK\r\n")) << answer;
  EXPECT_TRUE(answer.ends_with(ExpectedBody("default", "web", 4, true))) << answer;
  EXPECT_EQ(server_.open_count(), 1u);
}

TEST_F(ServiceHealthServerTest, APortChangeClosesTheOldPortAndOpensTheNew) {
  std::vector<uint16_t> ports = FreePorts(2);
  EXPECT_TRUE(server_.Sync({{web_, {ports[0], 1}}}).empty());
  EXPECT_TRUE(server_.Sync({{web_, {ports[1], 1}}}).empty());
  EXPECT_EQ(server_.open_count(), 1u);
  EXPECT_TRUE(Refused(ports[0]));
  httplib::Result r = Ask(ports[1]);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
}

TEST_F(ServiceHealthServerTest, ARemovedServiceClosesItsPortAndOnlyThat) {
  std::vector<uint16_t> ports = FreePorts(2);
  EXPECT_TRUE(server_.Sync({{web_, {ports[0], 1}}, {api_, {ports[1], 1}}}).empty());
  EXPECT_EQ(server_.open_count(), 2u);
  EXPECT_TRUE(server_.Sync({{api_, {ports[1], 0}}}).empty());
  EXPECT_EQ(server_.open_count(), 1u);
  EXPECT_TRUE(Refused(ports[0]));
  httplib::Result r = Ask(ports[1]);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->body, ExpectedBody("prod", "api", 0, true));
}

TEST_F(ServiceHealthServerTest, APortCanPassToAnotherServiceInOneSync) {
  uint16_t port = FreePorts(1)[0];
  // "default/web" sorts before "prod/api": the old holder must close first.
  EXPECT_TRUE(server_.Sync({{api_, {port, 1}}}).empty());
  EXPECT_TRUE(server_.Sync({{web_, {port, 1}}}).empty());
  httplib::Result r = Ask(port);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->body, ExpectedBody("default", "web", 1, true));
}

TEST_F(ServiceHealthServerTest, ABusyPortIsReportedAndRetriedAtTheNextSync) {
  std::vector<uint16_t> ports = FreePorts(2);
  UniqueFd squatter = BoundSocket(ports[0], true);
  ASSERT_GE(squatter.get(), 0);
  HealthCheckServices wanted = {{web_, {ports[0], 1}}, {api_, {ports[1], 1}}};
  EXPECT_EQ(
      server_.Sync(wanted),
      std::vector<std::string>{"default/web: cannot listen on healthCheckNodePort " +
                               std::to_string(ports[0]) + " of 127.0.0.1: Address already in use"});
  EXPECT_EQ(server_.open_count(), 1u);  // the other Service is not held back
  squatter.reset();
  EXPECT_TRUE(server_.Sync(wanted).empty());
  EXPECT_EQ(server_.open_count(), 2u);
  httplib::Result r = Ask(ports[0]);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
}

TEST_F(ServiceHealthServerTest, PortZeroIsNotServed) {
  EXPECT_TRUE(server_.Sync({{web_, {0, 1}}}).empty());
  EXPECT_EQ(server_.open_count(), 0u);
}

TEST_F(ServiceHealthServerTest, NamesAreQuotedAsGoQuotesThem) {
  uint16_t port = FreePorts(1)[0];
  EXPECT_TRUE(server_.Sync({{{"we\"ird", "back\\slash"}, {port, 1}}}).empty());
  httplib::Result r = Ask(port);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->body, ExpectedBody("we\\\"ird", "back\\\\slash", 1, true));
}

TEST(ServiceHealthServer, NoBindHostsListensOnEveryAddress) {
  ProxyHealth health(60s, [] { return std::chrono::system_clock::time_point{}; });
  ServiceHealthServer server({}, health);
  uint16_t port = FreePorts(1)[0];
  EXPECT_TRUE(server.Sync({{{"default", "web"}, {port, 1}}}).empty());
  httplib::Result r = Ask(port);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
}

TEST(ServiceHealthServer, DestroyingItClosesEveryPort) {
  ProxyHealth health(60s, [] { return std::chrono::system_clock::time_point{}; });
  std::vector<uint16_t> ports = FreePorts(2);
  {
    ServiceHealthServer server({"127.0.0.1"}, health);
    EXPECT_TRUE(server.Sync({{{"a", "x"}, {ports[0], 1}}, {{"b", "y"}, {ports[1], 0}}}).empty());
    ASSERT_FALSE(Refused(ports[0]));
  }
  EXPECT_TRUE(Refused(ports[0]));
  EXPECT_TRUE(Refused(ports[1]));
}

}  // namespace
}  // namespace ki::server
