// Test PKI made at test time with the openssl CLI: a CA, a server
// certificate for 127.0.0.1/localhost, a client certificate (CN names the
// user), and a second CA with a client certificate the server must reject.
// Keys are throwaway, in a private temporary directory removed on
// destruction. Not thread-safe (create once per test fixture).
#pragma once

#include <string>

namespace ki::k8s::testapi {

class TestPki {
 public:
  // Generates everything under a new mkdtemp directory; ok() says whether
  // every openssl step succeeded.
  explicit TestPki(const std::string& client_user = "system:kube-proxy");
  ~TestPki();
  TestPki(const TestPki&) = delete;
  TestPki& operator=(const TestPki&) = delete;

  bool ok() const { return ok_; }
  const std::string& dir() const { return dir_; }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }
  // ca.crt, server.crt/.key, client.crt/.key, rogue-client.crt/.key
  std::string Read(const std::string& name) const;

 private:
  bool Run(const std::string& command) const;
  std::string dir_;
  bool ok_ = false;
};

}  // namespace ki::k8s::testapi
