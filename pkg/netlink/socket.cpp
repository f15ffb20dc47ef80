#include "pkg/netlink/socket.h"

#include <linux/netlink.h>

#include <algorithm>
#include <cerrno>
#include <ctime>

namespace ki::netlink {
namespace {

constexpr size_t kRxBufSize = 64 << 10;  // the kernel's dump datagrams stay under 32 KiB
constexpr size_t kAckSlots = 64;         // datagrams per recvmmsg
// An acknowledgement is 36 bytes with NETLINK_CAP_ACK; without it (kernels
// before 4.3) an error echoes its request, and a slot must hold the header.
constexpr size_t kAckSlotSize = 4096;
// What one queued acknowledgement costs the receive buffer (its skb's
// truesize, rounded up), to size the window to the buffer actually granted.
constexpr size_t kAckTruesize = 1024;
constexpr size_t kMinWindow = 8;
constexpr size_t kMinSendBytes = 16 << 10;

void SetBuffer(int fd, int force_opt, int opt, int bytes) {
  // The FORCE variants pass rmem_max/wmem_max with CAP_NET_ADMIN; without it
  // the plain ones give what the sysctl allows. Best effort: the window adapts.
  if (setsockopt(fd, SOL_SOCKET, force_opt, &bytes, sizeof(bytes)) != 0) {
    (void)setsockopt(fd, SOL_SOCKET, opt, &bytes, sizeof(bytes));
  }
}

size_t Granted(int fd, int opt) {
  int v = 0;
  socklen_t len = sizeof(v);
  if (getsockopt(fd, SOL_SOCKET, opt, &v, &len) != 0 || v <= 0) return 0;
  return static_cast<size_t>(v);
}

// Sequence numbers start from the clock, as libnl's do, so a reply meant for
// an earlier process on a reused port id is never taken for ours.
uint32_t FirstSeq() { return static_cast<uint32_t>(::time(nullptr)); }

}  // namespace

Socket::Socket(UniqueFd fd, size_t window, size_t max_send_bytes)
    : fd_(std::move(fd)),
      window_(window),
      max_send_bytes_(max_send_bytes),
      seq_(FirstSeq()),
      rx_(kRxBufSize),
      acks_(kAckSlots * kAckSlotSize),
      hdrs_(kAckSlots),
      iov_(kAckSlots) {}

Result<Socket> Socket::Open(int protocol, const SocketOptions& options) {
  UniqueFd fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol));
  if (fd.get() < 0) return Status::FromErrno(errno, "netlink: open socket");
  sockaddr_nl local{};
  local.nl_family = AF_NETLINK;  // nl_pid 0: the kernel assigns a unique port id
  if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&local), sizeof(local)) != 0) {
    return Status::FromErrno(errno, "netlink: bind socket");
  }
  const int one = 1;
  // Best effort, both: acknowledgements without the request echoed; dumps
  // filtered by the kernel where the family supports it (older kernels dump
  // everything and the caller filters).
  (void)setsockopt(fd.get(), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
  (void)setsockopt(fd.get(), SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof(one));
  SetBuffer(fd.get(), SO_RCVBUFFORCE, SO_RCVBUF, options.rcvbuf);
  SetBuffer(fd.get(), SO_SNDBUFFORCE, SO_SNDBUF, options.sndbuf);
  // Acknowledgements the buffer cannot hold are dropped by the kernel
  // (ENOBUFS): keep a window's worth of them well inside it.
  const size_t fits = Granted(fd.get(), SO_RCVBUF) / 2 / kAckTruesize;
  const size_t window = std::max<size_t>(1, std::min(options.window, std::max(fits, kMinWindow)));
  // The kernel refuses a datagram larger than the send buffer (EMSGSIZE);
  // half of it leaves room for the skb's own overhead.
  const size_t send_bytes =
      std::clamp<size_t>(Granted(fd.get(), SO_SNDBUF) / 2, kMinSendBytes, kMaxSendBytes);
  return Socket(std::move(fd), window, send_bytes);
}

Status Socket::Send() {
  for (;;) {
    ssize_t n = ::send(fd_.get(), tx_.data(), tx_.size(), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::FromErrno(errno, "netlink: send");
    if (static_cast<size_t>(n) != tx_.size()) return Status::Internal("netlink: short send");
    return Status::Ok();
  }
}

Result<size_t> Socket::Recv() {
  for (;;) {
    iovec iov{rx_.data(), rx_.size()};
    msghdr mh{};
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    ssize_t n = ::recvmsg(fd_.get(), &mh, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::FromErrno(errno, "netlink: receive");
    if (mh.msg_flags & MSG_TRUNC) return Status::Internal("netlink: reply larger than the buffer");
    return static_cast<size_t>(n);
  }
}

Result<int> Socket::Transact(const Build& build, const OnData& on_data, bool* interrupted) {
  const uint32_t seq = seq_++;
  tx_.clear();
  build(tx_, seq);
  KI_RETURN_IF_ERROR(Send());
  // After on_data fails the rest of the reply is still read (and dropped):
  // the kernel refuses a new dump on a socket whose last one is unfinished
  // (EBUSY).
  Status failed;
  for (;;) {
    Result<size_t> got = Recv();
    if (!got.ok()) return got.status();
    auto msgs = wire::SplitMessages(std::span<const uint8_t>(rx_.data(), *got));
    if (!msgs.ok()) return msgs.status();
    for (const wire::Message& m : *msgs) {
      if (m.seq != seq) continue;  // a straggler of an earlier request
      if (interrupted != nullptr && (m.flags & wire::kFlagDumpIntr)) *interrupted = true;
      if (m.is_error() || m.is_done()) {
        if (!failed.ok()) return failed;
        // NLMSG_DONE carries an error too: a dump that failed part-way.
        return m.ack_errno();
      }
      if (failed.ok()) failed = on_data(m);
    }
  }
}

Status Socket::CollectAcks(uint32_t base, size_t n, const OnAck& done) {
  size_t pending = n;
  while (pending > 0) {
    for (size_t i = 0; i < kAckSlots; ++i) {
      iov_[i] = {&acks_[i * kAckSlotSize], kAckSlotSize};
      hdrs_[i] = {};
      hdrs_[i].msg_hdr.msg_iov = &iov_[i];
      hdrs_[i].msg_hdr.msg_iovlen = 1;
    }
    int got = ::recvmmsg(fd_.get(), hdrs_.data(), kAckSlots, MSG_WAITFORONE, nullptr);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return Status::FromErrno(errno, "netlink: receive acknowledgements");
    for (int i = 0; i < got; ++i) {
      size_t len = hdrs_[i].msg_len;
      // An error echoing a request larger than the slot: its header and
      // errno come first, which is all an acknowledgement is read for.
      if (hdrs_[i].msg_hdr.msg_flags & MSG_TRUNC) {
        len = std::min(len, wire::kNlMsgHdrLen + 4);
        const uint32_t fixed = static_cast<uint32_t>(len);
        std::copy_n(reinterpret_cast<const uint8_t*>(&fixed), 4, &acks_[i * kAckSlotSize]);
      }
      auto msgs = wire::SplitMessages(std::span<const uint8_t>(&acks_[i * kAckSlotSize], len));
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

Status Socket::Pipeline(size_t n, const Appender& append, const OnAck& done) {
  for (size_t start = 0; start < n;) {
    const size_t limit = std::min(window_, n - start);
    const uint32_t base = seq_;
    size_t count = 0;
    tx_.clear();
    while (count < limit && tx_.size() < max_send_bytes_) {
      append(tx_, base + static_cast<uint32_t>(count), start + count);
      ++count;
    }
    seq_ += static_cast<uint32_t>(count);
    KI_RETURN_IF_ERROR(Send());
    KI_RETURN_IF_ERROR(CollectAcks(base, count, [&](size_t i, int err) { done(start + i, err); }));
    start += count;
  }
  return Status::Ok();
}

}  // namespace ki::netlink
