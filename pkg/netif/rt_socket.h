// A NETLINK_ROUTE socket for the address path: pipelined requests (a window
// of messages per sendmsg, acknowledgements read after) and address dumps.
// The messages come from the pure builders of messages.h; libnl only
// allocates and connects the socket. Internal to the netlink adapter. Not
// thread-safe: one object per thread.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <functional>
#include <vector>

#include "pkg/base/status.h"
#include "pkg/netif/links.h"
#include "pkg/netif/nl_handles.h"

namespace ki::netif {

class RtSocket {
 public:
  // `window`: requests per sendmsg, lowered to what the receive buffer the
  // kernel granted can hold in acknowledgements.
  static Result<RtSocket> Open(size_t window);

  RtSocket(RtSocket&&) = default;
  RtSocket& operator=(RtSocket&&) = default;
  RtSocket(const RtSocket&) = delete;
  RtSocket& operator=(const RtSocket&) = delete;

  // Appends request i with append(out, seq, i), for i in [0, n); reports each
  // acknowledgement as done(i, errno) (0 = ok). Fails only on the transport;
  // then the fate of requests without an acknowledgement is unknown.
  using Appender = std::function<void(std::vector<uint8_t>&, uint32_t, size_t)>;
  using OnAck = std::function<void(size_t, int)>;
  Status Pipeline(size_t n, const Appender& append, const OnAck& done);

  // Every address of `family` (msg::kAfUnspec: both), of link `ifindex` when
  // not 0. Repeats the dump when the kernel says it raced a change.
  Result<std::vector<LocalAddress>> DumpAddresses(uint16_t family, int ifindex);

  size_t window() const { return window_; }

 private:
  RtSocket(NlSockPtr sock, size_t window);
  int fd() const { return nl_socket_get_fd(sock_.get()); }
  Status Send(const std::vector<uint8_t>& buf);
  Result<size_t> Recv();  // one datagram into rx_
  Status CollectAcks(uint32_t base, size_t n, const OnAck& done);
  // One dump attempt; `interrupted` is set when the kernel flagged a race.
  Status DumpOnce(uint16_t family, int ifindex, std::vector<LocalAddress>& out, bool& interrupted);

  NlSockPtr sock_;
  size_t window_;
  uint32_t seq_ = 1;
  std::vector<uint8_t> tx_;
  std::vector<uint8_t> rx_;
  std::vector<uint8_t> acks_;
  std::vector<mmsghdr> hdrs_;
  std::vector<iovec> iov_;
};

}  // namespace ki::netif
