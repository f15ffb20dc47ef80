#include "pkg/netfilter/ipset_script.h"

#include <gtest/gtest.h>

#include "pkg/netfilter/ipset_entry.h"

namespace ki::netfilter {
namespace {

TEST(RenderIpsetRestore, CreatesAsUpstreamThenDeletesBeforeAdds) {
  std::vector<SetSpec> create = {
      {"KUBE-CLUSTER-IP", SetType::kHashIpPort, false, "cluster IP:port"},
      {"KUBE-6-LOOP-BACK", SetType::kHashIpPortIp, true, ""},
      {"KUBE-NODE-PORT-TCP", SetType::kBitmapPort, false, ""},
      {"KUBE-IPVS-IPS", SetType::kHashIp, false, ""},
  };
  std::vector<SetDelta> deltas = {
      {"KUBE-CLUSTER-IP", {"10.96.0.10,tcp:80", "10.96.0.10,udp:53"}, {"10.96.0.9,tcp:443"}},
      {"KUBE-NODE-PORT-TCP", {"30080"}, {}},
  };
  EXPECT_EQ(RenderIpsetRestore(create, deltas),
            "create KUBE-CLUSTER-IP hash:ip,port family inet hashsize 1024 maxelem 65536\n"
            "create KUBE-6-LOOP-BACK hash:ip,port,ip family inet6 hashsize 1024 maxelem 65536\n"
            "create KUBE-NODE-PORT-TCP bitmap:port range 0-65535\n"
            "create KUBE-IPVS-IPS hash:ip family inet hashsize 1024 maxelem 65536\n"
            "del KUBE-CLUSTER-IP 10.96.0.9,tcp:443\n"
            "add KUBE-CLUSTER-IP 10.96.0.10,tcp:80\n"
            "add KUBE-CLUSTER-IP 10.96.0.10,udp:53\n"
            "add KUBE-NODE-PORT-TCP 30080\n");
}

TEST(RenderIpsetRestore, NothingToDoIsEmpty) { EXPECT_EQ(RenderIpsetRestore({}, {}), ""); }

// `ipset save` on the VM (ipset 7.17, Linux 6.1) after restoring entries in
// other spellings; members come in hash order and creates carry the
// kernel's own bucketsize/initval.
constexpr char kSaved[] =
    "create KUBE-CLUSTER-IP hash:ip,port family inet hashsize 1024 maxelem 65536 bucketsize 12 "
    "initval 0x7edc29d7\n"
    "add KUBE-CLUSTER-IP 10.96.0.11,sctp:36412\n"
    "add KUBE-CLUSTER-IP 10.96.0.14,tcp:0\n"
    "add KUBE-CLUSTER-IP 10.96.0.12,tcp:81\n"
    "add KUBE-CLUSTER-IP 10.96.0.10,udp:53\n"
    "add KUBE-CLUSTER-IP 10.96.0.10,tcp:80\n"
    "create KUBE-LOAD-BALANCER-SOURCE-CIDR hash:ip,port,net family inet hashsize 1024 maxelem "
    "65536 bucketsize 12 initval 0x87f15c09\n"
    "add KUBE-LOAD-BALANCER-SOURCE-CIDR 1.2.3.4,tcp:80,10.1.2.4\n"
    "add KUBE-LOAD-BALANCER-SOURCE-CIDR 1.2.3.4,tcp:80,10.9.0.0/16\n"
    "add KUBE-LOAD-BALANCER-SOURCE-CIDR 1.2.3.4,tcp:80,10.1.2.3\n"
    "create KUBE-NODE-PORT-TCP bitmap:port range 0-65535\n"
    "add KUBE-NODE-PORT-TCP 0\n"
    "add KUBE-NODE-PORT-TCP 30080\n"
    "create KUBE-6-CLUSTER-IP hash:ip,port family inet6 hashsize 1024 maxelem 65536 bucketsize "
    "12 initval 0x86fbc3be\n"
    "add KUBE-6-CLUSTER-IP fd00::10,tcp:80\n"
    "add KUBE-6-CLUSTER-IP fd00::11,tcp:80\n"
    "create KUBE-6-IPVS-IPS hash:ip family inet6 hashsize 1024 maxelem 65536 bucketsize 12 "
    "initval 0x6d584078\n";

TEST(ParseIpsetSave, ReadsTypesFamiliesAndMembersAsPrinted) {
  Result<std::map<std::string, SavedSet>> sets = ParseIpsetSave(kSaved);
  ASSERT_TRUE(sets.ok()) << sets.status().message();
  ASSERT_EQ(sets->size(), 5u);
  const SavedSet& cip = sets->at("KUBE-CLUSTER-IP");
  EXPECT_EQ(cip.type, "hash:ip,port");
  EXPECT_EQ(cip.family, "inet");
  EXPECT_EQ(cip.members, (std::set<std::string>{"10.96.0.10,tcp:80", "10.96.0.10,udp:53",
                                                "10.96.0.11,sctp:36412", "10.96.0.12,tcp:81",
                                                "10.96.0.14,tcp:0"}));
  EXPECT_EQ(sets->at("KUBE-NODE-PORT-TCP"), (SavedSet{"bitmap:port", "", {"0", "30080"}}));
  EXPECT_EQ(sets->at("KUBE-6-CLUSTER-IP").family, "inet6");
  EXPECT_EQ(sets->at("KUBE-6-IPVS-IPS"), (SavedSet{"hash:ip", "inet6", {}}));
  EXPECT_EQ(sets->at("KUBE-LOAD-BALANCER-SOURCE-CIDR").members.count("1.2.3.4,tcp:80,10.9.0.0/16"),
            1u);
}

// What makes a diff exact: the wanted entry, written any way the proxy might,
// meets the saved member once both are in printed form.
TEST(ParseIpsetSave, MembersEqualTheCanonicalFormOfWhatWasWritten) {
  Result<std::map<std::string, SavedSet>> sets = ParseIpsetSave(kSaved);
  ASSERT_TRUE(sets.ok());
  const auto& cidr = sets->at("KUBE-LOAD-BALANCER-SOURCE-CIDR").members;
  EXPECT_TRUE(
      cidr.contains(*CanonicalEntry(SetType::kHashIpPortNet, false, "1.2.3.4,tcp:80,10.9.9.9/16")));
  EXPECT_TRUE(
      cidr.contains(*CanonicalEntry(SetType::kHashIpPortNet, false, "1.2.3.4,tcp:80,10.1.2.3/32")));
  EXPECT_TRUE(
      sets->at("KUBE-CLUSTER-IP")
          .members.contains(*CanonicalEntry(SetType::kHashIpPort, false, "10.96.0.12,6:81")));
}

TEST(ParseIpsetSave, KeepsOnlyTheNamedSets) {
  Result<std::map<std::string, SavedSet>> sets =
      ParseIpsetSave(kSaved, {"KUBE-NODE-PORT-TCP", "KUBE-NOT-THERE"});
  ASSERT_TRUE(sets.ok());
  ASSERT_EQ(sets->size(), 1u);
  EXPECT_EQ(sets->begin()->first, "KUBE-NODE-PORT-TCP");
}

TEST(ParseIpsetSave, EmptyOutputIsNoSets) {
  Result<std::map<std::string, SavedSet>> sets = ParseIpsetSave("");
  ASSERT_TRUE(sets.ok());
  EXPECT_TRUE(sets->empty());
}

TEST(ParseIpsetSave, ForeignLineIsAnError) {
  Result<std::map<std::string, SavedSet>> sets = ParseIpsetSave("create A hash:ip\nName: A\n");
  ASSERT_FALSE(sets.ok());
  EXPECT_EQ(sets.status().message(), "ipset save output line 2: unexpected \"Name: A\"");
}

}  // namespace
}  // namespace ki::netfilter
