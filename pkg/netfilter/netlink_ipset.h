// Ipset over the kernel's own protocol (nfnetlink ipset, ipset_messages.h) on
// one netlink socket (pkg/netlink/socket.h): no process is started. Update
// sends every create, delete and add of a sync as pipelined requests, up to
// 32 KiB of entries of one set each, many requests per system call; List
// dumps each named set. Sets are created with the revision the ipset tool
// would pick, so `ipset save` prints them as it prints its own. Not
// thread-safe.
#pragma once

#include <memory>

#include "pkg/base/status.h"
#include "pkg/netfilter/ipset.h"

namespace ki::netfilter {

// Opens the socket and agrees on the protocol version with the kernel
// (loading ip_set if needed). kUnavailable when the kernel has no ip_set,
// a permission error without CAP_NET_ADMIN.
Result<std::unique_ptr<Ipset>> NewNetlinkIpset();

}  // namespace ki::netfilter
