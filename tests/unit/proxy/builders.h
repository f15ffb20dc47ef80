// Test builders for Services and EndpointSlices, and text forms of the
// engine's output so expectations read like `ipvsadm -Ln`.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "pkg/k8s/objects.h"
#include "pkg/proxy/kernel_table.h"
#include "pkg/proxy/plan.h"
#include "pkg/proxy/service_state.h"
#include "pkg/proxy/stored_slice.h"

namespace ki::proxy::testing {

inline ipvs::IpAddress Ip(const std::string& s) { return *ipvs::IpAddress::Parse(s); }

inline k8s::ServicePort Port(const std::string& name, int32_t port,
                             k8s::Protocol p = k8s::Protocol::kTcp, int32_t node_port = 0) {
  return {name, p, port, "", node_port};
}

// A ClusterIP Service in namespace "ns".
inline k8s::Service Svc(const std::string& name, std::vector<std::string> cluster_ips,
                        std::vector<k8s::ServicePort> ports) {
  k8s::Service s;
  s.meta.id = {"ns", name};
  s.cluster_ip = cluster_ips.empty() ? "" : cluster_ips[0];
  s.cluster_ips = std::move(cluster_ips);
  s.ports = std::move(ports);
  return s;
}

struct EpSpec {
  std::string ip;
  std::string node;
  std::optional<bool> ready;
  std::optional<bool> serving;
  std::optional<bool> terminating;
  std::vector<std::string> hints;
};

inline k8s::Endpoint Ep(const EpSpec& e) {
  k8s::Endpoint ep;
  ep.addresses = {e.ip};
  ep.node_name = e.node;
  ep.conditions = {e.ready, e.serving, e.terminating};
  ep.hint_zones = e.hints;
  return ep;
}

// A slice of `service` with one port per (name, port, protocol) given.
inline k8s::EndpointSlice Slice(const std::string& name, const std::string& service,
                                std::vector<EpSpec> eps, std::vector<k8s::EndpointPort> ports,
                                k8s::AddressType type = k8s::AddressType::kIPv4) {
  k8s::EndpointSlice s;
  s.meta.id = {"ns", name};
  s.meta.labels[k8s::kServiceNameLabel] = service;
  s.address_type = type;
  for (const EpSpec& e : eps) s.endpoints.push_back(Ep(e));
  s.ports = std::move(ports);
  return s;
}

inline k8s::EndpointPort SlicePort(const std::string& name, int32_t port,
                                   k8s::Protocol p = k8s::Protocol::kTcp) {
  return {name, p, port};
}

// "TCP 10.0.0.1:80 rr [persistent 600] [mh-port] -> 10.1.0.1:8080 ..."
inline std::string Text(const VirtualServer& vs) {
  std::string s = vs.service.key.ToString() + " " + vs.service.scheduler;
  if (vs.service.flags & ipvs::kFlagPersistent) {
    s += " persistent " + std::to_string(vs.service.timeout);
    s += " mask " + std::to_string(vs.service.netmask);
  }
  if (vs.service.flags & ipvs::kFlagSched2) s += " mh-port";
  s += " ->";
  for (const RealServer& rs : vs.reals) {
    s += " " + rs.ToDestination().ToString();
    if (rs.weight != 1) s += " w" + std::to_string(rs.weight);
  }
  return s;
}

inline std::vector<std::string> Text(const ServiceState& st) {
  std::vector<std::string> out;
  for (const VirtualServer& vs : st.servers) out.push_back(Text(vs));
  for (const ipvs::IpAddress& a : st.bind_addrs) out.push_back("bind " + a.ToString());
  return out;
}

// Op::Describe plus the weight of destination writes.
inline std::string Text(const ipvs::Op& op) {
  std::string s = op.Describe();
  if (op.kind == ipvs::Op::Kind::kAddDest || op.kind == ipvs::Op::Kind::kUpdateDest) {
    s += " weight " + std::to_string(op.dest.weight);
  }
  return s;
}

// Slices in the engine's form, for calling BuildServiceState directly.
class StoredSlices {
 public:
  explicit StoredSlices(const std::vector<k8s::EndpointSlice>& slices) {
    for (const k8s::EndpointSlice& s : slices) stored_.push_back(StoreSlice(s, interner_));
    for (const StoredSlice& s : stored_) ptrs_.push_back(&s);
  }
  StoredSlices(const StoredSlices&) = delete;
  StoredSlices& operator=(const StoredSlices&) = delete;
  std::span<const StoredSlice* const> span() const { return ptrs_; }

 private:
  SliceInterner interner_;
  std::vector<StoredSlice> stored_;
  std::vector<const StoredSlice*> ptrs_;
};

inline std::vector<std::string> Text(const Plan& p) {
  std::vector<std::string> out;
  for (const ipvs::Op& op : p.ops) out.push_back(Text(op));
  for (const ipvs::IpAddress& a : p.bind) out.push_back("bind " + a.ToString());
  for (const ipvs::IpAddress& a : p.unbind) out.push_back("unbind " + a.ToString());
  return out;
}

}  // namespace ki::proxy::testing
