// In-memory Conntrack: a list of UDP entries (original destination and reply
// source), deleted by the same matching rule as the netlink one. Not
// thread-safe.
#pragma once

#include <algorithm>
#include <vector>

#include "pkg/netfilter/conntrack.h"

namespace ki::netfilter::testing {

class FakeConntrack final : public Conntrack {
 public:
  struct UdpEntry {
    std::string vip;
    uint16_t port = 0;
    std::string backend;
    bool operator==(const UdpEntry&) const = default;
  };

  Result<int> DeleteUdpFlows(const std::vector<UdpFlow>& flows) override {
    ++calls_;
    const size_t before = entries_.size();
    std::erase_if(entries_, [&](const UdpEntry& e) {
      return std::any_of(flows.begin(), flows.end(), [&](const UdpFlow& f) {
        return f.vip == e.vip && f.port == e.port && (!f.backend || *f.backend == e.backend);
      });
    });
    return static_cast<int>(before - entries_.size());
  }

  void Add(UdpEntry e) { entries_.push_back(std::move(e)); }
  const std::vector<UdpEntry>& entries() const { return entries_; }
  int calls() const { return calls_; }

 private:
  std::vector<UdpEntry> entries_;
  int calls_ = 0;
};

}  // namespace ki::netfilter::testing
