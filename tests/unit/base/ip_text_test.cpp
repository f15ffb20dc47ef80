// Address and CIDR text as objects and configuration write them: what each
// family accepts, and the prefixes each family allows.
#include "pkg/base/ip_text.h"

#include <gtest/gtest.h>

namespace ki {
namespace {

TEST(IpText, AddressesOfEitherOrOneFamily) {
  EXPECT_TRUE(IsIpText("10.0.0.1"));
  EXPECT_TRUE(IsIpText("fd00::1"));
  EXPECT_TRUE(IsIpText("10.0.0.1", IpTextFamily::kIPv4));
  EXPECT_FALSE(IsIpText("10.0.0.1", IpTextFamily::kIPv6));
  EXPECT_TRUE(IsIpText("fd00::1", IpTextFamily::kIPv6));
  EXPECT_FALSE(IsIpText("fd00::1", IpTextFamily::kIPv4));
  for (const char* bad : {"", "10.0.0", "10.0.0.256", " 10.0.0.1", "10.0.0.1/32", "fd00::1%eth0"}) {
    EXPECT_FALSE(IsIpText(bad)) << bad;
  }
}

TEST(IpText, CidrsWithTheirFamilysPrefixes) {
  EXPECT_TRUE(IsCidrText("10.244.0.0/16"));
  EXPECT_TRUE(IsCidrText("10.0.0.1/32"));
  EXPECT_TRUE(IsCidrText("0.0.0.0/0"));
  EXPECT_TRUE(IsCidrText("fd00::/128"));
  EXPECT_FALSE(IsCidrText("10.0.0.0/33"));
  EXPECT_FALSE(IsCidrText("fd00::/129"));
  EXPECT_TRUE(IsCidrText("fd00::/64", IpTextFamily::kIPv6));
  EXPECT_FALSE(IsCidrText("fd00::/64", IpTextFamily::kIPv4));
  EXPECT_FALSE(IsCidrText("10.0.0.0/8", IpTextFamily::kIPv6));
  for (const char* bad : {"10.0.0.0", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/8 ",
                          "10.0.0.0/8/8", "/8", "x/8"}) {
    EXPECT_FALSE(IsCidrText(bad)) << bad;
  }
}

}  // namespace
}  // namespace ki
