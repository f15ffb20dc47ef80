// The watch stream parser (events split at any byte) and the store diff a
// relist reports.
#include <gtest/gtest.h>

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

nlohmann::json Obj(const std::string& name, const std::string& rv) {
  return {{"metadata", {{"name", name}, {"namespace", "d"}, {"resourceVersion", rv}}}};
}

TEST(DiffStores, AddsModifiesAndDeletesInKeyOrder) {
  ObjectStore from{{"d/a", Obj("a", "1")}, {"d/b", Obj("b", "2")}, {"d/c", Obj("c", "3")}};
  ObjectStore to{{"d/b", Obj("b", "2")}, {"d/c", Obj("c", "9")}, {"d/e", Obj("e", "4")}};
  std::vector<std::string> seen;
  DiffStores(from, to, [&](EventType t, const nlohmann::json& o) {
    seen.push_back(std::string(EventTypeName(t)) + " " + ObjectKey(o) + " " + ResourceVersionOf(o));
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"DELETED d/a 1", "MODIFIED d/c 9", "ADDED d/e 4"}));
  seen.clear();
  DiffStores(to, to, [&](EventType, const nlohmann::json&) { seen.emplace_back("x"); });
  EXPECT_TRUE(seen.empty());
}

}  // namespace
}  // namespace ki::k8s::client
