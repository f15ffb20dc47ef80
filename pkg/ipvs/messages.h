// The IPVS generic netlink messages: a builder per command producing the
// genetlink attribute payload, and parsers turning replies into value types.
// Pure functions (no socket, no libnl); thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "pkg/base/status.h"
#include "pkg/ipvs/ipvs.h"
#include "pkg/ipvs/types.h"

namespace ki::ipvs::msg {

inline constexpr char kFamilyName[] = "IPVS";
inline constexpr uint8_t kFamilyVersion = 1;

// One request before framing: the command, whether it is a dump, its attributes.
struct Request {
  uint8_t cmd = 0;
  bool dump = false;
  std::vector<uint8_t> attrs;
};

Request AddService(const Service& s);
Request UpdateService(const Service& s);
Request DeleteService(const ServiceKey& k);
Request GetService(const ServiceKey& k);
Request DumpServices();
Request AddDest(const ServiceKey& k, const Destination& d);
Request UpdateDest(const ServiceKey& k, const Destination& d);
Request DeleteDest(const ServiceKey& k, const Destination& d);
Request DumpDests(const ServiceKey& k);
Request GetInfo();
Request GetConfig();
Request SetConfig(const Timeouts& t);
Request Flush();
Request ForOp(const Op& op);

// Frames a request (NLM_F_ACK for commands, NLM_F_DUMP for dumps) and appends it.
void Append(std::vector<uint8_t>& out, uint16_t family_id, uint32_t seq, const Request& r);

// Same bytes as Append(out, family_id, seq, ForOp(op)), written straight into
// `out` with no intermediate buffer (the batch path).
void AppendOp(std::vector<uint8_t>& out, uint16_t family_id, uint32_t seq, const Op& op);

// Parsers take the attributes after the genlmsghdr of one reply message.
Result<Service> ParseService(std::span<const uint8_t> genl_attrs);
// `svc_af` is used when the kernel does not say the destination's family.
Result<Destination> ParseDest(std::span<const uint8_t> genl_attrs, uint16_t svc_af);
Result<Info> ParseInfo(std::span<const uint8_t> genl_attrs);
Result<Timeouts> ParseTimeouts(std::span<const uint8_t> genl_attrs);

}  // namespace ki::ipvs::msg
