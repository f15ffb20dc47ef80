// The services dir's objects by file: the copy in effect, the changes a
// file's new content makes, and duplicates said once per change.
#include "pkg/daemon/dir_objects.h"

#include <gtest/gtest.h>

namespace ki::daemon {
namespace {

k8s::Object Svc(const std::string& name, int port) {
  k8s::Service s;
  s.meta.id = {"d", name};
  s.ports.push_back(k8s::ServicePort{"", k8s::Protocol::kTcp, port, "", 0});
  return s;
}

int PortOf(const k8s::Object& o) { return std::get<k8s::Service>(o).ports[0].port; }

TEST(DirObjects, TheFirstCopyIsInEffectAndAGoneCopyHandsOver) {
  DirObjects objects;
  objects.Put("b.yaml", {Svc("web", 2)}, {"b.yaml:1:1"});
  objects.Put("a.yaml", {Svc("web", 1), Svc("web", 3)}, {"a.yaml:1:1", "a.yaml:5:1"});
  SourceChanges c;
  objects.Commit(c);
  ASSERT_EQ(c.upserts.size(), 1u);
  EXPECT_EQ(PortOf(c.upserts[0]), 1);
  EXPECT_EQ(c.errors,
            (std::vector<std::string>{
                "Service d/web is in both a.yaml:1:1 and a.yaml:5:1; the one in a.yaml is used "
                "(the lexically first path wins; remove the other)",
                "Service d/web is in both a.yaml:1:1 and b.yaml:1:1; the one in a.yaml is used "
                "(the lexically first path wins; remove the other)"}));

  // Nothing put or touched: nothing to say.
  c = {};
  objects.Commit(c);
  EXPECT_TRUE(c.empty());
  EXPECT_TRUE(c.errors.empty());

  // a.yaml read again, unchanged: no upsert, but its duplicates said again.
  objects.Touch("a.yaml");
  c = {};
  objects.Commit(c);
  EXPECT_TRUE(c.upserts.empty());
  EXPECT_EQ(c.errors.size(), 2u);

  // a.yaml emptied: b.yaml's copy takes over; the last copy gone is a delete.
  objects.Put("a.yaml", {}, {});
  c = {};
  objects.Commit(c);
  ASSERT_EQ(c.upserts.size(), 1u);
  EXPECT_EQ(PortOf(c.upserts[0]), 2);
  EXPECT_TRUE(c.errors.empty());
  objects.Put("b.yaml", {}, {});
  c = {};
  objects.Commit(c);
  ASSERT_EQ(c.deletes.size(), 1u);
  EXPECT_EQ(c.deletes[0].name.name, "web");
}

}  // namespace
}  // namespace ki::daemon
