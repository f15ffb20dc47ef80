#include "pkg/netfilter/iptables_backend.h"

#include <gtest/gtest.h>

namespace ki::netfilter {
namespace {

constexpr char kHint[] =
    "*mangle\n:PREROUTING ACCEPT [0:0]\n:KUBE-IPTABLES-HINT - [0:0]\n:KUBE-KUBELET-CANARY - [0:0]\n"
    "COMMIT\n";
constexpr char kTwoRules[] =
    "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j ACCEPT\n-A INPUT -j DROP\nCOMMIT\n";
constexpr char kOneRule[] = "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n";

TEST(ChooseBackend, KubeletHintInNftWins) {
  BackendProbe p;
  p.nft_mangle = kHint;
  p.legacy_all = std::string(kHint) + kTwoRules;
  BackendChoice c = ChooseBackend(p);
  EXPECT_TRUE(c.nft);
  EXPECT_EQ(c.reason, "kubelet's chains are in iptables-nft");
}

TEST(ChooseBackend, KubeletHintInLegacy) {
  BackendProbe p;
  p.legacy_all = kHint;
  p.nft_all = kTwoRules;
  BackendChoice c = ChooseBackend(p);
  EXPECT_FALSE(c.nft);
  EXPECT_EQ(c.reason, "kubelet's chains are in iptables-legacy");
}

TEST(ChooseBackend, OnlyTheCanaryCounts) {
  BackendProbe p;
  p.legacy_all = ":KUBE-KUBELET-CANARY - [0:0]\n";
  EXPECT_FALSE(ChooseBackend(p).nft);
  p.legacy_all = "-A X -m comment --comment \":KUBE-KUBELET-CANARY \" -j ACCEPT\n";
  p.nft_all = p.legacy_all;
  p.default_version = "iptables v1.8.9 (nf_tables)";
  EXPECT_TRUE(ChooseBackend(p).nft);
}

TEST(ChooseBackend, MoreRulesWins) {
  BackendProbe p;
  p.legacy_all = kTwoRules;
  p.nft_all = kOneRule;
  p.default_version = "iptables v1.8.9 (nf_tables)";
  BackendChoice c = ChooseBackend(p);
  EXPECT_FALSE(c.nft);
  EXPECT_EQ(c.reason,
            "more rules in iptables-legacy (1 rules in iptables-nft, 2 in iptables-legacy)");
  std::swap(p.legacy_all, p.nft_all);
  EXPECT_TRUE(ChooseBackend(p).nft);
}

TEST(ChooseBackend, TieGoesToTheHostsIptables) {
  BackendProbe p;
  p.default_version = "iptables v1.8.7 (legacy)\n";
  BackendChoice c = ChooseBackend(p);
  EXPECT_FALSE(c.nft);
  EXPECT_EQ(
      c.reason,
      "the host's iptables is iptables-legacy (0 rules in iptables-nft, 0 in iptables-legacy)");
  p.default_version = "iptables v1.8.9 (nf_tables)\n";
  EXPECT_TRUE(ChooseBackend(p).nft);
}

TEST(ChooseBackend, NothingKnownIsNft) {
  BackendChoice c = ChooseBackend({});
  EXPECT_TRUE(c.nft);
  EXPECT_EQ(c.reason,
            "nothing to tell, nft by default (0 rules in iptables-nft, 0 in iptables-legacy)");
}

TEST(ParseIptablesVersion, FromDashV) {
  EXPECT_EQ(ParseIptablesVersion("iptables v1.8.9 (nf_tables)\n"), "1.8.9");
  EXPECT_EQ(ParseIptablesVersion("ip6tables v1.6.1\n"), "1.6.1");
  EXPECT_EQ(ParseIptablesVersion("iptables-legacy v1.8\n"), "1.8");
  EXPECT_EQ(ParseIptablesVersion("garbage"), "");
}

TEST(Backend, WaitAndRandomFullyFrom162) {
  Backend b;
  EXPECT_FALSE(SupportsRestoreWait(b));
  b.version = "1.6.1";
  EXPECT_FALSE(SupportsRestoreWait(b));
  EXPECT_FALSE(SupportsRandomFully(b));
  b.version = "1.6.2";
  EXPECT_TRUE(SupportsRestoreWait(b));
  EXPECT_TRUE(SupportsRandomFully(b));
  b.version = "1.8";
  EXPECT_TRUE(SupportsRestoreWait(b));
}

}  // namespace
}  // namespace ki::netfilter
