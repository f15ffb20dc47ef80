#include "pkg/ipvs/netlink_ipvs.h"

#include <linux/ip_vs.h>
#include <netlink/errno.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <functional>
#include <string>
#include <vector>

#include "pkg/ipvs/errors.h"
#include "pkg/ipvs/messages.h"
#include "pkg/ipvs/nl_handles.h"
#include "pkg/ipvs/wire.h"

namespace ki::ipvs {
namespace {

constexpr int kSolNetlink = 270;    // SOL_NETLINK
constexpr int kNetlinkCapAck = 10;  // NETLINK_CAP_ACK: errors without the request echoed
constexpr int kRcvBuf = 8 << 20;    // room for a window of acks, and big dump replies
constexpr int kSndBuf = 1 << 20;    // a window is one sendmsg: it must fit the send buffer
constexpr size_t kMaxSendBytes = 256 << 10;
constexpr size_t kRxBufSize = 256 << 10;
constexpr size_t kAckSlots = 64;       // datagrams per recvmmsg in Apply()
constexpr size_t kAckSlotSize = 2048;  // an ack is 36 bytes; room for echoed requests

// Called with the genetlink attributes of each data message of a reply.
using OnData = std::function<Status(std::span<const uint8_t>)>;

class NetlinkIpvs final : public Ipvs {
 public:
  NetlinkIpvs(NlSockPtr sock, uint16_t family, const NetlinkOptions& o)
      : sock_(std::move(sock)), family_(family), window_(std::max<size_t>(1, o.window)) {
    rx_.resize(kRxBufSize);
    acks_.resize(kAckSlots * kAckSlotSize);
  }
  NetlinkIpvs(const NetlinkIpvs&) = delete;
  NetlinkIpvs& operator=(const NetlinkIpvs&) = delete;

  Result<Info> GetInfo() override;
  Result<Timeouts> GetTimeouts() override;
  Status SetTimeouts(const Timeouts& t) override;
  Status Flush() override;
  Status AddService(const Service& s) override { return Write(Op::AddService(s)); }
  Status UpdateService(const Service& s) override { return Write(Op::UpdateService(s)); }
  Status DeleteService(const ServiceKey& k) override { return Write(Op::DeleteService(k)); }
  Result<Service> GetService(const ServiceKey& k) override;
  Result<std::vector<Service>> ListServices() override;
  Status AddDestination(const ServiceKey& k, const Destination& d) override {
    return Write(Op::AddDest(k, d));
  }
  Status UpdateDestination(const ServiceKey& k, const Destination& d) override {
    return Write(Op::UpdateDest(k, d));
  }
  Status DeleteDestination(const ServiceKey& k, const Destination& d) override {
    return Write(Op::DeleteDest(k, d));
  }
  Result<std::vector<Destination>> ListDestinations(const ServiceKey& k) override;
  Result<BatchResult> Apply(std::span<const Op> ops) override;

 private:
  Status Write(const Op& op);
  // Sends one request and reads its reply; the Result holds the kernel's errno
  // (0 = success), the outer Status a transport failure.
  Result<int> Transact(const msg::Request& r, const OnData& on_data);
  Status Send(const std::vector<uint8_t>& buf);
  Result<size_t> Recv();
  // Reads the acks of requests seq base..base+n-1, calling done(i, errno).
  Status CollectAcks(uint32_t base, size_t n, const std::function<void(size_t, int)>& done);
  Status Read(const msg::Request& r, std::string_view what, const OnData& on_data);

  NlSockPtr sock_;
  uint16_t family_;
  size_t window_;
  uint32_t seq_ = 1;
  std::vector<uint8_t> tx_;
  std::vector<uint8_t> rx_;
  std::vector<uint8_t> acks_;
};

Status NetlinkIpvs::Send(const std::vector<uint8_t>& buf) {
  int fd = nl_socket_get_fd(sock_.get());
  ssize_t n = ::send(fd, buf.data(), buf.size(), 0);
  if (n < 0) return Status::FromErrno(errno, "netlink: send");
  if (static_cast<size_t>(n) != buf.size()) return Status::Internal("netlink: short send");
  return Status::Ok();
}

Result<size_t> NetlinkIpvs::Recv() {
  int fd = nl_socket_get_fd(sock_.get());
  for (;;) {
    ssize_t n = ::recv(fd, rx_.data(), rx_.size(), 0);
    if (n >= 0) return static_cast<size_t>(n);
    if (errno == EINTR) continue;
    return Status::FromErrno(errno, "netlink: receive");
  }
}

Result<int> NetlinkIpvs::Transact(const msg::Request& r, const OnData& on_data) {
  const uint32_t seq = seq_++;
  tx_.clear();
  msg::Append(tx_, family_, seq, r);
  KI_RETURN_IF_ERROR(Send(tx_));
  for (;;) {
    Result<size_t> got = Recv();
    if (!got.ok()) return got.status();
    auto msgs = wire::SplitMessages(std::span<const uint8_t>(rx_.data(), *got));
    if (!msgs.ok()) return msgs.status();
    for (const wire::Message& m : *msgs) {
      if (m.seq != seq) continue;  // a straggler of an earlier, abandoned request
      if (m.is_error()) return m.ack_errno();
      if (m.is_done()) return 0;
      KI_RETURN_IF_ERROR(on_data(m.genl_attrs()));
    }
  }
}

Status NetlinkIpvs::Write(const Op& op) {
  Result<int> err = Transact(msg::ForOp(op), [](auto) { return Status::Ok(); });
  if (!err.ok()) return err.status().Wrap(op.Describe());
  return *err == 0 ? Status::Ok() : KernelError(op.kind, *err, op.Describe());
}

Status NetlinkIpvs::Read(const msg::Request& r, std::string_view what, const OnData& on_data) {
  Result<int> err = Transact(r, on_data);
  if (!err.ok()) return err.status().Wrap(what);
  return *err == 0 ? Status::Ok() : KernelReadError(*err, what);
}

Result<Info> NetlinkIpvs::GetInfo() {
  Info info;
  KI_RETURN_IF_ERROR(Read(msg::GetInfo(), "get IPVS info", [&](auto attrs) {
    Result<Info> r = msg::ParseInfo(attrs);
    if (r.ok()) info = *r;
    return r.status();
  }));
  return info;
}

Result<Timeouts> NetlinkIpvs::GetTimeouts() {
  Timeouts t;
  KI_RETURN_IF_ERROR(Read(msg::GetConfig(), "get IPVS timeouts", [&](auto attrs) {
    Result<Timeouts> r = msg::ParseTimeouts(attrs);
    if (r.ok()) t = *r;
    return r.status();
  }));
  return t;
}

Status NetlinkIpvs::SetTimeouts(const Timeouts& t) {
  return Read(msg::SetConfig(t), "set IPVS timeouts", [](auto) { return Status::Ok(); });
}

Status NetlinkIpvs::Flush() {
  return Read(msg::Flush(), "flush IPVS table", [](auto) { return Status::Ok(); });
}

Result<Service> NetlinkIpvs::GetService(const ServiceKey& k) {
  Service out;
  KI_RETURN_IF_ERROR(Read(msg::GetService(k), "get service " + k.ToString(), [&](auto attrs) {
    Result<Service> r = msg::ParseService(attrs);
    if (r.ok()) out = *r;
    return r.status();
  }));
  return out;
}

Result<std::vector<Service>> NetlinkIpvs::ListServices() {
  std::vector<Service> out;
  KI_RETURN_IF_ERROR(Read(msg::DumpServices(), "list services", [&](auto attrs) {
    Result<Service> r = msg::ParseService(attrs);
    if (!r.ok()) return r.status();
    out.push_back(std::move(r).value());
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<Destination>> NetlinkIpvs::ListDestinations(const ServiceKey& k) {
  std::vector<Destination> out;
  KI_RETURN_IF_ERROR(
      Read(msg::DumpDests(k), "list destinations of " + k.ToString(), [&](auto attrs) {
        Result<Destination> r = msg::ParseDest(attrs, k.af);
        if (!r.ok()) return r.status();
        out.push_back(std::move(r).value());
        return Status::Ok();
      }));
  return out;
}

Status NetlinkIpvs::CollectAcks(uint32_t base, size_t n,
                                const std::function<void(size_t, int)>& done) {
  int fd = nl_socket_get_fd(sock_.get());
  std::vector<mmsghdr> hdrs(kAckSlots);
  std::vector<iovec> iov(kAckSlots);
  size_t pending = n;
  while (pending > 0) {
    for (size_t i = 0; i < kAckSlots; ++i) {
      iov[i] = {&acks_[i * kAckSlotSize], kAckSlotSize};
      hdrs[i] = {};
      hdrs[i].msg_hdr.msg_iov = &iov[i];
      hdrs[i].msg_hdr.msg_iovlen = 1;
    }
    int got = ::recvmmsg(fd, hdrs.data(), kAckSlots, MSG_WAITFORONE, nullptr);
    if (got < 0) {
      if (errno == EINTR) continue;
      return Status::FromErrno(errno, "netlink: receive acknowledgements");
    }
    for (int i = 0; i < got; ++i) {
      auto msgs =
          wire::SplitMessages(std::span<const uint8_t>(&acks_[i * kAckSlotSize], hdrs[i].msg_len));
      if (!msgs.ok()) return msgs.status();
      for (const wire::Message& m : *msgs) {
        const uint32_t idx = m.seq - base;
        if (!m.is_error() || idx >= n) continue;
        done(idx, m.ack_errno());
        --pending;
      }
    }
  }
  return Status::Ok();
}

Result<BatchResult> NetlinkIpvs::Apply(std::span<const Op> ops) {
  BatchResult res;
  res.statuses.resize(ops.size());
  for (size_t start = 0; start < ops.size();) {
    const size_t limit = std::min(window_, ops.size() - start);
    const uint32_t base = seq_;
    size_t n = 0;
    tx_.clear();
    while (n < limit && tx_.size() < kMaxSendBytes) {
      msg::AppendOp(tx_, family_, base + static_cast<uint32_t>(n), ops[start + n]);
      ++n;
    }
    seq_ += static_cast<uint32_t>(n);
    KI_RETURN_IF_ERROR(Send(tx_).Wrap("batch"));
    KI_RETURN_IF_ERROR(CollectAcks(base, n, [&](size_t i, int err) {
      const Op& op = ops[start + i];
      if (err != 0) res.statuses[start + i] = KernelError(op.kind, err, op.Describe());
    }));
    start += n;
  }
  return res;
}

std::string NlError(int err) { return nl_geterror(err); }

}  // namespace

Result<std::unique_ptr<Ipvs>> OpenNetlinkIpvs(const NetlinkOptions& options) {
  NlSockPtr sock(nl_socket_alloc());
  if (!sock) return Status::Internal("netlink: cannot allocate a socket");
  if (int err = genl_connect(sock.get()); err < 0) {
    return Status::Internal("netlink: connect generic netlink socket: " + NlError(err));
  }
  int family = genl_ctrl_resolve(sock.get(), msg::kFamilyName);
  if (family < 0) {
    if (family == -NLE_OBJ_NOTFOUND) {
      return IpvsUnavailable("no generic netlink family \"IPVS\"");
    }
    return Status::Internal("netlink: resolve family IPVS: " + NlError(family));
  }
  int fd = nl_socket_get_fd(sock.get());
  int one = 1;
  // Best effort: smaller acks and a larger buffer only make batches cheaper.
  (void)setsockopt(fd, kSolNetlink, kNetlinkCapAck, &one, sizeof(one));
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &kRcvBuf, sizeof(kRcvBuf)) != 0) {
    (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &kRcvBuf, sizeof(kRcvBuf));
  }
  if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &kSndBuf, sizeof(kSndBuf)) != 0) {
    (void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &kSndBuf, sizeof(kSndBuf));
  }
  return std::unique_ptr<Ipvs>(
      std::make_unique<NetlinkIpvs>(std::move(sock), static_cast<uint16_t>(family), options));
}

}  // namespace ki::ipvs
