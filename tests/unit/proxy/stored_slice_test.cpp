// The engine's form of an EndpointSlice: what it keeps of each endpoint, and
// that names it keeps once are shared.
#include "pkg/proxy/stored_slice.h"

#include <gtest/gtest.h>

#include "tests/unit/proxy/builders.h"

namespace ki::proxy {
namespace {

using testing::Slice;
using testing::SlicePort;

TEST(proxyStoredSlice, KeepsWhatEndpointChoiceReads) {
  SliceInterner interner;
  k8s::EndpointSlice slice = Slice(
      "web-1", "web",
      {{"10.244.1.2", "node-a", true, std::nullopt, false, {"z1"}}, {"10.244.1.3", "", false}},
      {SlicePort("http", 8080)});
  const StoredSlice s = StoreSlice(slice, interner);
  EXPECT_EQ(s.service, (k8s::ObjectName{"ns", "web"}));
  EXPECT_EQ(s.ports, slice.ports);
  ASSERT_EQ(s.endpoints.size(), 2u);
  EXPECT_EQ(s.endpoints[0].addr.ToString(), "10.244.1.2");
  ASSERT_NE(s.endpoints[0].node, nullptr);
  EXPECT_EQ(*s.endpoints[0].node, "node-a");
  ASSERT_NE(s.endpoints[0].hint_zones, nullptr);
  EXPECT_EQ(*s.endpoints[0].hint_zones, std::vector<std::string>{"z1"});
  EXPECT_EQ(s.endpoints[0].conditions, slice.endpoints[0].conditions);
  EXPECT_EQ(s.endpoints[1].node, nullptr);  // no node, no hints
  EXPECT_EQ(s.endpoints[1].hint_zones, nullptr);
  EXPECT_FALSE(s.endpoints[1].conditions.IsReady());
}

TEST(proxyStoredSlice, SameNamesAreOneCopy) {
  SliceInterner interner;
  const StoredSlice a = StoreSlice(
      Slice("a-1", "a", {{"10.244.1.2", "node-a", true, std::nullopt, false, {"z1", "z2"}}}, {}),
      interner);
  const StoredSlice b = StoreSlice(
      Slice("b-1", "b", {{"10.244.1.9", "node-a", true, std::nullopt, false, {"z1", "z2"}}}, {}),
      interner);
  EXPECT_EQ(a.endpoints[0].node, b.endpoints[0].node);
  EXPECT_EQ(a.endpoints[0].hint_zones, b.endpoints[0].hint_zones);
}

TEST(proxyStoredSlice, AnAddressThatIsNoIpMatchesNoFamily) {
  SliceInterner interner;
  k8s::EndpointSlice fqdn =
      Slice("f-1", "f", {{"db.example.internal"}}, {}, k8s::AddressType::kFqdn);
  const StoredSlice s = StoreSlice(fqdn, interner);
  ASSERT_EQ(s.endpoints.size(), 1u);
  EXPECT_NE(s.endpoints[0].addr.family, ipvs::kAfInet);
  EXPECT_NE(s.endpoints[0].addr.family, ipvs::kAfInet6);
  k8s::EndpointSlice none = Slice("n-1", "n", {{"10.244.1.2"}}, {});
  none.endpoints[0].addresses.clear();
  EXPECT_EQ(StoreSlice(none, interner).endpoints[0].addr.family, 0);
}

}  // namespace
}  // namespace ki::proxy
