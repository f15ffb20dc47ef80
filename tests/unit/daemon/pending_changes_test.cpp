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
  PendingChanges p(1, 1);
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
  PendingChanges p(1, 1);
  p.Error("watch services: bad object");
  SourceChanges c = p.Take(0ms);
  EXPECT_TRUE(c.empty());
  EXPECT_EQ(c.errors, std::vector<std::string>{"watch services: bad object"});
  EXPECT_TRUE(p.Take(0ms).errors.empty());
}

TEST(PendingChangesTest, SyncedOnceEveryRequiredStreamListed) {
  PendingChanges p(3, 2);
  EXPECT_FALSE(p.Synced());
  p.MarkSynced(1);
  EXPECT_FALSE(p.Synced());
  EXPECT_FALSE(p.Take(0ms).synced);
  p.MarkSynced(0);
  EXPECT_TRUE(p.Synced());  // stream 2 (the Node) is not required
  EXPECT_TRUE(p.Take(0ms).synced);
}

// The order that lost objects at 20,000 Services: the main loop took a
// first part of the list, the reflector then delivered the rest and
// finished its list. Synced is reported with the Take that carries the
// rest, never with the one before it.
TEST(PendingChangesTest, SyncedComesWithTheListsLastObjects) {
  PendingChanges p(2, 2);
  p.MarkSynced(1);
  p.Upsert(Svc("a", {"10.96.0.10"}, {Port("http", 80)}));
  SourceChanges first = p.Take(0ms);
  EXPECT_EQ(first.upserts.size(), 1u);
  EXPECT_FALSE(first.synced);
  p.Upsert(Svc("b", {"10.96.0.11"}, {Port("http", 80)}));
  p.MarkSynced(0);
  SourceChanges rest = p.Take(0ms);
  ASSERT_EQ(rest.upserts.size(), 1u);
  EXPECT_EQ(KeyOf(rest.upserts[0]), ServiceKey("b"));
  EXPECT_TRUE(rest.synced);
}

TEST(PendingChangesTest, ReachingSyncWakesTake) {
  PendingChanges p(1, 1);
  std::thread producer([&] { p.MarkSynced(0); });
  // Returns at once if the producer was first; else only a wake-up ends it
  // (without one the test hangs until ctest's timeout fails it).
  SourceChanges c = p.Take(24h);
  producer.join();
  EXPECT_TRUE(c.synced);
  EXPECT_TRUE(c.empty());
}

TEST(PendingChangesTest, LostSinceIsTheEarliestStreamStillLost) {
  using Time = PendingChanges::SysTime;
  PendingChanges p(2, 2);
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
  PendingChanges p(1, 1);
  std::thread producer([&] { p.Delete(ServiceKey("web")); });
  SourceChanges c;
  // Bounded: a Take that never woke would end at its wait and loop on.
  for (int i = 0; i < 100 && c.deletes.empty(); ++i) c = p.Take(10s);
  producer.join();
  EXPECT_EQ(c.deletes, std::vector<ObjectKey>{ServiceKey("web")});
}

}  // namespace
}  // namespace ki::daemon
