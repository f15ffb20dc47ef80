// The kernel's ipset errors in the ipset tool's words (lib/errcode.c of ipset
// 7.17), so that an operator reading the proxy's log sees what `ipset` would
// have said. Pure; thread-safe.
#pragma once

#include <string>

#include "pkg/netfilter/ipset_messages.h"
#include "pkg/netfilter/ipset_types.h"

namespace ki::netfilter::ipsetmsg {

// err: the positive errno of a netlink acknowledgement, an errno value or one
// of ipset's own codes (IPSET_ERR_* >= 4096; those from 4352 on depend on the
// set type: hash or bitmap).
std::string ErrorText(int err, Cmd cmd, SetType type);

}  // namespace ki::netfilter::ipsetmsg
