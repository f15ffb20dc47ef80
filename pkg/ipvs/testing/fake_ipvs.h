// An in-memory Ipvs with the kernel's semantics, for tests of code that
// programs IPVS: duplicate adds fail with EEXIST ("already exists"), deletes
// and updates of missing objects fail, unknown schedulers are refused, the
// kernel-owned HASHED flag is set on every stored service, and errors carry
// the same messages as the netlink implementation. Not thread-safe.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "pkg/ipvs/ipvs.h"

namespace ki::ipvs::testing {

class FakeIpvs final : public Ipvs {
 public:
  FakeIpvs() = default;
  FakeIpvs(const FakeIpvs&) = delete;
  FakeIpvs& operator=(const FakeIpvs&) = delete;

  Result<Info> GetInfo() override { return info_; }
  Result<Timeouts> GetTimeouts() override { return timeouts_; }
  Status SetTimeouts(const Timeouts& t) override;
  Status Flush() override;
  Status AddService(const Service& s) override;
  Status UpdateService(const Service& s) override;
  Status DeleteService(const ServiceKey& k) override;
  Result<Service> GetService(const ServiceKey& k) override;
  Result<std::vector<Service>> ListServices() override;
  Status AddDestination(const ServiceKey& k, const Destination& d) override;
  Status UpdateDestination(const ServiceKey& k, const Destination& d) override;
  Status DeleteDestination(const ServiceKey& k, const Destination& d) override;
  Result<std::vector<Destination>> ListDestinations(const ServiceKey& k) override;
  Result<BatchResult> Apply(std::span<const Op> ops) override;

  // Test hooks (the fake is test-only code, so these live here, not behind
  // switches in the real implementation).
  void set_info(const Info& i) { info_ = i; }
  // Every later call fails as if the kernel had no IPVS.
  void set_unavailable(bool v) { unavailable_ = v; }
  // Write operations seen, in order, as Op::Describe() strings.
  const std::vector<std::string>& log() const { return log_; }
  size_t write_calls() const { return log_.size(); }

 private:
  struct Entry {
    Service service;
    std::vector<Destination> dests;
  };
  Entry* Find(const ServiceKey& k);
  Status Check(const Op& op);
  Status Do(const Op& op);
  Status AddDest(Entry& e, const Op& op);
  Status UpdateDest(Entry& e, const Op& op);
  Status DeleteDest(Entry& e, const Op& op);

  std::vector<Entry> table_;  // insertion order, as a stand-in for hash order
  Info info_{0x010201, 4096};
  Timeouts timeouts_{900, 120, 300};
  bool unavailable_ = false;
  std::vector<std::string> log_;
};

// Schedulers a stock kernel ships (the fake accepts these and no others).
const std::set<std::string>& KnownSchedulers();

}  // namespace ki::ipvs::testing
