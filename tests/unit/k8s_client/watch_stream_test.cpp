// The watch stream parser (events split at any byte), and the store's part
// in a relist: what it dropped, and the tombstone a DELETED event carries.
#include <gtest/gtest.h>

#include "pkg/k8s/client/resource.h"
#include "pkg/k8s/client/store.h"
#include "pkg/k8s/client/watch_event.h"

namespace ki::k8s::client {
namespace {

const std::string kStream =
    R"({"type":"ADDED","object":{"kind":"Service","metadata":{"name":"a","namespace":"d","resourceVersion":"5"}}})"
    "\n"
    R"({"type":"BOOKMARK","object":{"kind":"Service","metadata":{"resourceVersion":"9"}}})"
    "\n"
    R"({"type":"DELETED","object":{"metadata":{"name":"n1","resourceVersion":"10"}}})"
    "\n"
    R"({"type":"ERROR","object":{"kind":"Status","status":"Failure","reason":"Expired","code":410}})"
    "\n";

std::vector<std::string> Collect(const std::string& stream, size_t chunk, Status* st) {
  std::vector<std::string> seen;
  WatchStreamParser parser([&](WatchEvent&& e) {
    seen.push_back(std::string(EventTypeName(e.type)) + " " + ObjectKey(e.object) + " " +
                   ResourceVersionOf(e.object));
    return Status::Ok();
  });
  *st = Status::Ok();
  for (size_t i = 0; i < stream.size() && st->ok(); i += chunk) {
    *st = parser.Feed(std::string_view(stream).substr(i, chunk));
  }
  if (st->ok()) *st = parser.Finish();
  return seen;
}

TEST(WatchStreamParser, SameEventsWhateverTheChunking) {
  const std::vector<std::string> want = {"ADDED d/a 5", "BOOKMARK  9", "DELETED n1 10", "ERROR  "};
  for (size_t chunk : {1u, 2u, 7u, 64u, 100000u}) {
    Status st;
    EXPECT_EQ(Collect(kStream, chunk, &st), want) << chunk;
    EXPECT_TRUE(st.ok()) << st.message();
  }
}

TEST(WatchStreamParser, TruncatedAndMalformedEventsFail) {
  Status st;
  Collect(kStream.substr(0, 40), 5, &st);  // stream ends inside an event
  EXPECT_NE(st.message().find("ended inside an event"), std::string::npos);
  Collect("{\"type\":\"ADDED\",\"object\":{\"metadata\":\n", 3, &st);
  EXPECT_NE(st.message().find("malformed"), std::string::npos);
  Collect("{\"type\":\"RENAMED\",\"object\":{}}\n", 100, &st);
  EXPECT_NE(st.message().find("unknown type"), std::string::npos);
  Collect("{\"type\":\"ADDED\"}\n", 100, &st);
  EXPECT_NE(st.message().find("without an object"), std::string::npos);
}

TEST(WatchStreamParser, HandlerErrorStopsTheStream) {
  int calls = 0;
  WatchStreamParser parser([&](WatchEvent&&) {
    ++calls;
    return Status::Internal("enough");
  });
  EXPECT_FALSE(parser.Feed(kStream).ok());
  EXPECT_EQ(calls, 1);
}

TEST(ObjectStore, ForEachDroppedNamesWhatTheNewListLacksInKeyOrder) {
  const ObjectStore from{{"d/a", "1"}, {"d/b", "2"}, {"d/c", "3"}, {"e/a", "5"}};
  const ObjectStore to{{"d/b", "2"}, {"d/c", "9"}, {"d/e", "4"}};
  std::vector<std::string> dropped;
  ForEachDropped(from, to, [&](const std::string& key, const std::string& rv) {
    dropped.push_back(key + " " + rv);
  });
  EXPECT_EQ(dropped, (std::vector<std::string>{"d/a 1", "e/a 5"}));
  dropped.clear();
  ForEachDropped(to, to,
                 [&](const std::string& key, const std::string&) { dropped.push_back(key); });
  EXPECT_TRUE(dropped.empty());
}

TEST(ObjectStore, TombstoneCarriesWhatADeleteNeeds) {
  const nlohmann::json slice = Tombstone(EndpointSlicesResource(), "web/web-1", "42");
  EXPECT_EQ(slice["kind"], "EndpointSlice");
  EXPECT_EQ(slice["apiVersion"], "discovery.k8s.io/v1");
  EXPECT_EQ(ObjectKey(slice), "web/web-1");
  EXPECT_EQ(ResourceVersionOf(slice), "42");
  const nlohmann::json node = Tombstone(NodeResource("node-1"), "node-1", "7");
  EXPECT_EQ(node["kind"], "Node");
  EXPECT_FALSE(node["metadata"].contains("namespace"));
  EXPECT_EQ(ObjectKey(node), "node-1");
}

}  // namespace
}  // namespace ki::k8s::client
