// Owners of the libnl handles pkg/netif uses. Only the netlink adapter
// (netlink_links.cpp) includes this file; the rest of the
// project never sees libnl types. Not thread-safe (a libnl socket or object is
// used by one thread at a time).
#pragma once

#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/socket.h>

#include <memory>

namespace ki::netif {

struct NlSockDeleter {
  void operator()(nl_sock* s) const { nl_socket_free(s); }  // also closes its fd
};
using NlSockPtr = std::unique_ptr<nl_sock, NlSockDeleter>;

struct RtnlLinkDeleter {
  void operator()(rtnl_link* l) const { rtnl_link_put(l); }  // drops our reference
};
using RtnlLinkPtr = std::unique_ptr<rtnl_link, RtnlLinkDeleter>;

}  // namespace ki::netif
