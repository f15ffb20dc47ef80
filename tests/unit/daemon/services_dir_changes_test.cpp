// A change in one services-dir file costs that file: only it is read again
// (reads counted through ServicesDir's read seam, never timed), and the
// engine gets only its objects' changes, deletes for those gone from it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>

#include "pkg/base/file_read.h"
#include "pkg/daemon/dir_source.h"
#include "pkg/daemon/dir_watcher.h"
#include "pkg/daemon/services_dir.h"

namespace ki::daemon {
namespace {

namespace fs = std::filesystem;

std::string Service(const std::string& name, int port) {
  return "apiVersion: v1\nkind: Service\nmetadata: {name: " + name +
         ", namespace: d}\nspec: {clusterIP: 10.96.0.1, ports: [{port: " + std::to_string(port) +
         "}]}\n";
}

std::vector<std::string> Names(const SourceChanges& c) {
  std::vector<std::string> out;
  for (const k8s::Object& o : c.upserts) out.push_back("+" + KeyOf(o).name.name);
  for (const ObjectKey& k : c.deletes) out.push_back("-" + k.name.name);
  return out;
}

class ServicesDirChangesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ki-svcdir-changes-" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    fs::last_write_time(dir_ / name,
                        fs::file_time_type::clock::now() + std::chrono::seconds(++tick_));
  }
  // Every read, by file name.
  ReadManifestFile CountingReader() {
    return [this](const std::string& path) {
      ++reads_[fs::path(path).filename().string()];
      return ReadRegularFile(path, {kMaxManifestFileBytes, "a services-dir file"});
    };
  }
  fs::path dir_;
  int tick_ = 0;
  std::map<std::string, int> reads_;
};

TEST_F(ServicesDirChangesTest, ANamedRescanReadsOnlyThoseFilesAndHandsOnlyTheirChanges) {
  Write("a.yaml", Service("a1", 80) + "---\n" + Service("a2", 80));
  Write("b.yaml", Service("b1", 80) + "---\n" + Service("b2", 80) + "---\n" + Service("b3", 80));
  Write("c.yaml", Service("c1", 80));
  ServicesDir d(dir_, {}, CountingReader());
  ASSERT_EQ(d.Rescan()->upserts.size(), 6u);
  EXPECT_EQ(reads_, (std::map<std::string, int>{{"a.yaml", 1}, {"b.yaml", 1}, {"c.yaml", 1}}));

  // b1 unchanged, b2 changed, b3 gone, b4 new; a and c are not looked at.
  Write("b.yaml", Service("b1", 80) + "---\n" + Service("b2", 81) + "---\n" + Service("b4", 80));
  Write("c.yaml", Service("c1", 99));  // changed, but not named: not read
  Result<SourceChanges> c = d.Rescan({"b.yaml"});
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(Names(*c), (std::vector<std::string>{"+b2", "+b4", "-b3"}));
  EXPECT_EQ(reads_, (std::map<std::string, int>{{"a.yaml", 1}, {"b.yaml", 2}, {"c.yaml", 1}}));

  // A named file that is gone: its objects are deleted; a name that is no
  // manifest is ignored.
  fs::remove(dir_ / "a.yaml");
  c = d.Rescan({"a.yaml", "notes.txt"});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(Names(*c), (std::vector<std::string>{"-a1", "-a2"}));
  // The full rescan still finds what no name said.
  c = d.Rescan();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(Names(*c), (std::vector<std::string>{"+c1"}));
  EXPECT_EQ(reads_["c.yaml"], 2);
  EXPECT_EQ(reads_["b.yaml"], 2);
}

TEST_F(ServicesDirChangesTest, ADuplicateGoneHandsOverToTheOtherCopy) {
  Write("a.yaml", Service("web", 80));
  Write("b.yaml", Service("web", 81));
  ServicesDir d(dir_, {}, CountingReader());
  Result<SourceChanges> c = d.Rescan();
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(c->upserts.size(), 1u);
  EXPECT_EQ(std::get<k8s::Service>(c->upserts[0]).ports[0].port, 80);  // a.yaml's
  ASSERT_EQ(c->errors.size(), 1u);
  fs::remove(dir_ / "a.yaml");
  c = d.Rescan({"a.yaml"});
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(c->upserts.size(), 1u);  // b.yaml's copy now, without reading b.yaml again
  EXPECT_EQ(std::get<k8s::Service>(c->upserts[0]).ports[0].port, 81);
  EXPECT_TRUE(c->deletes.empty());
  EXPECT_TRUE(c->errors.empty());
  EXPECT_EQ(reads_["b.yaml"], 1);
}

TEST_F(ServicesDirChangesTest, ANamedRescanOfAVanishedDirectoryFailsAndKeepsEverything) {
  Write("a.yaml", Service("a1", 80));
  ServicesDir d(dir_);
  ASSERT_TRUE(d.Rescan().ok());
  fs::remove_all(dir_);
  EXPECT_FALSE(d.Rescan({"a.yaml"}).ok());
  // Nothing was withdrawn: the same file back is no change.
  fs::create_directories(dir_);
  Write("a.yaml", Service("a1", 80));
  Result<SourceChanges> c = d.Rescan({"a.yaml"});
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->empty());
}

TEST_F(ServicesDirChangesTest, TheWatcherNamesWhatChanged) {
  Result<std::unique_ptr<DirWatcher>> w = DirWatcher::Open(dir_.string());
  ASSERT_TRUE(w.ok()) << w.status().message();
  Write("a.yaml", Service("a1", 80));
  Write("b.yaml", Service("b1", 80));
  ASSERT_EQ((*w)->Wait(std::chrono::seconds(5)), DirWatcher::Event::kChanged);
  std::optional<std::set<std::string>> names = (*w)->TakeChanged();
  ASSERT_TRUE(names.has_value());
  EXPECT_EQ(*names, (std::set<std::string>{"a.yaml", "b.yaml"}));
  EXPECT_EQ((*w)->TakeChanged(), std::set<std::string>{});  // taken
  // A change of the directory itself: every entry must be looked at.
  fs::permissions(dir_, fs::perms::owner_all);
  ASSERT_EQ((*w)->Wait(std::chrono::seconds(5)), DirWatcher::Event::kChanged);
  EXPECT_FALSE((*w)->TakeChanged().has_value());
}

// End to end through inotify: after the first scan, a write to one file
// makes the source read that file alone.
TEST_F(ServicesDirChangesTest, AnEventForOneFileReadsOnlyThatFile) {
  for (int i = 0; i < 5; ++i) {
    const std::string name = "s" + std::to_string(i);
    Write(name + ".yaml", Service(name, 80));
  }
  DirSourceOptions options;
  options.read = CountingReader();
  Result<std::unique_ptr<DirSource>> opened = DirSource::Open(dir_.string(), options);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  DirSource& source = **opened;
  ASSERT_EQ(source.Poll(std::chrono::milliseconds(0)).upserts.size(), 5u);
  // The first scan's own writes (made before it) may still be queued: drain them.
  while (!source.Poll(std::chrono::milliseconds(0)).empty()) {
  }
  const std::map<std::string, int> before = reads_;
  Write("s3.yaml", Service("s3", 8080));
  SourceChanges c = source.Poll(std::chrono::seconds(5));
  ASSERT_EQ(Names(c), (std::vector<std::string>{"+s3"}));
  for (const auto& [name, count] : reads_) {
    if (name != "s3.yaml") {
      EXPECT_EQ(count, before.at(name)) << name << " was read again";
    }
  }
  EXPECT_GT(reads_["s3.yaml"], before.at("s3.yaml"));
}

}  // namespace
}  // namespace ki::daemon
