#include "pkg/daemon/services_dir.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "pkg/daemon/dir_watcher.h"

namespace ki::daemon {
namespace {

namespace fs = std::filesystem;

const char* kService = R"(apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  clusterIP: 10.96.0.10
  ports: [{name: http, port: 80, protocol: TCP}]
)";

const char* kSlice = R"(apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: web-1
  namespace: default
  labels: {kubernetes.io/service-name: web}
addressType: IPv4
endpoints: [{addresses: [10.244.1.2], conditions: {ready: true}}]
ports: [{name: http, port: 8080, protocol: TCP}]
)";

class ServicesDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ki-svcdir-" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) {
    // A new modification time even within the filesystem's granularity.
    std::ofstream(dir_ / name) << text;
    fs::last_write_time(dir_ / name,
                        fs::file_time_type::clock::now() + std::chrono::seconds(++tick_));
  }
  fs::path dir_;
  int tick_ = 0;
};

TEST_F(ServicesDirTest, NewFilesAreUpsertsAndDeletedFilesDeletes) {
  ServicesDir d(dir_);
  Write("web.yaml", std::string(kService) + "---\n" + kSlice);
  Write("notes.txt", "not a manifest");
  Result<SourceChanges> c = d.Rescan();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->upserts.size(), 2u);
  EXPECT_TRUE(c->errors.empty());
  EXPECT_TRUE(d.Rescan()->empty());  // nothing changed, nothing reported
  fs::remove(dir_ / "web.yaml");
  c = d.Rescan();
  ASSERT_EQ(c->deletes.size(), 2u);
  EXPECT_EQ(c->deletes[0].name.name, "web");
}

TEST_F(ServicesDirTest, ABrokenFileKeepsItsLastGoodContent) {
  ServicesDir d(dir_);
  Write("web.yaml", kService);
  ASSERT_EQ(d.Rescan()->upserts.size(), 1u);
  Write("web.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web\n");  // a typo
  Result<SourceChanges> c = d.Rescan();
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->deletes.empty());
  EXPECT_TRUE(c->upserts.empty());
  ASSERT_EQ(c->errors.size(), 1u);
  EXPECT_NE(c->errors[0].find("web.yaml"), std::string::npos);
  EXPECT_NE(c->errors[0].find("last good content stays in effect"), std::string::npos);
  EXPECT_TRUE(d.Rescan()->errors.empty());  // reported once, not on every rescan
  Write("web.yaml", std::string(kService) + "---\n" + kSlice);  // fixed, and a slice added
  c = d.Rescan();
  EXPECT_EQ(c->upserts.size(), 1u);  // the Service is unchanged; only the slice is new
}

TEST_F(ServicesDirTest, AChangedObjectIsAnUpsert) {
  ServicesDir d(dir_);
  Write(
      "s.json",
      R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"a","namespace":"x"},"spec":{"clusterIP":"10.96.0.1","ports":[{"port":53,"protocol":"UDP"}]}})");
  ASSERT_EQ(d.Rescan()->upserts.size(), 1u);
  Write(
      "s.json",
      R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"a","namespace":"x"},"spec":{"clusterIP":"10.96.0.1","ports":[{"port":54,"protocol":"UDP"}]}})");
  Result<SourceChanges> c = d.Rescan();
  ASSERT_EQ(c->upserts.size(), 1u);
  EXPECT_TRUE(c->deletes.empty());
}

TEST_F(ServicesDirTest, AMissingDirectoryIsAnError) {
  ServicesDir d(dir_ / "nope");
  EXPECT_FALSE(d.Rescan().ok());
}

TEST_F(ServicesDirTest, TheWatcherWakesOnAWriteAndTimesOutOtherwise) {
  Result<std::unique_ptr<DirWatcher>> w = DirWatcher::Open(dir_.string());
  ASSERT_TRUE(w.ok()) << w.status().message();
  EXPECT_FALSE((*w)->Wait(std::chrono::milliseconds(10)));
  Write("web.yaml", kService);
  EXPECT_TRUE((*w)->Wait(std::chrono::seconds(5)));
}

}  // namespace
}  // namespace ki::daemon
