// StatsBox: a Stats with value semantics that costs a pointer while empty.
#include <gtest/gtest.h>

#include "pkg/ipvs/types.h"

namespace ki::ipvs {
namespace {

TEST(StatsBox, EmptyReadsAsZero) {
  const StatsBox box;
  EXPECT_EQ(*box, Stats{});
  EXPECT_EQ(box->conns, 0u);
}

TEST(StatsBox, CopiesAreIndependentValues) {
  StatsBox a = Stats{.conns = 3, .outbps = 9};
  StatsBox b = a;
  a = Stats{.conns = 4};
  EXPECT_EQ(b->conns, 3u);
  EXPECT_EQ(b->outbps, 9u);
  EXPECT_EQ(a->conns, 4u);
  EXPECT_EQ(a->outbps, 0u);
  EXPECT_FALSE(a == b);
  b = a;
  EXPECT_TRUE(a == b);
}

TEST(StatsBox, ZeroEqualsEmptyWhicheverWayItCame) {
  StatsBox read = Stats{.conns = 1};
  read = Stats{};
  EXPECT_TRUE(read == StatsBox{});
  StatsBox moved = Stats{.inpkts = 2};
  StatsBox to = std::move(moved);
  EXPECT_EQ(to->inpkts, 2u);
}

// The point of it: a Service or Destination the proxy only writes is small.
TEST(StatsBox, KeepsServiceAndDestinationSmall) {
  EXPECT_EQ(sizeof(StatsBox), sizeof(void*));
  EXPECT_LT(sizeof(Destination), sizeof(Stats));
}

}  // namespace
}  // namespace ki::ipvs
