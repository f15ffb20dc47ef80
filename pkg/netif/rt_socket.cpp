#include "pkg/netif/rt_socket.h"

#include <linux/netlink.h>

#include <algorithm>
#include <cerrno>
#include <string>

#include "pkg/ipvs/wire.h"
#include "pkg/netif/messages.h"

namespace ki::netif {
namespace {

namespace wire = ipvs::wire;

constexpr int kRcvBuf = 8 << 20;         // room for a window of acks
constexpr int kSndBuf = 1 << 20;         // a window is one sendmsg: it must fit the send buffer
constexpr size_t kRxBufSize = 64 << 10;  // the kernel's dump datagrams stay under 32 KiB
constexpr size_t kAckSlots = 64;         // datagrams per recvmmsg
constexpr size_t kAckSlotSize = 512;     // an ack is 36 bytes with NETLINK_CAP_ACK
// What one queued acknowledgement costs the receive buffer (its skb's
// truesize, rounded up), to size the window to the buffer actually granted.
constexpr size_t kAckTruesize = 1024;
constexpr size_t kMinWindow = 8;
constexpr int kDumpAttempts = 5;

void SetBuffer(int fd, int force_opt, int opt, int bytes) {
  // The FORCE variants pass rmem_max/wmem_max with CAP_NET_ADMIN; without it
  // the plain ones give what the sysctl allows. Best effort: the window adapts.
  if (setsockopt(fd, SOL_SOCKET, force_opt, &bytes, sizeof(bytes)) != 0) {
    (void)setsockopt(fd, SOL_SOCKET, opt, &bytes, sizeof(bytes));
  }
}

size_t GrantedRcvBuf(int fd) {
  int v = 0;
  socklen_t len = sizeof(v);
  if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, &len) != 0 || v <= 0) return 0;
  return static_cast<size_t>(v);
}

}  // namespace

RtSocket::RtSocket(NlSockPtr sock, size_t window)
    : sock_(std::move(sock)),
      window_(window),
      rx_(kRxBufSize),
      acks_(kAckSlots * kAckSlotSize),
      hdrs_(kAckSlots),
      iov_(kAckSlots) {}

Result<RtSocket> RtSocket::Open(size_t window) {
  NlSockPtr sock(nl_socket_alloc());
  if (!sock) return Status::Internal("netlink: cannot allocate a socket");
  if (int err = nl_connect(sock.get(), NETLINK_ROUTE); err < 0) {
    return Status::Internal(std::string("netlink: connect route socket: ") + nl_geterror(err));
  }
  const int fd = nl_socket_get_fd(sock.get());
  const int one = 1;
  // Best effort, both: smaller acks; and dumps filtered by the kernel (an
  // older kernel dumps everything and the caller filters).
  (void)setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
  (void)setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof(one));
  SetBuffer(fd, SO_RCVBUFFORCE, SO_RCVBUF, kRcvBuf);
  SetBuffer(fd, SO_SNDBUFFORCE, SO_SNDBUF, kSndBuf);
  // Acks the buffer cannot hold are dropped by the kernel (ENOBUFS): keep a
  // window's worth of them well inside it.
  const size_t fits = GrantedRcvBuf(fd) / 2 / kAckTruesize;
  window = std::max<size_t>(1, std::min(window, std::max(fits, kMinWindow)));
  return RtSocket(std::move(sock), window);
}

Status RtSocket::Send(const std::vector<uint8_t>& buf) {
  for (;;) {
    ssize_t n = ::send(fd(), buf.data(), buf.size(), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::FromErrno(errno, "netlink: send");
    if (static_cast<size_t>(n) != buf.size()) return Status::Internal("netlink: short send");
    return Status::Ok();
  }
}

Result<size_t> RtSocket::Recv() {
  for (;;) {
    iovec iov{rx_.data(), rx_.size()};
    msghdr mh{};
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    ssize_t n = ::recvmsg(fd(), &mh, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::FromErrno(errno, "netlink: receive");
    if (mh.msg_flags & MSG_TRUNC) return Status::Internal("netlink: reply larger than the buffer");
    return static_cast<size_t>(n);
  }
}

Status RtSocket::CollectAcks(uint32_t base, size_t n, const OnAck& done) {
  size_t pending = n;
  while (pending > 0) {
    for (size_t i = 0; i < kAckSlots; ++i) {
      iov_[i] = {&acks_[i * kAckSlotSize], kAckSlotSize};
      hdrs_[i] = {};
      hdrs_[i].msg_hdr.msg_iov = &iov_[i];
      hdrs_[i].msg_hdr.msg_iovlen = 1;
    }
    int got = ::recvmmsg(fd(), hdrs_.data(), kAckSlots, MSG_WAITFORONE, nullptr);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return Status::FromErrno(errno, "netlink: receive acknowledgements");
    for (int i = 0; i < got; ++i) {
      auto msgs =
          wire::SplitMessages(std::span<const uint8_t>(&acks_[i * kAckSlotSize], hdrs_[i].msg_len));
      if (!msgs.ok()) return msgs.status();
      for (const wire::Message& m : *msgs) {
        const uint32_t idx = m.seq - base;
        if (!m.is_error() || idx >= n) continue;  // a straggler of an abandoned request
        done(idx, m.ack_errno());
        --pending;
      }
    }
  }
  return Status::Ok();
}

Status RtSocket::Pipeline(size_t n, const Appender& append, const OnAck& done) {
  for (size_t start = 0; start < n;) {
    const size_t count = std::min(window_, n - start);
    const uint32_t base = seq_;
    tx_.clear();
    for (size_t i = 0; i < count; ++i) append(tx_, base + static_cast<uint32_t>(i), start + i);
    seq_ += static_cast<uint32_t>(count);
    KI_RETURN_IF_ERROR(Send(tx_));
    KI_RETURN_IF_ERROR(CollectAcks(base, count, [&](size_t i, int err) { done(start + i, err); }));
    start += count;
  }
  return Status::Ok();
}

Status RtSocket::DumpOnce(uint16_t family, int ifindex, std::vector<LocalAddress>& out,
                          bool& interrupted) {
  const uint32_t seq = seq_++;
  tx_.clear();
  msg::AppendDump(tx_, seq, family, ifindex);
  KI_RETURN_IF_ERROR(Send(tx_));
  for (;;) {
    Result<size_t> got = Recv();
    if (!got.ok()) return got.status();
    auto msgs = wire::SplitMessages(std::span<const uint8_t>(rx_.data(), *got));
    if (!msgs.ok()) return msgs.status();
    for (const wire::Message& m : *msgs) {
      if (m.seq != seq) continue;
      if (m.flags & msg::kFlagDumpIntr) interrupted = true;
      if (m.is_error()) return Status::FromErrno(m.ack_errno(), "netlink: dump addresses");
      if (m.is_done()) return Status::Ok();
      if (m.type != msg::kRtmNewAddr) continue;
      auto a = msg::ParseAddr(m.payload);
      if (!a.ok()) return a.status();
      if (*a && (ifindex == 0 || (*a)->link_index == ifindex)) out.push_back(**a);
    }
  }
}

Result<std::vector<LocalAddress>> RtSocket::DumpAddresses(uint16_t family, int ifindex) {
  for (int attempt = 0; attempt < kDumpAttempts; ++attempt) {
    std::vector<LocalAddress> out;
    bool interrupted = false;
    KI_RETURN_IF_ERROR(DumpOnce(family, ifindex, out, interrupted));
    if (!interrupted) return out;
  }
  return Status::Internal("netlink: the address list kept changing during " +
                          std::to_string(kDumpAttempts) + " dumps");
}

}  // namespace ki::netif
