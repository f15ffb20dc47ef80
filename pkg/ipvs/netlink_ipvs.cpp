#include "pkg/ipvs/netlink_ipvs.h"

#include <linux/netlink.h>

#include <cerrno>
#include <functional>
#include <string>
#include <vector>

#include "pkg/ipvs/errors.h"
#include "pkg/ipvs/messages.h"
#include "pkg/netlink/socket.h"

namespace ki::ipvs {
namespace {

namespace wire = netlink::wire;

// Called with the genetlink attributes of each data message of a reply.
using OnData = std::function<Status(std::span<const uint8_t>)>;

class NetlinkIpvs final : public Ipvs {
 public:
  NetlinkIpvs(netlink::Socket sock, uint16_t family) : sock_(std::move(sock)), family_(family) {}
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
  Status Read(const msg::Request& r, std::string_view what, const OnData& on_data);

  netlink::Socket sock_;
  uint16_t family_;
};

Result<int> NetlinkIpvs::Transact(const msg::Request& r, const OnData& on_data) {
  return sock_.Transact(
      [&](std::vector<uint8_t>& out, uint32_t seq) { msg::Append(out, family_, seq, r); },
      [&](const wire::Message& m) { return on_data(m.genl_attrs()); });
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

Result<BatchResult> NetlinkIpvs::Apply(std::span<const Op> ops) {
  BatchResult res;
  res.statuses.resize(ops.size());
  Status sent = sock_.Pipeline(
      ops.size(),
      [&](std::vector<uint8_t>& out, uint32_t seq, size_t i) {
        msg::AppendOp(out, family_, seq, ops[i]);
      },
      [&](size_t i, int err) {
        if (err != 0) res.statuses[i] = KernelError(ops[i].kind, err, ops[i].Describe());
      });
  KI_RETURN_IF_ERROR(sent.Wrap("batch"));
  return res;
}

}  // namespace

Result<std::unique_ptr<Ipvs>> OpenNetlinkIpvs(const NetlinkOptions& options) {
  Result<netlink::Socket> sock = netlink::Socket::Open(NETLINK_GENERIC, {.window = options.window});
  if (!sock.ok()) return sock.status();
  Result<uint16_t> family = netlink::ResolveGenlFamily(*sock, msg::kFamilyName);
  if (!family.ok()) {
    if (family.status().code() == Code::kNotFound) {
      return IpvsUnavailable("no generic netlink family \"IPVS\"");
    }
    return family.status();
  }
  return std::unique_ptr<Ipvs>(std::make_unique<NetlinkIpvs>(std::move(sock).value(), *family));
}

}  // namespace ki::ipvs
