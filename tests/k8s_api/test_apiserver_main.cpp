// ki-test-apiserver: the test API server as a program, for manual checks
// (kubectl get --raw) and for the VM scenario. Serves HTTPS on 127.0.0.1.
//
//   ki-test-apiserver --cert F --key F [--client-ca F] [--token T]...
//                     [--objects F.json] [--port-file F]
//
// --objects takes a JSON array of objects (or a List) with kind Service,
// EndpointSlice or Node. SIGHUP reads it again: changed objects are updated
// and those no longer in it deleted, each a watch event, as if a controller
// had made the changes. Runs until SIGINT/SIGTERM.
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include "tests/k8s_api/test_api_server.h"

namespace {

volatile std::sig_atomic_t g_stop = 0;
volatile std::sig_atomic_t g_reload = 0;

void OnSignal(int) { g_stop = 1; }
void OnHangup(int) { g_reload = 1; }

constexpr const char* kResources[] = {"services", "endpointslices", "nodes"};

std::string ResourceFor(const std::string& kind) {
  if (kind == "Service") return "services";
  if (kind == "EndpointSlice") return "endpointslices";
  if (kind == "Node") return "nodes";
  return "";
}

// Makes the state hold exactly the objects of file; unchanged ones keep
// their resourceVersion (no event).
bool LoadObjects(const std::string& file, ki::k8s::testapi::ApiState& state) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, false);
  if (doc.is_object() && doc.contains("items")) doc = doc["items"];
  if (!doc.is_array()) return false;
  std::map<std::string, std::map<std::string, nlohmann::json>> wanted;
  for (auto& object : doc) {
    const std::string resource = ResourceFor(object.value("kind", ""));
    if (resource.empty()) return false;
    const nlohmann::json meta = object.value("metadata", nlohmann::json::object());
    const std::string ns = meta.value("namespace", "");
    const std::string key = (ns.empty() ? "" : ns + "/") + meta.value("name", "");
    wanted[resource][key] = object;
  }
  for (const char* resource : kResources) {
    for (const auto& [key, stored] : state.Snapshot(resource)) {
      auto it = wanted[resource].find(key);
      if (it == wanted[resource].end()) {
        (void)state.Delete(resource, key);
        continue;
      }
      nlohmann::json bare = stored;  // as given, without what the server set
      bare["metadata"].erase("resourceVersion");
      bare["metadata"].erase("uid");
      bare["metadata"].erase("creationTimestamp");
      if (bare == it->second) wanted[resource].erase(it);
    }
    for (auto& [key, object] : wanted[resource]) state.Upsert(resource, object);
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  ki::k8s::testapi::ServerOptions options;
  std::string objects;
  std::string port_file;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--cert")
      options.cert_file = value;
    else if (flag == "--key")
      options.key_file = value;
    else if (flag == "--client-ca")
      options.client_ca_file = value;
    else if (flag == "--token")
      options.tokens.insert(value);
    else if (flag == "--objects")
      objects = value;
    else if (flag == "--port-file")
      port_file = value;
    else {
      std::cerr << "unknown flag " << flag << "\n";
      return 2;
    }
  }
  ki::k8s::testapi::TestApiServer server(options);
  if (!objects.empty() && !LoadObjects(objects, server.state())) {
    std::cerr << objects << ": expected a JSON array or List of Service/EndpointSlice/Node\n";
    return 1;
  }
  if (!server.Start()) {
    std::cerr << "cannot start: check --cert/--key/--client-ca\n";
    return 1;
  }
  std::cout << server.url() << std::endl;
  if (!port_file.empty()) {
    std::ofstream(port_file) << server.port() << "\n";
  }
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGHUP, OnHangup);
  while (g_stop == 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (g_reload != 0) {
      g_reload = 0;
      if (!LoadObjects(objects, server.state())) std::cerr << objects << ": not reloaded\n";
    }
  }
  server.Stop();
  return 0;
}
