// The kernel IPVS interface the rest of the project programs against.
// Implementations: the generic-netlink one (netlink_ipvs.h) and an in-memory
// fake (testing/fake_ipvs.h). An Ipvs object is not thread-safe: use one per
// thread, or guard it.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "pkg/base/status.h"
#include "pkg/ipvs/types.h"

namespace ki::ipvs {

// One write operation for Ipvs::Apply. `dest` matters for the *Dest kinds only;
// for them `service` needs only its key.
struct Op {
  enum class Kind : uint8_t {
    kAddService,
    kUpdateService,
    kDeleteService,
    kAddDest,
    kUpdateDest,
    kDeleteDest,
  };
  Kind kind = Kind::kAddService;
  Service service;
  Destination dest;

  static Op AddService(Service s) { return {Kind::kAddService, std::move(s), {}}; }
  static Op UpdateService(Service s) { return {Kind::kUpdateService, std::move(s), {}}; }
  static Op DeleteService(const ServiceKey& k) { return {Kind::kDeleteService, WithKey(k), {}}; }
  static Op AddDest(const ServiceKey& k, const Destination& d) {
    return {Kind::kAddDest, WithKey(k), d};
  }
  static Op UpdateDest(const ServiceKey& k, const Destination& d) {
    return {Kind::kUpdateDest, WithKey(k), d};
  }
  static Op DeleteDest(const ServiceKey& k, const Destination& d) {
    return {Kind::kDeleteDest, WithKey(k), d};
  }
  // "add service TCP 10.0.0.1:80", "delete destination 10.0.0.2:80 of TCP ...".
  std::string Describe() const;

 private:
  static Service WithKey(const ServiceKey& k) {
    Service s;
    s.key = k;
    s.netmask = Service::DefaultNetmask(k.af);
    return s;
  }
};

// Per-operation outcome of a batch, index for index with the submitted ops.
struct BatchResult {
  std::vector<Status> statuses;

  size_t failed() const;
  // The first failure, wrapped with "operation i of n"; ok when none failed.
  Status FirstError() const;
};

class Ipvs {
 public:
  virtual ~Ipvs() = default;

  virtual Result<Info> GetInfo() = 0;
  virtual Result<Timeouts> GetTimeouts() = 0;
  virtual Status SetTimeouts(const Timeouts& t) = 0;
  // Removes every service and destination.
  virtual Status Flush() = 0;

  virtual Status AddService(const Service& s) = 0;
  virtual Status UpdateService(const Service& s) = 0;
  virtual Status DeleteService(const ServiceKey& k) = 0;
  virtual Result<Service> GetService(const ServiceKey& k) = 0;
  virtual Result<std::vector<Service>> ListServices() = 0;

  virtual Status AddDestination(const ServiceKey& k, const Destination& d) = 0;
  virtual Status UpdateDestination(const ServiceKey& k, const Destination& d) = 0;
  virtual Status DeleteDestination(const ServiceKey& k, const Destination& d) = 0;
  virtual Result<std::vector<Destination>> ListDestinations(const ServiceKey& k) = 0;

  // Applies ops in order without stopping at a failure (the kernel has no
  // transactions); the outer Status fails only when the transport does, and
  // then no op is known to have been applied or not.
  virtual Result<BatchResult> Apply(std::span<const Op> ops) = 0;
};

}  // namespace ki::ipvs
