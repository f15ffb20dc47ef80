#include "pkg/netfilter/ipset_errors.h"

#include <gtest/gtest.h>

namespace ki::netfilter::ipsetmsg {
namespace {

// The codes of include/uapi/linux/netfilter/ipset/ip_set{,_hash,_bitmap}.h,
// in the words of ipset 7.17's lib/errcode.c.
TEST(IpsetErrors, AsTheIpsetToolSaysThem) {
  EXPECT_EQ(ErrorText(2, Cmd::kAdd, SetType::kHashIp),
            "The set with the given name does not exist");
  EXPECT_EQ(ErrorText(17, Cmd::kCreate, SetType::kHashIp),
            "Set cannot be created: set with the same name already exists");
  EXPECT_EQ(ErrorText(4097, Cmd::kAdd, SetType::kHashIp),
            "Kernel error received: ipset protocol error");
  EXPECT_EQ(ErrorText(4098, Cmd::kCreate, SetType::kHashIp),
            "Kernel error received: set type not supported");
  EXPECT_EQ(ErrorText(4100, Cmd::kDestroy, SetType::kHashIp),
            "Set cannot be destroyed: it is in use by a kernel component");
  EXPECT_EQ(ErrorText(4103, Cmd::kAdd, SetType::kHashIp),
            "Element cannot be added to the set: it's already added");
  EXPECT_EQ(ErrorText(4103, Cmd::kDel, SetType::kHashIp),
            "Element cannot be deleted from the set: it's not added");
}

// From 4352 on the code depends on the set's kind.
TEST(IpsetErrors, TypeSpecificCodes) {
  EXPECT_EQ(ErrorText(4352, Cmd::kAdd, SetType::kHashIpPort),
            "Hash is full, cannot add more elements");
  EXPECT_EQ(ErrorText(4352, Cmd::kAdd, SetType::kBitmapPort),
            "Element is out of the range of the set");
  EXPECT_EQ(ErrorText(4355, Cmd::kAdd, SetType::kHashIpPort),
            "Protocol missing, but must be specified");
}

TEST(IpsetErrors, OthersAsErrnoOrNumber) {
  EXPECT_EQ(ErrorText(1, Cmd::kCreate, SetType::kHashIp),
            "Kernel error received: Operation not permitted");
  EXPECT_EQ(ErrorText(4999, Cmd::kAdd, SetType::kHashIp),
            "Undecoded error 4999 received from kernel");
}

}  // namespace
}  // namespace ki::netfilter::ipsetmsg
