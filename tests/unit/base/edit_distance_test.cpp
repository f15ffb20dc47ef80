#include "pkg/base/edit_distance.h"

#include <gtest/gtest.h>

namespace ki {
namespace {

TEST(EditDistanceTest, CountsEditsIgnoringAsciiCase) {
  EXPECT_EQ(EditDistanceIgnoringCase("init", "init"), 0u);
  EXPECT_EQ(EditDistanceIgnoringCase("iniy", "init"), 1u);
  EXPECT_EQ(EditDistanceIgnoringCase("ClusterIp", "clusterIP"), 0u);
  EXPECT_EQ(EditDistanceIgnoringCase("", "abc"), 3u);
  EXPECT_EQ(EditDistanceIgnoringCase("valdate", "validate"), 1u);
}

TEST(NearestNameTest, PicksTheClosestWithinTheBound) {
  std::vector<std::string> names = {"init", "ipvs", "proxy", "preflight"};
  EXPECT_EQ(NearestName("iniy", names), "init");
  EXPECT_EQ(NearestName("proxi", names), "proxy");
  EXPECT_EQ(NearestName("kubectl", names), "");
  EXPECT_EQ(NearestName("Servce", {"Service", "EndpointSlice"}), "Service");
}

TEST(NearestNameTest, AnOverlongWordMatchesNothing) {
  EXPECT_EQ(NearestName(std::string(65, 'i'), {"init"}, 100), "");
}

}  // namespace
}  // namespace ki
