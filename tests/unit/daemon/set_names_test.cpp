// The engine names the sets its entries go to (pkg/proxy); pkg/netfilter
// creates them and writes the rules that match them. Both must agree on
// every name, in both families.
#include <gtest/gtest.h>

#include "pkg/netfilter/proxy_sets.h"
#include "pkg/proxy/set_entries.h"

namespace ki::daemon {
namespace {

TEST(SetNamesTest, EngineAndNetfilterNameTheSameSets) {
  for (bool ipv6 : {false, true}) {
    const std::vector<netfilter::SetSpec> specs = netfilter::ProxySets(ipv6);
    ASSERT_EQ(specs.size(), proxy::kProxySetCount);
    for (size_t i = 0; i < proxy::kProxySetCount; ++i) {
      EXPECT_EQ(proxy::SetName(proxy::ProxySet(i), ipv6), specs[i].name) << i;
    }
  }
}

}  // namespace
}  // namespace ki::daemon
