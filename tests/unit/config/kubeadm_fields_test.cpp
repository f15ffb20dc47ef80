// kubeadm's own fields: what each version's decoder does with them (null,
// fields of other versions, the two extraArgs shapes, fields kubeadm-ipvs
// does not carry) and kubeadm's validation rules, each with file:line:col.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pkg/config/field_table.h"
#include "tests/unit/config/config_test_util.h"

namespace ki::config {
namespace {

using ::testing::ElementsAre;
using testing::Errors;
using ::testing::HasSubstr;
using testing::Load;
using testing::Notices;
using testing::OnlyError;
using testing::Warnings;

LoadedConfig Decode(const std::string& text) { return DecodeConfigText(text, "c.yaml"); }

const std::string kInit3 = "apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\n";
const std::string kInit4 = "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n";
const std::string kCluster3 = "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n";
const std::string kCluster4 = "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n";
const std::string kMaster1 = "apiVersion: kubeadm.k8s.io/v1alpha1\nkind: MasterConfiguration\n";

// The field tables' rows inside lists ("bootstrapTokens[].ttl"), each set in
// a document of its table: decodes, null decodes (all of them are pointers
// or plain values), a wrong shape is an error.
struct ListRow {
  std::string name;
  std::string document_head;
  std::string path;
  FieldSpec spec;
};

std::vector<ListRow> ListRows() {
  std::vector<ListRow> rows;
  for (const TypeTable& t : KubeadmTypeTables()) {
    for (const FieldSpec& f : t.fields) {
      std::string path(f.path);
      if (path.find("[].") == std::string::npos) continue;
      std::string name = std::string(t.api_version.substr(15)) + "_" + std::string(t.kind) + "_";
      for (char c : path) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      rows.push_back(
          {name,
           "apiVersion: " + std::string(t.api_version) + "\nkind: " + std::string(t.kind) + "\n",
           path, f});
    }
  }
  return rows;
}

// "a.b[].c" set to value, in flow style.
std::string Nested(const std::string& path, const std::string& value) {
  size_t dot = path.find('.');
  std::string key = path.substr(0, dot);
  std::string inner =
      dot == std::string::npos ? value : "{" + Nested(path.substr(dot + 1), value) + "}";
  bool list = key.size() > 2 && key.compare(key.size() - 2, 2, "[]") == 0;
  if (list) return key.substr(0, key.size() - 2) + ": [" + inner + "]";
  return key + ": " + inner;
}

std::string Sample(const FieldSpec& f) {
  if (!f.sample.empty()) return std::string(f.sample);
  switch (f.type) {
    case FieldType::kBool:
      return "true";
    case FieldType::kObject:
    case FieldType::kOpaque:
      return "{}";
    default:
      return "x";
  }
}

class KubeadmListRows : public ::testing::TestWithParam<ListRow> {};

TEST_P(KubeadmListRows, DecodeNullAndRefuseTheWrongShape) {
  const ListRow& row = GetParam();
  std::string doc = row.document_head + Nested(row.path, Sample(row.spec)) + "\n";
  LoadedConfig c = Decode(doc);
  EXPECT_TRUE(Errors(c).empty()) << doc << ::testing::PrintToString(Errors(c));
  EXPECT_TRUE(Warnings(c).empty()) << doc << ::testing::PrintToString(Warnings(c));
  doc = row.document_head + Nested(row.path, "null") + "\n";
  EXPECT_TRUE(Errors(Decode(doc)).empty()) << doc;
  if (row.spec.type != FieldType::kOpaque) {
    bool list = row.spec.type == FieldType::kStringList || row.spec.type == FieldType::kArgList ||
                row.spec.type == FieldType::kObjectList;
    doc = row.document_head + Nested(row.path, list ? "{a: b}" : "[x]") + "\n";
    EXPECT_FALSE(Errors(Decode(doc)).empty()) << doc;
  }
}

INSTANTIATE_TEST_SUITE_P(Tables, KubeadmListRows, ::testing::ValuesIn(ListRows()),
                         [](const auto& info) { return info.param.name; });

TEST(KubeadmTables, ReleasesOfEachVersion) {
  std::vector<std::string> got;
  for (const TypeTable& t : KubeadmTypeTables()) {
    got.push_back(std::string(t.api_version.substr(15)) + " " + std::string(t.kind) + " " +
                  std::string(t.first_release) + "-" + std::string(t.last_release));
  }
  EXPECT_THAT(
      got,
      ElementsAre(
          "v1alpha1 MasterConfiguration v1.9-v1.11", "v1alpha2 MasterConfiguration v1.11-v1.12",
          "v1alpha3 InitConfiguration v1.12-v1.13", "v1alpha3 ClusterConfiguration v1.12-v1.13",
          "v1beta1 InitConfiguration v1.13-v1.21", "v1beta1 ClusterConfiguration v1.13-v1.21",
          "v1beta2 InitConfiguration v1.15-v1.26", "v1beta2 ClusterConfiguration v1.15-v1.26",
          "v1beta3 InitConfiguration v1.22-v1.36", "v1beta3 ClusterConfiguration v1.22-v1.36",
          "v1beta4 InitConfiguration v1.31-", "v1beta4 ClusterConfiguration v1.31-"));
}

TEST(KubeadmDecode, NullTaintsMeanKubeadmsDefaultAndAnEmptyListNone) {
  LoadedConfig null_taints = Decode(kInit3 + "nodeRegistration:\n  taints: null\n");
  ASSERT_TRUE(null_taints.ok());
  EXPECT_FALSE(null_taints.config.node_registration.taints.has_value());
  LoadedConfig none = Decode(kInit3 + "nodeRegistration:\n  taints: []\n");
  ASSERT_TRUE(none.config.node_registration.taints.has_value());
  EXPECT_TRUE(none.config.node_registration.taints->empty());
}

TEST(KubeadmDecode, NullPointerDurationsAndObjectsAreUnset) {
  LoadedConfig c = Decode(kInit4 +
                          "bootstrapTokens:\n- token: abcdef.0123456789abcdef\n  ttl: null\n"
                          "timeouts: null\npatches: null\n");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_EQ(c.config.bootstrap_tokens.at(0).ttl, Duration::Hours(24));
  EXPECT_TRUE(Notices(c).empty());
  LoadedConfig ext = Decode(kCluster4 + "etcd:\n  external: null\n");
  EXPECT_FALSE(ext.config.external_etcd.has_value());
}

TEST(KubeadmDecode, AFieldOfAnotherVersionIsIgnoredAndNamed) {
  LoadedConfig c = Decode(kCluster3 + "proxy:\n  disabled: true\n");
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c.config.proxy_disabled);
  EXPECT_THAT(Warnings(c), ElementsAre("warning: c.yaml:4:3: \"proxy\" is a field of "
                                       "ClusterConfiguration (v1beta4), not of "
                                       "kubeadm.k8s.io/v1beta3 ClusterConfiguration; it is "
                                       "ignored, as kubeadm ignores it"));
  LoadedConfig nested = Decode(kInit3 + "nodeRegistration:\n  imagePullSerial: false\n");
  EXPECT_THAT(Warnings(nested), ElementsAre(HasSubstr("\"nodeRegistration.imagePullSerial\" is a "
                                                      "field of InitConfiguration (v1beta4)")));
}

TEST(KubeadmDecode, AClusterFieldInTheInitDocumentIsIgnoredAsKubeadmDid) {
  LoadedConfig c = Decode(kInit3 + "kubernetesVersion: v1.33.0\n");
  EXPECT_TRUE(c.config.kubernetes_version.empty());
  EXPECT_THAT(Warnings(c),
              ElementsAre(HasSubstr("\"kubernetesVersion\" is a field of MasterConfiguration "
                                    "(v1alpha1, v1alpha2), ClusterConfiguration (v1alpha3, "
                                    "v1beta1, v1beta2, v1beta3, v1beta4), not of "
                                    "kubeadm.k8s.io/v1beta3 InitConfiguration")));
}

TEST(KubeadmDecode, ExtraArgsTakeTheShapeOfTheirVersion) {
  EXPECT_EQ(OnlyError(Decode(kCluster4 + "apiServer:\n  extraArgs:\n    v: \"4\"\n")),
            "c.yaml:5:5: apiServer.extraArgs: expected a list of {name, value} arguments, got a "
            "mapping; the flag-to-value mapping is the form of v1beta3 and older, v1beta4 lists "
            "them");
  EXPECT_EQ(
      OnlyError(Decode(kCluster3 + "apiServer:\n  extraArgs:\n  - {name: v, value: \"4\"}\n")),
      "c.yaml:5:3: apiServer.extraArgs: expected a mapping of flag names to values, got a "
      "list; the list of {name, value} is v1beta4's form");
}

TEST(KubeadmDecode, UncarriedFieldsAreStillHeldToTheirShape) {
  EXPECT_THAT(Errors(Decode(kCluster3 + "apiServer:\n  extraVolumes:\n  - name: x\n    readOnly: "
                                        "maybe\n")),
              ElementsAre(HasSubstr("c.yaml:6:15: apiServer.extraVolumes[0].readOnly")));
  LoadedConfig ok = Decode(kCluster3 +
                           "apiServer:\n  extraVolumes:\n  - {name: x, hostPath: /a, "
                           "mountPath: /a, readOnly: true}\n");
  ASSERT_TRUE(ok.ok());
  EXPECT_THAT(Notices(ok), ElementsAre(HasSubstr("apiServer.extraVolumes is accepted but has no "
                                                 "effect")));
}

TEST(KubeadmDecode, TtlAndExpiresAreMutuallyExclusive) {
  LoadedConfig c =
      Decode(kInit3 + "bootstrapTokens:\n- ttl: 1h\n  expires: \"2030-01-01T00:00:00Z\"\n");
  EXPECT_THAT(Errors(c), ElementsAre(HasSubstr("c.yaml:5:12: bootstrapTokens[0].expires: ttl and "
                                               "expires are mutually exclusive")));
}

TEST(KubeadmDecode, V1Alpha1AuthorizationModesBecomeTheApiServerFlag) {
  LoadedConfig c = Decode(kMaster1 + "authorizationModes: [Node, RBAC, Webhook]\n");
  EXPECT_EQ(c.config.api_server.extra_args, (ArgList{{"authorization-mode", "Node,RBAC,Webhook"}}));
  EXPECT_THAT(Notices(c), ElementsAre("notice: c.yaml:3:21: authorizationModes is read as "
                                      "apiServer.extraArgs authorization-mode=Node,RBAC,Webhook, "
                                      "as kubeadm v1.11 migrated it"));
  LoadedConfig def = Decode(kMaster1 + "authorizationModes: [Node, RBAC]\n");
  EXPECT_TRUE(def.config.api_server.extra_args.empty());
  EXPECT_TRUE(Notices(def).empty());
  LoadedConfig flag = Decode(kMaster1 +
                             "apiServerExtraArgs: {authorization-mode: RBAC}\n"
                             "authorizationModes: [AlwaysAllow]\n");
  EXPECT_EQ(flag.config.api_server.extra_args, (ArgList{{"authorization-mode", "RBAC"}}));
}

TEST(KubeadmDecode, V1Alpha1FlatEtcdWithEndpointsIsExternal) {
  LoadedConfig c =
      Decode(kMaster1 + "etcd:\n  endpoints: [\"https://10.0.0.5:2379\"]\n  dataDir: /data/etcd\n");
  ASSERT_TRUE(c.config.external_etcd.has_value());
  EXPECT_TRUE(c.config.local_etcd.data_dir.empty());
  EXPECT_THAT(Notices(c), ElementsAre(HasSubstr("c.yaml:4:3: etcd.dataDir (a local etcd's "
                                                "settings) have no effect with etcd.endpoints")));
  LoadedConfig local = Decode(kMaster1 + "etcd: {dataDir: /var/lib/etcd, caFile: \"\"}\n");
  EXPECT_FALSE(local.config.external_etcd.has_value());
  EXPECT_TRUE(Notices(local).empty());
}

TEST(KubeadmDecode, V1Alpha1FieldsOfLaterReleasesDecode) {
  LoadedConfig c = Decode(kMaster1 +
                          "clusterName: prod\napi: {controlPlaneEndpoint: \"lb:6443\"}\n"
                          "tokenGroups: [system:bootstrappers:x]\n");
  ASSERT_TRUE(c.ok()) << ::testing::PrintToString(Errors(c));
  EXPECT_EQ(c.config.cluster_name, "prod");
  EXPECT_EQ(c.config.control_plane_endpoint, "lb:6443");
}

// kubeadm's validation, at the value's position.
struct Rule {
  const char* name;
  std::string text;
  std::string error;
};

class KubeadmValidation : public ::testing::TestWithParam<Rule> {};

TEST_P(KubeadmValidation, RefusedWithPosition) {
  EXPECT_EQ(OnlyError(Load(GetParam().text)), GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    Rules, KubeadmValidation,
    ::testing::Values(
        Rule{"NodeNameFromATemplate", kInit3 + "nodeRegistration:\n  name: os.Hostname()\n",
             "c.yaml:4:9: nodeRegistration.name: \"os.Hostname()\" is not a valid node name: "
             "kubeadm refuses a name that is not a lowercase RFC 1123 subdomain (lower case "
             "alphanumeric characters, '-' or '.', starting and ending with an alphanumeric "
             "character, at most 253 characters, e.g. 'node-1.example.com')"},
        Rule{"V1Alpha1NodeName", kMaster1 + "nodeName: node_1\n",
             "c.yaml:3:11: nodeName: \"node_1\" is not a valid node name: kubeadm refuses a name "
             "that is not a lowercase RFC 1123 subdomain (lower case alphanumeric characters, '-' "
             "or '.', starting and ending with an alphanumeric character, at most 253 "
             "characters, e.g. 'node-1.example.com')"},
        Rule{"NpipeSocket",
             kInit3 + "nodeRegistration:\n  criSocket: npipe:////./pipe/containerd-containerd\n",
             "c.yaml:4:14: nodeRegistration.criSocket: URL scheme \"npipe\" is not supported on "
             "Linux, where kubeadm takes only \"unix\" (npipe:// names a Windows named pipe); "
             "use e.g. unix:///var/run/containerd/containerd.sock"},
        Rule{"IgnoreAllAndMore",
             kInit3 + "nodeRegistration:\n  ignorePreflightErrors: [All, Swap]\n",
             "c.yaml:4:26: nodeRegistration.ignorePreflightErrors: don't specify individual "
             "checks if 'all' is used (kubeadm refuses the list)"},
        Rule{"RelativeSocket", kMaster1 + "criSocket: var/run/crio.sock\n",
             "c.yaml:3:12: criSocket: \"var/run/crio.sock\" is neither a unix:// URL nor an "
             "absolute path (kubeadm: \"path is not absolute\"); use e.g. "
             "unix:///var/run/containerd/containerd.sock"},
        Rule{"RelativeCertificatesDir", kCluster4 + "certificatesDir: pki\n",
             "c.yaml:3:18: certificatesDir: \"pki\" is not an absolute path (kubeadm: \"path is "
             "not absolute\")"},
        Rule{"LocalAndExternalEtcd",
             kCluster4 + "etcd:\n  local: {dataDir: /var/lib/etcd}\n  external: {endpoints: "
                         "[\"https://e:2379\"]}\n",
             "c.yaml:4:10: etcd.local: etcd.local and etcd.external are mutually exclusive "
             "(kubeadm: \".Etcd.Local and .Etcd.External are mutually exclusive\"); keep one"},
        Rule{"ExternalCertWithoutKey",
             kCluster4 + "etcd:\n  external: {endpoints: [\"https://e:2379\"], caFile: /ca, "
                         "certFile: /c}\n",
             "c.yaml:4:68: etcd.external.certFile: certFile and keyFile go together (kubeadm: "
             "\"either both or none of .Etcd.External.CertFile and .Etcd.External.KeyFile must "
             "be set\")"},
        Rule{"PlainHttpEtcdWithTls",
             kCluster4 + "etcd:\n  external: {endpoints: [\"http://e:2379\"], caFile: /ca}\n",
             "c.yaml:4:25: etcd.external.endpoints: \"http://e:2379\" must be https:// with "
             "caFile, certFile or keyFile set (kubeadm: \"the URL must be using the HTTPS "
             "scheme\")"},
        Rule{"BadCertSan", kCluster4 + "apiServer:\n  certSANs: [\"api_server\"]\n",
             "c.yaml:4:13: apiServer.certSANs: \"api_server\" is not a valid IP address, DNS "
             "name or wildcard DNS name (\"*.\" and a DNS name); kubeadm refuses it"},
        Rule{"TokenUsage", kInit4 + "bootstrapTokens:\n- usages: [signing, login]\n",
             "c.yaml:4:11: bootstrapTokens[0].usages: invalid bootstrap token usage \"login\"; "
             "valid usage options: signing, authentication"},
        Rule{"ServiceSubnetTooLarge", kCluster4 + "networking:\n  serviceSubnet: 10.0.0.0/8\n",
             "c.yaml:4:18: networking.serviceSubnet: \"10.0.0.0/8\": specified service subnet is "
             "too large; for 32-bit addresses, the mask must be >= 12"},
        Rule{"PodSubnetSmallerThanANode", kCluster4 + "networking:\n  podSubnet: 10.244.0.0/25\n",
             "c.yaml:4:14: networking.podSubnet: \"10.244.0.0/25\": the size of pod subnet with "
             "mask 25 is smaller than the size of node subnet with mask 24"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(KubeadmValidation, WhatKubeadmAccepts) {
  for (const std::string& ok : {
           kInit3 + "nodeRegistration:\n  name: Node-1\n",  // kubeadm lowercases it
           kInit3 + "nodeRegistration:\n  criSocket: /var/run/dockershim.sock\n",
           kInit3 + "nodeRegistration:\n  criSocket: unix:///run/containerd/containerd.sock\n",
           kCluster4 +
               "apiServer:\n  certSANs: [\"*.example.com\", 10.0.0.1, \"API.Example.com\"]\n",
           kCluster4 + "etcd:\n  external: {endpoints: [\"http://e:2379\"]}\n",
           kCluster4 + "networking:\n  podSubnet: 10.0.0.0/8\n",
           kCluster4 + "networking:\n  podSubnet: 10.244.0.0/25\ncontrollerManager:\n  extraArgs:\n"
                       "  - {name: allocate-node-cidrs, value: \"false\"}\n",
           kInit4 + "bootstrapTokens:\n- usages: [signing]\n",
       }) {
    LoadedConfig c = Load(ok);
    EXPECT_TRUE(c.ok()) << ok << ::testing::PrintToString(Errors(c));
  }
}

}  // namespace
}  // namespace ki::config
