// The hand-over from the reflector threads to the main loop: per-object
// coalescing (the last word wins), sync and reachability per stream, and a
// Take that wakes when a producer on another thread delivers.
#include "pkg/daemon/pending_changes.h"

#include <gtest/gtest.h>

#include <thread>

#include "tests/unit/proxy/builders.h"

namespace ki::daemon {
namespace {

using namespace std::chrono_literals;
using proxy::testing::Port;
using proxy::testing::Svc;

ObjectKey ServiceKey(const std::string& name) {
  return {ObjectKey::Kind::kService, k8s::ObjectName{"ns", name}};  // the builders' namespace
}

TEST(PendingChangesTest, TheLastWordPerObjectWins) {
  PendingChanges p(1);
  p.Upsert(Svc("web", {"10.96.0.10"}, {Port("http", 80)}));
  p.Upsert(Svc("web", {"10.96.0.10"}, {Port("http", 8080)}));  // an update after the add
  p.Upsert(Svc("db", {"10.96.0.11"}, {Port("pg", 5432)}));
  p.Delete(ServiceKey("db"));  // deleted after all
  p.Delete(ServiceKey("old"));
  p.Upsert(Svc("old", {"10.96.0.12"}, {Port("http", 80)}));  // re-created
  SourceChanges c = p.Take(0ms);
  ASSERT_EQ(c.upserts.size(), 2u);
  EXPECT_EQ(KeyOf(c.upserts[0]), ServiceKey("old"));
  EXPECT_EQ(KeyOf(c.upserts[1]), ServiceKey("web"));
  EXPECT_EQ(std::get<k8s::Service>(c.upserts[1]).ports.at(0).port, 8080);
  EXPECT_EQ(c.deletes, std::vector<ObjectKey>{ServiceKey("db")});
  EXPECT_TRUE(p.Take(0ms).empty());  // taken once
}

TEST(PendingChangesTest, ErrorsArePassedOnOnce) {
  PendingChanges p(1);
  p.Error("watch services: bad object");
  SourceChanges c = p.Take(0ms);
  EXPECT_TRUE(c.empty());
  EXPECT_EQ(c.errors, std::vector<std::string>{"watch services: bad object"});
  EXPECT_TRUE(p.Take(0ms).errors.empty());
}

TEST(PendingChangesTest, SyncedOnceEveryRequiredStreamListed) {
  PendingChanges p(3);
  EXPECT_FALSE(p.Synced(2));
  p.MarkSynced(1);
  EXPECT_FALSE(p.Synced(2));
  p.MarkSynced(0);
  EXPECT_TRUE(p.Synced(2));  // stream 2 (the Node) is not required
  EXPECT_FALSE(p.Synced(3));
}

TEST(PendingChangesTest, LostSinceIsTheEarliestStreamStillLost) {
  using Time = PendingChanges::SysTime;
  PendingChanges p(2);
  EXPECT_FALSE(p.LostSince());
  p.MarkLost(0, Time(100s));
  p.MarkLost(0, Time(200s));  // still the first failure's time
  p.MarkLost(1, Time(150s));
  EXPECT_EQ(p.LostSince(), Time(100s));
  p.MarkCurrent(0);
  EXPECT_EQ(p.LostSince(), Time(150s));
  p.MarkSynced(1);  // a complete list: current again
  EXPECT_FALSE(p.LostSince());
}

TEST(PendingChangesTest, TakeWakesWhenAnotherThreadDelivers) {
  PendingChanges p(1);
  std::thread producer([&] { p.Delete(ServiceKey("web")); });
  SourceChanges c;
  // Bounded: a Take that never woke would end at its wait and loop on.
  for (int i = 0; i < 100 && c.deletes.empty(); ++i) c = p.Take(10s);
  producer.join();
  EXPECT_EQ(c.deletes, std::vector<ObjectKey>{ServiceKey("web")});
}

}  // namespace
}  // namespace ki::daemon
