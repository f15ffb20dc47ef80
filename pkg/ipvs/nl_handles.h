// Owners of libnl handles. Only the netlink adapter includes this file; the
// rest of the project never sees libnl types. (No nl_msg owner: messages are
// built as plain bytes by messages.h and written to the socket directly.) Not thread-safe (a libnl
// socket is used by one thread at a time).
#pragma once

#include <netlink/netlink.h>
#include <netlink/socket.h>

#include <memory>

namespace ki::ipvs {

struct NlSockDeleter {
  void operator()(nl_sock* s) const { nl_socket_free(s); }  // also closes its fd
};
using NlSockPtr = std::unique_ptr<nl_sock, NlSockDeleter>;

}  // namespace ki::ipvs
