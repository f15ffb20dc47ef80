// Keeps the test API server honest: the installed kubectl reads its list
// pages, continue tokens, selectors and error bodies the way it reads a real
// API server's (kubectl get --raw with a kubeconfig pointing at it), and the
// client parses what kubectl printed the same way.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "pkg/k8s/client/api_response.h"
#include "tests/k8s_api/api_fixture.h"

namespace ki::k8s::testapi {
namespace {

class KubectlTest : public ApiServerTest {
 protected:
  void SetUp() override {
    ApiServerTest::SetUp();
    if (std::system("kubectl version --client >/dev/null 2>&1") != 0) {  // NOLINT(cert-env33-c)
      GTEST_SKIP() << "kubectl is not installed";
    }
    kubeconfig_ = pki_->path("kubectl-" + std::to_string(server_->port()));
    WriteKubeconfig(kGoodToken);
  }
  void TearDown() override {
    std::remove(kubeconfig_.c_str());
    ApiServerTest::TearDown();
  }
  void WriteKubeconfig(const std::string& token) {
    std::ofstream(kubeconfig_) << "apiVersion: v1\nkind: Config\nclusters:\n- name: t\n  cluster:\n"
                               << "    server: " << server_->url() << "\n"
                               << "    certificate-authority: " << pki_->path("ca.crt") << "\n"
                               << "users:\n- name: u\n  user:\n    token: " << token << "\n"
                               << "contexts:\n- name: c\n  context: {cluster: t, user: u}\n"
                               << "current-context: c\n";
  }
  // Runs kubectl get --raw path; returns stdout+stderr and sets *rc.
  std::string Raw(const std::string& path, int* rc) {
    const std::string cmd =
        "kubectl --kubeconfig " + kubeconfig_ + " get --raw '" + path + "' 2>&1";
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) return out;
    char buf[4096];
    size_t n = 0;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    *rc = pclose(p);
    return out;
  }
  std::string kubeconfig_;
};

TEST_F(KubectlTest, ListPagesReadByKubectlAndByTheClientAlike) {
  AddServices(5);
  int rc = -1;
  const std::string first = Raw("/api/v1/services?limit=2", &rc);
  ASSERT_EQ(rc, 0) << first;
  const auto doc = nlohmann::json::parse(first);
  EXPECT_EQ(doc["kind"], "ServiceList");
  EXPECT_EQ(doc["apiVersion"], "v1");
  EXPECT_EQ(doc["metadata"]["remainingItemCount"], 3);
  auto page = client::ParseListPage(first);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 2u);
  EXPECT_FALSE(page->items[0].contains("kind"));  // items of a list carry no kind
  ASSERT_FALSE(page->continue_token.empty());
  size_t total = page->items.size();
  std::string token = page->continue_token;
  while (!token.empty()) {
    const std::string next = Raw("/api/v1/services?limit=2&continue=" + token, &rc);
    ASSERT_EQ(rc, 0) << next;
    auto p = client::ParseListPage(next);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->resource_version, page->resource_version);  // one list, one RV
    total += p->items.size();
    token = p->continue_token;
  }
  EXPECT_EQ(total, 5u);
  // With a selector the server cannot know how many are left, and omits the count.
  const std::string selected =
      Raw("/api/v1/services?limit=2&fieldSelector=metadata.namespace%21%3Dns-9", &rc);
  ASSERT_EQ(rc, 0) << selected;
  const auto selected_doc = nlohmann::json::parse(selected);
  EXPECT_EQ(selected_doc["items"].size(), 2u);
  EXPECT_TRUE(selected_doc["metadata"].contains("continue"));
  EXPECT_FALSE(selected_doc["metadata"].contains("remainingItemCount"));
}

TEST_F(KubectlTest, SelectorsAndEmptyLists) {
  server_->state().Upsert("nodes", {{"metadata", {{"name", "node-a"}}}});
  server_->state().Upsert("nodes", {{"metadata", {{"name", "node-b"}}}});
  int rc = -1;
  const std::string out = Raw("/api/v1/nodes?fieldSelector=metadata.name%3Dnode-b", &rc);
  ASSERT_EQ(rc, 0) << out;
  const auto doc = nlohmann::json::parse(out);
  ASSERT_EQ(doc["items"].size(), 1u);
  EXPECT_EQ(doc["items"][0]["metadata"]["name"], "node-b");
  const std::string none =
      Raw("/apis/discovery.k8s.io/v1/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dx",
          &rc);
  ASSERT_EQ(rc, 0) << none;
  EXPECT_EQ(nlohmann::json::parse(none)["kind"], "EndpointSliceList");
}

TEST_F(KubectlTest, KubectlUnderstandsTheErrorBodies) {
  WriteKubeconfig("wrong-token");
  int rc = -1;
  const std::string out = Raw("/api/v1/services", &rc);
  EXPECT_NE(rc, 0);
  EXPECT_NE(out.find("Unauthorized"), std::string::npos) << out;
  WriteKubeconfig(kGoodToken);
  server_->InjectFault(Target::kList, Fault::kStatus500);
  const std::string err = Raw("/api/v1/services", &rc);
  EXPECT_NE(rc, 0);
  EXPECT_NE(err.find("injected fault"), std::string::npos) << err;
}

}  // namespace
}  // namespace ki::k8s::testapi
