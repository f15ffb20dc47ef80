#include "tests/k8s_api/test_pki.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ki::k8s::testapi {

TestPki::TestPki(const std::string& client_user) {
  std::string templ = (std::filesystem::temp_directory_path() / "ki-pki-XXXXXX").string();
  if (mkdtemp(templ.data()) == nullptr) {
    return;
  }
  dir_ = templ;
  const std::string d = dir_ + "/";
  const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 ";
  ok_ = Run("openssl req -x509" + ec + "-keyout " + d + "ca.key -out " + d +
            "ca.crt -subj /CN=ki-test-ca") &&
        Run("openssl req -x509" + ec + "-keyout " + d + "rogue-ca.key -out " + d +
            "rogue-ca.crt -subj /CN=ki-rogue-ca") &&
        Run("openssl req -x509" + ec + "-CA " + d + "ca.crt -CAkey " + d + "ca.key -keyout " + d +
            "server.key -out " + d +
            "server.crt -subj /CN=kube-apiserver -addext subjectAltName=IP:127.0.0.1,DNS:localhost "
            "-addext basicConstraints=CA:FALSE -addext extendedKeyUsage=serverAuth") &&
        Run("openssl req -x509" + ec + "-CA " + d + "ca.crt -CAkey " + d + "ca.key -keyout " + d +
            "client.key -out " + d + "client.crt -subj '/O=system:node-proxier/CN=" + client_user +
            "' -addext basicConstraints=CA:FALSE -addext extendedKeyUsage=clientAuth") &&
        Run("openssl req -x509" + ec + "-CA " + d + "rogue-ca.crt -CAkey " + d +
            "rogue-ca.key -keyout " + d + "rogue-client.key -out " + d +
            "rogue-client.crt -subj /CN=intruder -addext basicConstraints=CA:FALSE "
            "-addext extendedKeyUsage=clientAuth");
}

TestPki::~TestPki() {
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

bool TestPki::Run(const std::string& command) const {
  // The CLI is the simplest correct way to a CA-signed certificate with SANs.
  const std::string quiet = command + " >" + dir_ + "/openssl.log 2>&1";
  return std::system(quiet.c_str()) == 0;  // NOLINT(cert-env33-c): fixed test commands
}

std::string TestPki::Read(const std::string& name) const {
  std::ifstream in(path(name));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace ki::k8s::testapi
