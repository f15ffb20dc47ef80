// Every rendered addon object through Kubernetes' own types, offline: the
// installed kubectl binaries decode each object into its Go type and print it
// back. A field Kubernetes does not know is dropped on the way, a wrong type
// fails the decode: so every field we render must come back unchanged.
//   DaemonSet                     kubectl set image --local
//   ClusterRoleBinding/RoleBinding kubectl set subject --local
//   ServiceAccount, ConfigMap     kubectl create ... --dry-run=client (its typed
//                                 generator) must produce what we render
//   Role                          kubectl create role --dry-run=client, with a
//                                 discovery cache written by the test (the
//                                 generator asks discovery what "configmaps" is)
#include <gtest/gtest.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "pkg/config/load.h"
#include "pkg/manifests/kube_proxy_addon.h"

namespace ki::manifests {
namespace {

namespace fs = std::filesystem;

std::string RunCommand(const std::string& cmd, int* rc) {
  std::string out;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  size_t n = 0;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
  *rc = pclose(p);
  return out;
}

// Every kubectl on this machine: the default one and the versioned ones.
std::vector<std::string> Kubectls() {
  std::vector<std::string> out;
  if (access("/usr/bin/kubectl", X_OK) == 0) out.emplace_back("/usr/bin/kubectl");
  std::error_code ec;
  fs::path dir =
      fs::path("/usr/bin/kubectl").parent_path() / fs::read_symlink("/usr/bin/kubectl", ec);
  for (const auto& e : fs::directory_iterator(dir.parent_path(), ec)) {
    if (e.path().filename().string().rfind("kubectl.1.", 0) == 0) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// ours is contained in theirs: same scalars, lists of the same length, and
// every key of every mapping present (theirs may add defaults).
bool Contains(const YAML::Node& ours, const YAML::Node& theirs, const std::string& path,
              std::string& why) {
  if (ours.IsMap()) {
    if (!theirs.IsMap()) return why = path + ": not a mapping in kubectl's output", false;
    for (auto it = ours.begin(); it != ours.end(); ++it) {
      std::string key = it->first.as<std::string>();
      if (!theirs[key]) return why = path + "." + key + ": dropped by kubectl", false;
      if (!Contains(it->second, theirs[key], path + "." + key, why)) return false;
    }
    return true;
  }
  if (ours.IsSequence()) {
    if (!theirs.IsSequence() || theirs.size() != ours.size()) {
      return why = path + ": list changed", false;
    }
    for (size_t i = 0; i < ours.size(); ++i) {
      if (!Contains(ours[i], theirs[i], path + "[" + std::to_string(i) + "]", why)) return false;
    }
    return true;
  }
  if (!theirs.IsScalar() || theirs.as<std::string>() != ours.as<std::string>()) {
    return why = path + ": \"" + ours.as<std::string>() + "\" came back as \"" +
                 (theirs.IsScalar() ? theirs.as<std::string>() : std::string("non-scalar")) + "\"",
           false;
  }
  return true;
}

class KubectlRoundTrip : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    kubectls_ = Kubectls();
    ASSERT_FALSE(kubectls_.empty()) << "no kubectl installed";
    dir_ = fs::temp_directory_path() / ("ki-kubectl-" + std::to_string(getpid()));
    fs::create_directories(dir_);
    config::LoadedConfig c = config::LoadConfig({.config_path = "configs/" + GetParam()});
    ASSERT_TRUE(c.ok());
    for (bool privileged : {true, false}) {
      auto r = RenderKubeProxyAddon(c.config, {.privileged = privileged, .version = "v0.1.0"});
      ASSERT_TRUE(r.ok()) << r.status().message();
      for (RenderedObject& o : *r) objects_[o.kind + (privileged ? "" : "-unprivileged")] = o;
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }

  void ExpectContained(const std::string& ours, const std::string& cmd) {
    for (const std::string& kubectl : kubectls_) {
      int rc = 0;
      std::string out = RunCommand(kubectl + " " + cmd, &rc);
      ASSERT_EQ(rc, 0) << kubectl << " " << cmd << ":\n" << out;
      std::string why;
      EXPECT_TRUE(Contains(YAML::Load(ours), YAML::Load(out), "", why))
          << kubectl << ": " << why << "\n"
          << out;
    }
  }

  std::vector<std::string> kubectls_;
  fs::path dir_;
  std::map<std::string, RenderedObject> objects_;
};

TEST_P(KubectlRoundTrip, DaemonSetThroughSetImage) {
  for (const char* key : {"DaemonSet", "DaemonSet-unprivileged"}) {
    // set image prints nothing when nothing changes: set a sentinel, expect it back.
    std::string ours = objects_[key].yaml;
    std::string file = Write(std::string(key) + ".yaml", ours);
    YAML::Node expected = YAML::Load(ours);
    expected["spec"]["template"]["spec"]["containers"][0]["image"] = "roundtrip.invalid/x:1";
    ExpectContained(YAML::Dump(expected),
                    "set image --local -f " + file + " kube-proxy=roundtrip.invalid/x:1 -o yaml");
  }
}

TEST_P(KubectlRoundTrip, BindingsThroughSetSubject) {
  for (const char* key : {"ClusterRoleBinding", "RoleBinding"}) {
    std::string file = Write(std::string(key) + ".yaml", objects_[key].yaml);
    YAML::Node expected = YAML::Load(objects_[key].yaml);
    YAML::Node sentinel;
    sentinel["apiGroup"] = "rbac.authorization.k8s.io";
    sentinel["kind"] = "Group";
    sentinel["name"] = "roundtrip-sentinel";
    expected["subjects"].push_back(sentinel);
    ExpectContained(YAML::Dump(expected),
                    "set subject --local -f " + file + " --group=roundtrip-sentinel -o yaml");
  }
}

TEST_P(KubectlRoundTrip, ServiceAccountMatchesKubectlsTypedGenerator) {
  ExpectContained(objects_["ServiceAccount"].yaml,
                  "create serviceaccount kube-proxy -n kube-system --dry-run=client -o yaml");
}

// What kubectl's RESTMapper needs to know "configmaps" and "roles", offline.
void WriteDiscoveryCache(const fs::path& cache) {
  fs::path host = cache / "discovery" / "localhost_8080";
  fs::create_directories(host / "v1");
  fs::create_directories(host / "rbac.authorization.k8s.io" / "v1");
  std::ofstream(host / "servergroups.json")
      << R"({"kind":"APIGroupList","apiVersion":"v1","groups":[)"
      << R"({"name":"","versions":[{"groupVersion":"v1","version":"v1"}],)"
      << R"("preferredVersion":{"groupVersion":"v1","version":"v1"}},)"
      << R"({"name":"rbac.authorization.k8s.io","versions":[{"groupVersion":)"
      << R"("rbac.authorization.k8s.io/v1","version":"v1"}],"preferredVersion":)"
      << R"({"groupVersion":"rbac.authorization.k8s.io/v1","version":"v1"}}]})";
  std::ofstream(host / "v1" / "serverresources.json")
      << R"({"kind":"APIResourceList","groupVersion":"v1","resources":[{"name":"configmaps",)"
      << R"("singularName":"configmap","namespaced":true,"kind":"ConfigMap","verbs":["get"]}]})";
  std::ofstream(host / "rbac.authorization.k8s.io" / "v1" / "serverresources.json")
      << R"({"kind":"APIResourceList","groupVersion":"rbac.authorization.k8s.io/v1",)"
      << R"("resources":[{"name":"roles","singularName":"role","namespaced":true,)"
      << R"("kind":"Role","verbs":["get"]}]})";
}

TEST_P(KubectlRoundTrip, RoleMatchesKubectlsTypedGenerator) {
  fs::path cache = dir_ / "kube-cache";
  WriteDiscoveryCache(cache);
  ExpectContained(objects_["Role"].yaml,
                  "create role kube-proxy -n kube-system --verb=get --resource=configmaps "
                  "--resource-name=kube-proxy --dry-run=client -o yaml --cache-dir=" +
                      cache.string());
}

TEST_P(KubectlRoundTrip, ConfigMapDataMatchesKubectlsTypedGenerator) {
  YAML::Node cm = YAML::Load(objects_["ConfigMap"].yaml);
  std::string conf = Write("config.conf", cm["data"]["config.conf"].as<std::string>());
  std::string kc = Write("kubeconfig.conf", cm["data"]["kubeconfig.conf"].as<std::string>());
  cm["metadata"].remove("labels");  // `create configmap` sets none; the rest must match
  ExpectContained(YAML::Dump(cm),
                  "create configmap kube-proxy -n kube-system --from-file=config.conf=" + conf +
                      " --from-file=kubeconfig.conf=" + kc + " --dry-run=client -o yaml");
}

INSTANTIATE_TEST_SUITE_P(Examples, KubectlRoundTrip,
                         ::testing::Values("master-classic-guide.yaml", "master-v1.10.yaml",
                                           "init-v1beta4.yaml"),
                         [](const auto& info) {
                           std::string n = info.param.substr(0, info.param.find('.'));
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

}  // namespace
}  // namespace ki::manifests
