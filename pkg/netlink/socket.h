// One netlink transport for every family the proxy speaks (generic netlink
// for IPVS, rtnetlink for kube-ipvs0's addresses, nfnetlink for ipsets): the
// socket, the batching window, sequence/acknowledgement matching and errno.
// Each family keeps only its messages (pure builders and parsers over
// wire.h); this class never looks inside a payload. Plain AF_NETLINK socket,
// no libnl. Not thread-safe: one object per thread.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "pkg/base/fd.h"
#include "pkg/base/status.h"
#include "pkg/netlink/wire.h"

namespace ki::netlink {

struct SocketOptions {
  // Requests per sendmsg in Pipeline(); lowered to what the receive buffer
  // the kernel granted can hold in acknowledgements. 256 makes syscalls
  // vanish next to the kernel's own per-request cost.
  size_t window = 256;
  // Best effort (the FORCE variants need CAP_NET_ADMIN): room for a window
  // of acknowledgements, and a window is one sendmsg.
  int rcvbuf = 8 << 20;
  int sndbuf = 1 << 20;
};

class Socket {
 public:
  // protocol: NETLINK_GENERIC, NETLINK_ROUTE, NETLINK_NETFILTER.
  static Result<Socket> Open(int protocol, const SocketOptions& options = {});

  Socket(Socket&&) = default;
  Socket& operator=(Socket&&) = default;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  // Writes one request (build appends it with the given sequence number;
  // set kFlagAck for requests that would otherwise send no reply) and reads
  // its reply: on_data gets every data message of that sequence number,
  // until NLMSG_DONE or the acknowledgement. Returns the kernel's errno (0 =
  // success; a dump that failed part-way says so in its NLMSG_DONE); the outer Status fails on the
  // transport or when on_data does (the reply is then still read to its end, unseen, so the socket
  // stays usable). *interrupted (when given) is set if a dump raced a change (NLM_F_DUMP_INTR): the
  // caller repeats it.
  using Build = std::function<void(std::vector<uint8_t>& out, uint32_t seq)>;
  using OnData = std::function<Status(const wire::Message&)>;
  Result<int> Transact(const Build& build, const OnData& on_data, bool* interrupted = nullptr);

  // Writes n requests, a window of them (or max_send_bytes(), whichever is
  // first) per sendmsg, and reads the acknowledgements after each window:
  // append(out, seq, i) appends request i with that sequence number and must
  // set kFlagAck; done(i, errno) reports each acknowledgement (0 = success).
  // Fails only on the transport; the fate of the requests without an
  // acknowledgement is then unknown.
  using Appender = std::function<void(std::vector<uint8_t>& out, uint32_t seq, size_t i)>;
  using OnAck = std::function<void(size_t i, int err)>;
  Status Pipeline(size_t n, const Appender& append, const OnAck& done);

  size_t window() const { return window_; }
  // The most bytes one sendmsg of Pipeline() carries (one request larger
  // than that still goes alone): kMaxSendBytes, or less when the send buffer
  // granted is smaller.
  size_t max_send_bytes() const { return max_send_bytes_; }
  static constexpr size_t kMaxSendBytes = 256 << 10;

 private:
  Socket(UniqueFd fd, size_t window, size_t max_send_bytes);
  Status Send();
  Result<size_t> Recv();  // one datagram into rx_
  Status CollectAcks(uint32_t base, size_t n, const OnAck& done);

  UniqueFd fd_;
  size_t window_;
  size_t max_send_bytes_;
  uint32_t seq_;
  std::vector<uint8_t> tx_;
  std::vector<uint8_t> rx_;
  std::vector<uint8_t> acks_;
  std::vector<mmsghdr> hdrs_;
  std::vector<iovec> iov_;
};

// Generic netlink: the id of family `name` (CTRL_CMD_GETFAMILY). kNotFound
// when the kernel has no such family (e.g. "IPVS" without the ip_vs module).
Result<uint16_t> ResolveGenlFamily(Socket& socket, std::string_view name);

}  // namespace ki::netlink
