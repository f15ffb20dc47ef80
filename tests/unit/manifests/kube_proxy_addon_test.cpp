#include "pkg/manifests/kube_proxy_addon.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "pkg/config/load.h"

namespace ki::manifests {
namespace {

config::LoadedConfig Load(const std::string& file) {
  config::LoadedConfig c = config::LoadConfig({.config_path = file});
  EXPECT_TRUE(c.ok()) << file;
  return c;
}

std::vector<RenderedObject> Render(const config::ClusterConfig& c, AddonOptions o = {}) {
  if (o.version.empty()) o.version = "v0.1.0";
  Result<std::vector<RenderedObject>> r = RenderKubeProxyAddon(c, o);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? *r : std::vector<RenderedObject>{};
}

YAML::Node Find(const std::vector<RenderedObject>& objects, const std::string& kind) {
  for (const RenderedObject& o : objects) {
    if (o.kind == kind) return YAML::Load(o.yaml);
  }
  ADD_FAILURE() << "no " << kind;
  return {};
}

TEST(KubeProxyAddon, ObjectsInCreationOrderWithApiCoordinates) {
  auto objects = Render(Load("configs/init-v1beta4.yaml").config);
  std::vector<std::string> got;
  for (const RenderedObject& o : objects) {
    got.push_back(o.kind + " " + o.namespace_name + "/" + o.name + " " + o.resource + " " +
                  o.api_group);
  }
  EXPECT_EQ(got, (std::vector<std::string>{
                     "ConfigMap kube-system/kube-proxy configmaps core/v1",
                     "DaemonSet kube-system/kube-proxy daemonsets apps/v1",
                     "ServiceAccount kube-system/kube-proxy serviceaccounts core/v1",
                     "ClusterRoleBinding /kubeadm:node-proxier clusterrolebindings "
                     "rbac.authorization.k8s.io/v1",
                     "Role kube-system/kube-proxy roles rbac.authorization.k8s.io/v1",
                     "RoleBinding kube-system/kube-proxy rolebindings "
                     "rbac.authorization.k8s.io/v1"}));
}

TEST(KubeProxyAddon, DaemonSetRunsThisBinaryAsTheProxy) {
  YAML::Node ds = Find(Render(Load("configs/init-v1beta4.yaml").config), "DaemonSet");
  YAML::Node pod = ds["spec"]["template"]["spec"];
  YAML::Node c = pod["containers"][0];
  EXPECT_EQ(c["image"].as<std::string>(), "registry.k8s.io/kubeadm-ipvs:v0.1.0");
  EXPECT_EQ(c["command"].as<std::vector<std::string>>(),
            (std::vector<std::string>{"/usr/local/bin/kubeadm-ipvs", "proxy",
                                      "--config=/var/lib/kube-proxy/config.conf",
                                      "--hostname-override=$(NODE_NAME)"}));
  EXPECT_EQ(c["env"][0]["valueFrom"]["fieldRef"]["fieldPath"].as<std::string>(), "spec.nodeName");
  EXPECT_TRUE(c["securityContext"]["privileged"].as<bool>());
  EXPECT_TRUE(pod["hostNetwork"].as<bool>());
  EXPECT_EQ(pod["priorityClassName"].as<std::string>(), "system-node-critical");
  EXPECT_EQ(pod["serviceAccountName"].as<std::string>(), "kube-proxy");
  EXPECT_EQ(pod["nodeSelector"]["kubernetes.io/os"].as<std::string>(), "linux");
  EXPECT_EQ(pod["tolerations"][0]["key"].as<std::string>(), "CriticalAddonsOnly");
  EXPECT_EQ(pod["tolerations"][1]["operator"].as<std::string>(), "Exists");
  EXPECT_EQ(pod["volumes"][1]["hostPath"]["type"].as<std::string>(), "FileOrCreate");
  EXPECT_TRUE(c["volumeMounts"][2]["readOnly"].as<bool>());  // /lib/modules
  EXPECT_EQ(ds["spec"]["updateStrategy"]["type"].as<std::string>(), "RollingUpdate");
  EXPECT_EQ(ds["metadata"]["labels"]["k8s-app"].as<std::string>(), "kube-proxy");
}

TEST(KubeProxyAddon, LeastPrivilegeRendersCapabilitiesOnly) {
  auto objects = Render(Load("configs/init-v1beta4.yaml").config, {.privileged = false});
  YAML::Node sc =
      Find(objects, "DaemonSet")["spec"]["template"]["spec"]["containers"][0]["securityContext"];
  EXPECT_FALSE(sc["privileged"].as<bool>());
  EXPECT_EQ(sc["capabilities"]["add"].as<std::vector<std::string>>(),
            (std::vector<std::string>{"NET_ADMIN", "NET_RAW", "SYS_MODULE"}));
  EXPECT_EQ(sc["capabilities"]["drop"].as<std::vector<std::string>>(),
            std::vector<std::string>{"ALL"});
}

TEST(KubeProxyAddon, ImageFromFlagOrImageRepository) {
  config::ClusterConfig c = Load("configs/init-v1beta4.yaml").config;
  EXPECT_EQ(ProxyImage(c, {.image = "my.registry/kip:dev"}), "my.registry/kip:dev");
  c.image_repository = "mirror.internal/k8s";
  EXPECT_EQ(ProxyImage(c, {.version = "v0.1.0"}), "mirror.internal/k8s/kubeadm-ipvs:v0.1.0");
}

TEST(KubeProxyAddon, ConfigConfReDecodesToTheSameModel) {
  for (const char* f : {"configs/master-classic-guide.yaml", "configs/master-v1.10.yaml",
                        "configs/init-v1beta4.yaml"}) {
    config::LoadedConfig original = Load(f);
    YAML::Node cm = Find(Render(original.config), "ConfigMap");
    std::string conf = cm["data"]["config.conf"].as<std::string>();
    config::LoadedConfig again = config::LoadConfigText(conf, "config.conf", {});
    ASSERT_TRUE(again.ok()) << f;
    EXPECT_TRUE(again.config.kube_proxy == original.config.kube_proxy) << f << "\n" << conf;
    EXPECT_EQ(again.config.kube_proxy.mode, "ipvs");
  }
}

TEST(KubeProxyAddon, IptablesModeStaysIptables) {
  config::LoadedConfig c = config::LoadConfigText(
      "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: "
      "iptables\n",
      "c.yaml", {.flags = {.advertise_address = std::nullopt}});
  ASSERT_TRUE(c.ok());
  c.config.advertise_address = "10.0.0.1";
  std::string conf = Find(Render(c.config), "ConfigMap")["data"]["config.conf"].as<std::string>();
  EXPECT_NE(conf.find("mode: iptables"), std::string::npos);
  EXPECT_EQ(conf.find("mode: ipvs"), std::string::npos);
}

TEST(KubeProxyAddon, KubeconfigPointsAtTheControlPlane) {
  config::ClusterConfig c = Load("configs/init-v1beta4.yaml").config;
  EXPECT_EQ(*ApiServerUrl(c), "https://192.168.0.10:6443");  // controlPlaneEndpoint
  c.control_plane_endpoint = "api.internal";
  EXPECT_EQ(*ApiServerUrl(c), "https://api.internal:6443");
  c.control_plane_endpoint = "fd00::10";
  EXPECT_EQ(*ApiServerUrl(c), "https://[fd00::10]:6443");
  c.control_plane_endpoint = "[fd00::10]:7443";
  EXPECT_EQ(*ApiServerUrl(c), "https://[fd00::10]:7443");
  c.control_plane_endpoint.clear();
  c.advertise_address = "fd00::1";
  EXPECT_EQ(*ApiServerUrl(c), "https://[fd00::1]:6443");
  c.advertise_address.clear();
  EXPECT_EQ(ApiServerUrl(c).status().code(), Code::kInvalidConfig);
  YAML::Node cm = Find(Render(Load("configs/master-classic-guide.yaml").config), "ConfigMap");
  YAML::Node kc = YAML::Load(cm["data"]["kubeconfig.conf"].as<std::string>());
  EXPECT_EQ(kc["clusters"][0]["cluster"]["server"].as<std::string>(), "https://192.168.0.10:6443");
  EXPECT_EQ(kc["users"][0]["user"]["tokenFile"].as<std::string>(),
            "/var/run/secrets/kubernetes.io/serviceaccount/token");
}

TEST(KubeProxyAddon, RbacAsKubeadmHasIt) {
  auto objects = Render(Load("configs/init-v1beta4.yaml").config);
  YAML::Node crb = Find(objects, "ClusterRoleBinding");
  EXPECT_EQ(crb["roleRef"]["name"].as<std::string>(), "system:node-proxier");
  EXPECT_EQ(crb["subjects"][0]["kind"].as<std::string>(), "ServiceAccount");
  YAML::Node role = Find(objects, "Role");
  EXPECT_EQ(role["rules"][0]["resourceNames"][0].as<std::string>(), "kube-proxy");
  EXPECT_EQ(role["rules"][0]["verbs"][0].as<std::string>(), "get");
  YAML::Node rb = Find(objects, "RoleBinding");
  EXPECT_EQ(rb["subjects"][0]["name"].as<std::string>(),
            "system:bootstrappers:kubeadm:default-node-token");
}

TEST(KubeProxyAddon, OutputIsDeterministic) {
  config::ClusterConfig c = Load("configs/master-v1.10.yaml").config;
  EXPECT_EQ(JoinDocuments(Render(c)), JoinDocuments(Render(c)));
}

}  // namespace
}  // namespace ki::manifests
