// The reflector against the test API server: initial sync with pagination,
// watch updates, relist on 410, selectors, and every injected fault survived
// with the client's final view equal to the server's.
#include <gtest/gtest.h>

#include "pkg/k8s/client/watch_event.h"
#include "tests/k8s_api/api_fixture.h"

namespace ki::k8s::testapi {
namespace {

using client::EventType;

TEST_F(ApiServerTest, InitialSyncOf10000ServicesUsesPagination) {
  AddServices(10000);
  RecordingSink sink;
  auto reflector = NewReflector(client::ServicesResource(), TokenConfig());
  client::StopSignal stop;
  const Status st = reflector->ListAndSync(stop, sink);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(server_->list_requests(), 20);  // 10,000 / limit 500
  EXPECT_EQ(sink.synced(), 1);
  EXPECT_EQ(sink.View(), ServerView());
  EXPECT_EQ(reflector->resource_version(), std::to_string(server_->state().current_rv()));
  // List items arrive without kind; the client fills it in for the decoder.
  const std::string first = reflector->store().begin()->first;
  EXPECT_EQ(sink.Object(first)["kind"], "Service");
  // The reflector keeps versions, not objects.
  EXPECT_EQ(reflector->store().at(first), sink.View().at(first));
}

TEST_F(ApiServerTest, WatchDeliversAddsUpdatesAndDeletes) {
  AddServices(50);
  RecordingSink sink;
  RunningReflector running(NewReflector(client::ServicesResource(), TokenConfig()), sink);
  ASSERT_TRUE(Converges(sink));
  server_->state().Upsert("services", ServiceObject(3, 8080));
  server_->state().Upsert("services", ServiceObject(100));
  ASSERT_TRUE(server_->state().Delete("services", "ns-7/svc-7"));
  ASSERT_TRUE(Converges(sink));
  EXPECT_EQ(sink.count(EventType::kModified, "ns-3/svc-3"), 1);
  EXPECT_EQ(sink.count(EventType::kAdded, "ns-0/svc-100"), 1);
  EXPECT_EQ(sink.count(EventType::kDeleted, "ns-7/svc-7"), 1);
  EXPECT_EQ(server_->list_requests(), 1);  // no relist was needed
}

TEST_F(ApiServerTest, RelistAfterExpiryReportsTheDifference) {
  AddServices(20);
  server_->InjectFault(Target::kWatch, Fault::kStall);  // the first watch goes silent
  RecordingSink sink;
  RunningReflector running(NewReflector(client::ServicesResource(), TokenConfig()), sink);
  ASSERT_TRUE(sink.WaitFor([&] { return sink.synced() == 1; }));
  // While the client hears nothing: changes, then compaction, so its
  // resourceVersion is gone when it comes back.
  server_->state().Upsert("services", ServiceObject(1, 9090));
  ASSERT_TRUE(server_->state().Delete("services", "ns-2/svc-2"));
  server_->state().Upsert("services", ServiceObject(500));
  server_->state().Compact();
  ASSERT_TRUE(Converges(sink));
  EXPECT_GE(running.reflector().list_count(), 2);
  EXPECT_EQ(sink.count(EventType::kDeleted, "ns-2/svc-2"), 1);
  EXPECT_EQ(sink.count(EventType::kModified, "ns-1/svc-1"), 1);
  EXPECT_EQ(sink.count(EventType::kAdded, "ns-0/svc-500"), 1);
  server_->ReleaseStalls();
}

TEST_F(ApiServerTest, NodeByFieldSelectorAndSlicesByServiceLabel) {
  for (const char* name : {"node-a", "node-b"}) {
    server_->state().Upsert("nodes", {{"metadata", {{"name", name}}}});
  }
  for (const char* svc : {"web", "db"}) {
    server_->state().Upsert("endpointslices",
                            {{"metadata",
                              {{"name", std::string(svc) + "-abc"},
                               {"namespace", "default"},
                               {"labels", {{"kubernetes.io/service-name", svc}}}}},
                             {"addressType", "IPv4"},
                             {"endpoints", nlohmann::json::array()}});
  }
  RecordingSink nodes;
  RecordingSink slices;
  RunningReflector n(NewReflector(client::NodeResource("node-a"), CertConfig()), nodes);
  RunningReflector s(NewReflector(client::EndpointSlicesResource("web"), TokenConfig()), slices);
  ASSERT_TRUE(nodes.WaitFor([&] { return nodes.synced() >= 1; }));
  ASSERT_TRUE(slices.WaitFor([&] { return slices.synced() >= 1; }));
  EXPECT_EQ(nodes.View().size(), 1u);
  EXPECT_EQ(nodes.View().count("node-a"), 1u);
  EXPECT_EQ(slices.View().size(), 1u);
  EXPECT_EQ(slices.View().count("default/web-abc"), 1u);
  // A watched change to the selected Node arrives; the other Node's does not.
  server_->state().Upsert("nodes", {{"metadata", {{"name", "node-b"}, {"labels", {{"x", "1"}}}}}});
  const int64_t rv = server_->state().Upsert(
      "nodes", {{"metadata", {{"name", "node-a"}, {"labels", {{"y", "2"}}}}}});
  ASSERT_TRUE(nodes.WaitFor([&] { return nodes.View()["node-a"] == std::to_string(rv); }));
  EXPECT_EQ(nodes.View().size(), 1u);
}

struct FaultCase {
  const char* name;
  Target target;
  Fault fault;
};

class FaultTest : public ApiServerTest, public ::testing::WithParamInterface<FaultCase> {};

// The fault hits the first request of its kind; the test keeps changing
// objects until the fault has fired, then checks nothing was lost.
TEST_P(FaultTest, SurvivedWithNoLostUpdate) {
  const FaultCase& c = GetParam();
  AddServices(300);
  server_->InjectFault(c.target, c.fault);
  RecordingSink sink;
  RunningReflector running(NewReflector(client::ServicesResource(), TokenConfig()), sink);
  ASSERT_TRUE(ChurnUntil([&] { return server_->faults_fired() == 1 && sink.synced() >= 1; }, 300));
  ASSERT_TRUE(Converges(sink));
  if (c.fault == Fault::kStatus429 || c.fault == Fault::kStatus500) {
    ASSERT_FALSE(sink.errors().empty());
    EXPECT_NE(sink.errors()[0].find(c.fault == Fault::kStatus429 ? "429" : "500"),
              std::string::npos)
        << sink.errors()[0];
  }
  server_->ReleaseStalls();
}

INSTANTIATE_TEST_SUITE_P(
    Faults, FaultTest,
    ::testing::Values(FaultCase{"WatchDropMidEvent", Target::kWatch, Fault::kDropMidEvent},
                      FaultCase{"WatchStall", Target::kWatch, Fault::kStall},
                      FaultCase{"Watch500", Target::kWatch, Fault::kStatus500},
                      FaultCase{"Watch429", Target::kWatch, Fault::kStatus429},
                      FaultCase{"WatchTruncatedJson", Target::kWatch, Fault::kTruncatedJson},
                      FaultCase{"WatchGone410", Target::kWatch, Fault::kGone410},
                      FaultCase{"List500", Target::kList, Fault::kStatus500},
                      FaultCase{"List429", Target::kList, Fault::kStatus429},
                      FaultCase{"ListTruncatedJson", Target::kList, Fault::kTruncatedJson}),
    [](const ::testing::TestParamInfo<FaultCase>& info) { return info.param.name; });

TEST_F(ApiServerTest, ManyFaultsInARowStillConverge) {
  AddServices(200);
  // Queued before the start: each new watch meets the next watch fault; the
  // 410 forces a relist, which meets both list faults.
  for (Fault f : {Fault::kDropMidEvent, Fault::kTruncatedJson, Fault::kStatus500,
                  Fault::kDropMidEvent, Fault::kGone410, Fault::kStall}) {
    server_->InjectFault(Target::kWatch, f);
  }
  server_->InjectFault(Target::kList, Fault::kTruncatedJson);
  server_->InjectFault(Target::kList, Fault::kStatus500);
  RecordingSink sink;
  RunningReflector running(NewReflector(client::ServicesResource(), TokenConfig()), sink);
  int rounds = 0;
  ASSERT_TRUE(ChurnUntil(
      [&] {
        if (++rounds % 25 == 0) server_->state().Compact();  // forces relists: list faults fire
        return server_->faults_fired() == 8;
      },
      200));
  ASSERT_TRUE(Converges(sink));
  server_->ReleaseStalls();
}

}  // namespace
}  // namespace ki::k8s::testapi
