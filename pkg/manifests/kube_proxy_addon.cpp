#include "pkg/manifests/kube_proxy_addon.h"

#include "pkg/config/emit.h"
#include "pkg/config/net_parse.h"
#include "pkg/config/yaml_writer.h"

namespace ki::manifests {
namespace {

using config::YamlMap;

constexpr const char* kName = "kube-proxy";
constexpr const char* kNamespace = "kube-system";
constexpr const char* kConfigKey = "config.conf";
constexpr const char* kKubeconfigKey = "kubeconfig.conf";
constexpr const char* kServiceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";

YamlMap Metadata(const std::string& name, const std::string& ns,
                 const std::vector<std::pair<std::string, std::string>>& labels = {}) {
  YamlMap m;
  m.Str("name", name);
  if (!ns.empty()) m.Str("namespace", ns);
  YamlMap l;
  for (const auto& [k, v] : labels) l.Str(k, v);
  m.Child("labels", std::move(l));
  return m;
}

YamlMap Header(const std::string& api_version, const std::string& kind, YamlMap metadata) {
  YamlMap o;
  o.Str("apiVersion", api_version);
  o.Str("kind", kind);
  o.Child("metadata", std::move(metadata));
  return o;
}

// kube-proxy's kubeconfig: the in-cluster service account's CA and token.
std::string KubeconfigText(const std::string& server) {
  YamlMap cluster;
  cluster.Str("certificate-authority", std::string(kServiceAccountDir) + "/ca.crt");
  cluster.Str("server", server);
  YamlMap named_cluster;
  named_cluster.Child("cluster", std::move(cluster));
  named_cluster.Str("name", "default");
  YamlMap context;
  context.Str("cluster", "default");
  context.Str("namespace", "default");
  context.Str("user", "default");
  YamlMap named_context;
  named_context.Child("context", std::move(context));
  named_context.Str("name", "default");
  YamlMap user;
  user.Str("tokenFile", std::string(kServiceAccountDir) + "/token");
  YamlMap named_user;
  named_user.Str("name", "default");
  named_user.Child("user", std::move(user));
  YamlMap kc;
  kc.Str("apiVersion", "v1");
  kc.Str("kind", "Config");
  kc.Seq("clusters", {named_cluster});
  kc.Seq("contexts", {named_context});
  kc.Str("current-context", "default");
  kc.Seq("users", {named_user});
  return kc.Render();
}

std::string StripTrailingNewline(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

RenderedObject Object(std::string kind, std::string name, std::string ns, std::string resource,
                      std::string group, const YamlMap& body) {
  return {std::move(kind),     std::move(name),  std::move(ns),
          std::move(resource), std::move(group), body.Render()};
}

RenderedObject ConfigMap(const config::ClusterConfig& c, const std::string& server) {
  YamlMap data;
  data.Literal(kConfigKey, StripTrailingNewline(config::EmitKubeProxyConfiguration(
                               c.kube_proxy, config::EmitDetail::kFull)));
  data.Literal(kKubeconfigKey, StripTrailingNewline(KubeconfigText(server)));
  YamlMap o = Header("v1", "ConfigMap", Metadata(kName, kNamespace, {{"app", kName}}));
  o.Child("data", std::move(data));
  return Object("ConfigMap", kName, kNamespace, "configmaps", "core/v1", o);
}

YamlMap SecurityContext(bool privileged) {
  YamlMap sc;
  if (privileged) {
    sc.Bool("privileged", true);
    return sc;
  }
  // What the proxy does: IPVS, links, ipsets and rules over netlink
  // (NET_ADMIN), iptables-legacy's raw socket (NET_RAW), module loading
  // (SYS_MODULE). Sysctls under /proc/sys are read-only without privilege:
  // set them on the node (docs/guide.md).
  YamlMap caps;
  caps.List("add", {"NET_ADMIN", "NET_RAW", "SYS_MODULE"});
  caps.List("drop", {"ALL"});
  sc.Child("capabilities", std::move(caps));
  sc.Bool("privileged", false);
  return sc;
}

YamlMap Container(const std::string& image, bool privileged) {
  YamlMap env_source;
  YamlMap field_ref;
  field_ref.Str("fieldPath", "spec.nodeName");
  env_source.Child("fieldRef", std::move(field_ref));
  YamlMap env;
  env.Str("name", "NODE_NAME");
  env.Child("valueFrom", std::move(env_source));
  auto mount = [](const std::string& name, const std::string& path, bool read_only) {
    YamlMap m;
    m.Str("mountPath", path);
    m.Str("name", name);
    if (read_only) m.Bool("readOnly", true);  // false is the API's default (omitted)
    return m;
  };
  YamlMap c;
  c.Str("name", kName);
  c.Str("image", image);
  c.Str("imagePullPolicy", "IfNotPresent");
  c.List("command",
         {kProxyBinary, "proxy", std::string("--config=") + kConfigMountPath + "/" + kConfigKey,
          "--hostname-override=$(NODE_NAME)"});
  c.Seq("env", {env});
  c.Child("securityContext", SecurityContext(privileged));
  c.Seq("volumeMounts",
        {mount(kName, kConfigMountPath, false), mount("xtables-lock", "/run/xtables.lock", false),
         mount("lib-modules", "/lib/modules", true)});
  return c;
}

std::vector<YamlMap> Volumes() {
  YamlMap cm;
  cm.Str("name", kName);
  YamlMap v1;
  v1.Child("configMap", std::move(cm));
  v1.Str("name", kName);
  YamlMap lock_path;
  lock_path.Str("path", "/run/xtables.lock");
  lock_path.Str("type", "FileOrCreate");
  YamlMap v2;
  v2.Child("hostPath", std::move(lock_path));
  v2.Str("name", "xtables-lock");
  YamlMap modules_path;
  modules_path.Str("path", "/lib/modules");
  YamlMap v3;
  v3.Child("hostPath", std::move(modules_path));
  v3.Str("name", "lib-modules");
  return {v1, v2, v3};
}

RenderedObject DaemonSet(const std::string& image, bool privileged) {
  YamlMap critical;
  critical.Str("key", "CriticalAddonsOnly");
  critical.Str("operator", "Exists");
  YamlMap everything;
  everything.Str("operator", "Exists");
  YamlMap node_selector;
  node_selector.Str("kubernetes.io/os", "linux");
  YamlMap pod;
  pod.Seq("containers", {Container(image, privileged)});
  pod.Bool("hostNetwork", true);
  pod.Child("nodeSelector", std::move(node_selector));
  pod.Str("priorityClassName", "system-node-critical");
  pod.Str("serviceAccountName", kName);
  pod.Seq("tolerations", {critical, everything});
  pod.Seq("volumes", Volumes());
  YamlMap labels;
  labels.Str("k8s-app", kName);
  YamlMap template_meta;
  template_meta.Child("labels", labels);
  YamlMap tmpl;
  tmpl.Child("metadata", std::move(template_meta));
  tmpl.Child("spec", std::move(pod));
  YamlMap selector;
  selector.Child("matchLabels", labels);
  YamlMap strategy;
  strategy.Str("type", "RollingUpdate");
  YamlMap spec;
  spec.Child("selector", std::move(selector));
  spec.Child("template", std::move(tmpl));
  spec.Child("updateStrategy", std::move(strategy));
  YamlMap o = Header("apps/v1", "DaemonSet", Metadata(kName, kNamespace, {{"k8s-app", kName}}));
  o.Child("spec", std::move(spec));
  return Object("DaemonSet", kName, kNamespace, "daemonsets", "apps/v1", o);
}

YamlMap Subject(const std::string& kind, const std::string& name, const std::string& ns) {
  YamlMap s;
  if (kind == "Group") s.Str("apiGroup", "rbac.authorization.k8s.io");
  s.Str("kind", kind);
  s.Str("name", name);
  if (!ns.empty()) s.Str("namespace", ns);
  return s;
}

YamlMap RoleRef(const std::string& kind, const std::string& name) {
  YamlMap r;
  r.Str("apiGroup", "rbac.authorization.k8s.io");
  r.Str("kind", kind);
  r.Str("name", name);
  return r;
}

std::vector<RenderedObject> Rbac() {
  const std::string rbac = "rbac.authorization.k8s.io/v1";
  YamlMap sa = Header("v1", "ServiceAccount", Metadata(kName, kNamespace));
  YamlMap crb = Header(rbac, "ClusterRoleBinding", Metadata("kubeadm:node-proxier", ""));
  crb.Child("roleRef", RoleRef("ClusterRole", "system:node-proxier"));
  crb.Seq("subjects", {Subject("ServiceAccount", kName, kNamespace)});
  YamlMap rule;
  rule.List("apiGroups", {""});
  rule.List("resourceNames", {kName});
  rule.List("resources", {"configmaps"});
  rule.List("verbs", {"get"});
  YamlMap role = Header(rbac, "Role", Metadata(kName, kNamespace));
  role.Seq("rules", {rule});
  YamlMap rb = Header(rbac, "RoleBinding", Metadata(kName, kNamespace));
  rb.Child("roleRef", RoleRef("Role", kName));
  rb.Seq("subjects", {Subject("Group", "system:bootstrappers:kubeadm:default-node-token", "")});
  return {
      Object("ServiceAccount", kName, kNamespace, "serviceaccounts", "core/v1", sa),
      Object("ClusterRoleBinding", "kubeadm:node-proxier", "", "clusterrolebindings",
             "rbac.authorization.k8s.io/v1", crb),
      Object("Role", kName, kNamespace, "roles", "rbac.authorization.k8s.io/v1", role),
      Object("RoleBinding", kName, kNamespace, "rolebindings", "rbac.authorization.k8s.io/v1", rb)};
}

}  // namespace

std::string ProxyImage(const config::ClusterConfig& c, const AddonOptions& o) {
  if (!o.image.empty()) return o.image;
  return c.image_repository + "/kubeadm-ipvs:" + o.version;
}

Result<std::string> ApiServerUrl(const config::ClusterConfig& c) {
  if (!c.control_plane_endpoint.empty()) {
    const std::string& ep = c.control_plane_endpoint;
    bool has_port = ep.back() != ']' && ep.find(':') != std::string::npos &&
                    (ep.front() == '[' || ep.find(':') == ep.rfind(':'));
    std::string host = config::IsIpv6Address(ep) ? "[" + ep + "]" : ep;
    return "https://" + host + (has_port ? "" : ":" + std::to_string(c.bind_port));
  }
  if (c.advertise_address.empty()) {
    return Status::InvalidConfig(
        "no API server address for kube-proxy's kubeconfig: set controlPlaneEndpoint or "
        "localAPIEndpoint.advertiseAddress (--control-plane-endpoint, "
        "--apiserver-advertise-address)");
  }
  std::string host = config::IsIpv6Address(c.advertise_address) ? "[" + c.advertise_address + "]"
                                                                : c.advertise_address;
  return "https://" + host + ":" + std::to_string(c.bind_port);
}

Result<std::vector<RenderedObject>> RenderKubeProxyAddon(const config::ClusterConfig& c,
                                                         const AddonOptions& o) {
  Result<std::string> server = ApiServerUrl(c);
  if (!server.ok()) return server.status();
  std::vector<RenderedObject> objects = {ConfigMap(c, *server),
                                         DaemonSet(ProxyImage(c, o), o.privileged)};
  for (RenderedObject& r : Rbac()) objects.push_back(std::move(r));
  return objects;
}

std::string JoinDocuments(const std::vector<RenderedObject>& objects) {
  std::string out;
  for (const RenderedObject& o : objects) out += (out.empty() ? "" : "---\n") + o.yaml;
  return out;
}

}  // namespace ki::manifests
