// REST paths of single objects: every kind the kube-proxy addon renders maps
// to the plural and scope kubeadm's typed clients use, and objects that
// cannot be placed are refused with the object named.
#include "pkg/k8s/client/object_path.h"

#include <gtest/gtest.h>

#include "pkg/config/load.h"
#include "pkg/k8s/client/yaml_json.h"
#include "pkg/manifests/kube_proxy_addon.h"

namespace ki::k8s::client {
namespace {

nlohmann::json Object(const std::string& api_version, const std::string& kind,
                      const std::string& ns, const std::string& name) {
  nlohmann::json o = {{"apiVersion", api_version}, {"kind", kind}, {"metadata", {{"name", name}}}};
  if (!ns.empty()) o["metadata"]["namespace"] = ns;
  return o;
}

std::string PathOf(const nlohmann::json& object) {
  Result<ObjectRef> ref = RefOf(object);
  EXPECT_TRUE(ref.ok()) << ref.status().message();
  return ref.ok() ? ObjectPath(*ref) : "";
}

constexpr const char* kRbacNamespaced =
    "/apis/rbac.authorization.k8s.io/v1/namespaces/kube-system/";

TEST(ObjectPath, EveryRenderedAddonObject) {
  config::LoadedConfig loaded = config::LoadConfig({.config_path = "configs/master-v1.10.yaml"});
  ASSERT_TRUE(loaded.ok());
  auto objects = manifests::RenderKubeProxyAddon(loaded.config, {"", true, "v0.1.0"});
  ASSERT_TRUE(objects.ok()) << objects.status().message();
  std::vector<std::string> paths;
  for (const manifests::RenderedObject& o : *objects) {
    Result<nlohmann::json> json = JsonFromYaml(o.yaml);
    ASSERT_TRUE(json.ok()) << json.status().message();
    Result<ObjectRef> ref = RefOf(*json);
    ASSERT_TRUE(ref.ok()) << ref.status().message();
    EXPECT_EQ(ref->resource, o.resource) << o.kind;  // the renderer's own idea of the plural
    paths.push_back(ObjectPath(*ref));
  }
  EXPECT_EQ(paths,
            (std::vector<std::string>{
                "/api/v1/namespaces/kube-system/configmaps/kube-proxy",
                "/apis/apps/v1/namespaces/kube-system/daemonsets/kube-proxy",
                "/api/v1/namespaces/kube-system/serviceaccounts/kube-proxy",
                "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/kubeadm:node-proxier",
                std::string(kRbacNamespaced) + "roles/kube-proxy",
                std::string(kRbacNamespaced) + "rolebindings/kube-proxy",
            }));
}

TEST(ObjectPath, CollectionsAndDescriptions) {
  Result<ObjectRef> ds = RefOf(Object("apps/v1", "DaemonSet", "kube-system", "kube-proxy"));
  ASSERT_TRUE(ds.ok());
  EXPECT_EQ(CollectionPath(*ds), "/apis/apps/v1/namespaces/kube-system/daemonsets");
  EXPECT_EQ(Describe(*ds), "DaemonSet kube-system/kube-proxy");
  Result<ObjectRef> crb = RefOf(
      Object("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "", "kubeadm:node-proxier"));
  ASSERT_TRUE(crb.ok());
  EXPECT_EQ(CollectionPath(*crb), "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings");
  EXPECT_EQ(Describe(*crb), "ClusterRoleBinding kubeadm:node-proxier");
  EXPECT_EQ(PathOf(Object("v1", "Service", "default", "web")),
            "/api/v1/namespaces/default/services/web");
  EXPECT_EQ(PathOf(Object("discovery.k8s.io/v1", "EndpointSlice", "default", "web-abc")),
            "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/web-abc");
  EXPECT_EQ(PathOf(Object("v1", "Node", "", "node-a")), "/api/v1/nodes/node-a");
  EXPECT_EQ(PathOf(Object("rbac.authorization.k8s.io/v1", "ClusterRole", "", "system:x y")),
            "/apis/rbac.authorization.k8s.io/v1/clusterroles/system:x%20y");
}

TEST(ObjectPath, RefusesWhatItCannotPlace) {
  const auto message = [](const nlohmann::json& o) { return RefOf(o).status().message(); };
  EXPECT_EQ(message(Object("apps/v1", "StatefulSet", "ns", "x")),
            "StatefulSet \"x\" (apiVersion \"apps/v1\"): no REST mapping for this kind in this "
            "client");
  EXPECT_EQ(message(Object("v1", "DaemonSet", "ns", "x")),
            "DaemonSet \"x\" (apiVersion \"v1\"): no REST mapping for this kind in this client");
  EXPECT_EQ(message(Object("v1", "ConfigMap", "", "x")),
            "ConfigMap \"x\" (apiVersion \"v1\"): metadata.namespace must be set");
  EXPECT_EQ(
      message(Object("v1", "Node", "default", "x")),
      "Node \"x\" (apiVersion \"v1\"): cluster-scoped, so metadata.namespace must not be set");
  EXPECT_EQ(message(Object("v1", "ConfigMap", "ns", "")),
            "ConfigMap \"\" (apiVersion \"v1\"): metadata.name must be set and hold no '/'");
  EXPECT_FALSE(RefOf(Object("v1", "ConfigMap", "ns", "a/b")).ok());
  EXPECT_FALSE(RefOf(Object("v1", "ConfigMap", "ns", "..")).ok());
  EXPECT_EQ(RefOf(nlohmann::json::array()).status().code(), Code::kInvalidConfig);
}

}  // namespace
}  // namespace ki::k8s::client
