// The fake kernel behind one mutex, so a test can read what the proxy's
// thread programs while it runs. Forwards every call; adds nothing else.
#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>

#include "pkg/ipvs/testing/fake_ipvs.h"
#include "pkg/netif/testing/fake_links.h"

namespace ki::k8s::testapi {

// Runs each call of the derived class under one mutex.
class Serialized {
 protected:
  template <typename F>
  auto Locked(F f) -> decltype(f()) {
    std::lock_guard<std::mutex> lock(mu_);
    return f();
  }
  std::mutex mu_;
};

class LockedIpvs final : public ipvs::Ipvs, private Serialized {
 public:
  Result<ipvs::Info> GetInfo() override {
    return Locked([&] { return fake_.GetInfo(); });
  }
  Result<ipvs::Timeouts> GetTimeouts() override {
    return Locked([&] { return fake_.GetTimeouts(); });
  }
  Status SetTimeouts(const ipvs::Timeouts& t) override {
    return Locked([&] { return fake_.SetTimeouts(t); });
  }
  Status Flush() override {
    return Locked([&] { return fake_.Flush(); });
  }
  Status AddService(const ipvs::Service& s) override {
    return Locked([&] { return fake_.AddService(s); });
  }
  Status UpdateService(const ipvs::Service& s) override {
    return Locked([&] { return fake_.UpdateService(s); });
  }
  Status DeleteService(const ipvs::ServiceKey& k) override {
    return Locked([&] { return fake_.DeleteService(k); });
  }
  Result<ipvs::Service> GetService(const ipvs::ServiceKey& k) override {
    return Locked([&] { return fake_.GetService(k); });
  }
  Result<std::vector<ipvs::Service>> ListServices() override {
    return Locked([&] { return fake_.ListServices(); });
  }
  Status AddDestination(const ipvs::ServiceKey& k, const ipvs::Destination& d) override {
    return Locked([&] { return fake_.AddDestination(k, d); });
  }
  Status UpdateDestination(const ipvs::ServiceKey& k, const ipvs::Destination& d) override {
    return Locked([&] { return fake_.UpdateDestination(k, d); });
  }
  Status DeleteDestination(const ipvs::ServiceKey& k, const ipvs::Destination& d) override {
    return Locked([&] { return fake_.DeleteDestination(k, d); });
  }
  Result<std::vector<ipvs::Destination>> ListDestinations(const ipvs::ServiceKey& k) override {
    return Locked([&] { return fake_.ListDestinations(k); });
  }
  Result<ipvs::BatchResult> Apply(std::span<const ipvs::Op> ops) override {
    return Locked([&] { return fake_.Apply(ops); });
  }

  // "TCP 10.96.0.1:80" -> {"10.244.0.1:8080", ...}: the whole table, at once.
  std::map<std::string, std::set<std::string>> Table() {
    std::lock_guard<std::mutex> lock(mu_);
    std::map<std::string, std::set<std::string>> out;
    Result<std::vector<ipvs::Service>> services = fake_.ListServices();
    for (const ipvs::Service& s : services.ok() ? *services : std::vector<ipvs::Service>{}) {
      std::set<std::string>& dests = out[s.key.ToString()];
      Result<std::vector<ipvs::Destination>> ds = fake_.ListDestinations(s.key);
      for (const ipvs::Destination& d : ds.ok() ? *ds : std::vector<ipvs::Destination>{}) {
        if (d.weight > 0) dests.insert(d.ToString());
      }
    }
    return out;
  }

 private:
  ipvs::testing::FakeIpvs fake_;
};

class LockedLinks final : public netif::Links, private Serialized {
 public:
  Result<netif::LinkState> EnsureDummy(std::string_view name) override {
    return Locked([&] { return fake_.EnsureDummy(name); });
  }
  Status DeleteDummy(std::string_view name) override {
    return Locked([&] { return fake_.DeleteDummy(name); });
  }
  Result<std::vector<ipvs::IpAddress>> ListBound(std::string_view name) override {
    return Locked([&] { return fake_.ListBound(name); });
  }
  Result<netif::BatchResult> Bind(std::string_view name,
                                  std::span<const ipvs::IpAddress> addrs) override {
    return Locked([&] { return fake_.Bind(name, addrs); });
  }
  Result<netif::BatchResult> Unbind(std::string_view name,
                                    std::span<const ipvs::IpAddress> addrs) override {
    return Locked([&] { return fake_.Unbind(name, addrs); });
  }
  Result<std::vector<netif::LocalAddress>> ListOtherAddresses(std::string_view except) override {
    return Locked([&] { return fake_.ListOtherAddresses(except); });
  }
  Result<std::vector<netif::LocalRoute>> ListLocalRoutes() override {
    return Locked([&] { return fake_.ListLocalRoutes(); });
  }
  Status AddLocalRoute(const netif::LocalRoute& route) override {
    return Locked([&] { return fake_.AddLocalRoute(route); });
  }
  Status DeleteLocalRoute(const netif::LocalRoute& route) override {
    return Locked([&] { return fake_.DeleteLocalRoute(route); });
  }

 private:
  netif::testing::FakeLinks fake_;
};

}  // namespace ki::k8s::testapi
