// Desired state per Service shape (reference.md section 5), as a table: the
// Service and its slices in, the virtual servers, real servers, flags and
// kube-ipvs0 addresses out.
// Suite names start with "proxy" so `ctest -R 'proxy'` selects them.
#include "pkg/proxy/service_state.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "tests/unit/proxy/builders.h"

namespace ki::proxy {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace): test builders
using k8s::Protocol;

struct ShapeCase {
  std::string name;
  std::function<k8s::Service()> svc;
  std::vector<k8s::EndpointSlice> slices;
  std::vector<std::string> want;
  std::function<void(ProxyOptions&)> tweak = nullptr;
  std::string zone;
};

ProxyOptions BaseOptions() {
  ProxyOptions o;
  o.hostname = "node-a";
  o.node_ips = {Ip("192.168.1.10"), Ip("fd00:1::10")};
  return o;
}

k8s::Service Web() { return Svc("web", {"10.96.0.10"}, {Port("http", 80)}); }

k8s::EndpointSlice WebSlice(std::vector<EpSpec> eps) {
  return Slice("web-1", "web", std::move(eps), {SlicePort("http", 8080)});
}

const std::vector<EpSpec> kTwoNodes = {{"10.244.1.2", "node-a"}, {"10.244.2.3", "node-b"}};

k8s::Service WithType(k8s::Service s, k8s::ServiceType t) {
  s.type = t;
  return s;
}

k8s::Service NodePortWeb() {
  k8s::Service s = WithType(Web(), k8s::ServiceType::kNodePort);
  s.ports[0].node_port = 30080;
  return s;
}

k8s::Service LbWeb() {
  k8s::Service s = NodePortWeb();
  s.type = k8s::ServiceType::kLoadBalancer;
  s.external_ips = {"192.0.2.1", "2001:db8::1"};
  s.lb_ingress = {
      {"198.51.100.7", "", ""}, {"", "lb.example.com", ""}, {"198.51.100.8", "", "Proxy"}};
  return s;
}

k8s::Service EtpLocal() {
  k8s::Service s = NodePortWeb();
  s.external_traffic_policy = k8s::TrafficPolicy::kLocal;
  s.external_ips = {"192.0.2.1"};
  return s;
}

k8s::Service ItpLocal() {
  k8s::Service s = Web();
  s.internal_traffic_policy = k8s::TrafficPolicy::kLocal;
  return s;
}

k8s::Service DualStack() {
  k8s::Service s = Svc("web", {"10.96.0.10", "fd00::10"}, {Port("http", 80)});
  s.type = k8s::ServiceType::kNodePort;
  s.ports[0].node_port = 30080;
  return s;
}

k8s::Service Affinity(std::vector<std::string> ips) {
  k8s::Service s = Svc("web", std::move(ips), {Port("http", 80)});
  s.session_affinity = k8s::SessionAffinity::kClientIP;
  return s;
}

std::vector<ShapeCase> Cases() {
  return {
      {"ClusterIP",
       Web,
       {WebSlice(kTwoNodes)},
       {"TCP 10.96.0.10:80 rr -> 10.244.1.2:8080 10.244.2.3:8080", "bind 10.96.0.10"}},
      {"NoEndpointsStillBindsAndServes", Web, {}, {"TCP 10.96.0.10:80 rr ->", "bind 10.96.0.10"}},
      {"PortsMatchByNameAndProtocol",
       [] {
         return Svc("dns", {"10.96.0.53"},
                    {Port("dns", 53, Protocol::kUdp), Port("dns-tcp", 53, Protocol::kTcp),
                     Port("sig", 9000, Protocol::kSctp)});
       },
       {Slice("dns-1", "dns", {{"10.244.1.9"}},
              {SlicePort("dns", 5353, Protocol::kUdp), SlicePort("dns-tcp", 5354),
               SlicePort("sig", 9000, Protocol::kUdp)})},
       {"UDP 10.96.0.53:53 rr -> 10.244.1.9:5353", "TCP 10.96.0.53:53 rr -> 10.244.1.9:5354",
        "SCTP 10.96.0.53:9000 rr ->", "bind 10.96.0.53"}},
      {"NodePortOnEachNodeIpOfTheFamily",
       NodePortWeb,
       {WebSlice(kTwoNodes)},
       {"TCP 10.96.0.10:80 rr -> 10.244.1.2:8080 10.244.2.3:8080",
        "TCP 192.168.1.10:30080 rr -> 10.244.1.2:8080 10.244.2.3:8080",
        "TCP 192.168.2.10:30080 rr -> 10.244.1.2:8080 10.244.2.3:8080", "bind 10.96.0.10"},
       [](ProxyOptions& o) { o.node_ips.push_back(Ip("192.168.2.10")); }},
      {"LoadBalancerExternalIpsAndIngress",
       LbWeb,
       {WebSlice({{"10.244.1.2"}})},
       {"TCP 10.96.0.10:80 rr -> 10.244.1.2:8080", "TCP 192.0.2.1:80 rr -> 10.244.1.2:8080",
        "TCP 198.51.100.7:80 rr -> 10.244.1.2:8080", "TCP 192.168.1.10:30080 rr -> 10.244.1.2:8080",
        "bind 10.96.0.10", "bind 192.0.2.1", "bind 198.51.100.7"}},
      {"ExternalIpOnAnotherInterfaceIsNotBound",
       [] {
         k8s::Service s = Web();
         s.external_ips = {"192.0.2.1"};
         return s;
       },
       {WebSlice({{"10.244.1.2"}})},
       {"TCP 10.96.0.10:80 rr -> 10.244.1.2:8080", "TCP 192.0.2.1:80 rr -> 10.244.1.2:8080",
        "bind 10.96.0.10"},
       [](ProxyOptions& o) { o.other_interface_addrs.insert(Ip("192.0.2.1")); }},
      {"ClientIpAffinityV4",
       [] { return Affinity({"10.96.0.10"}); },
       {},
       {"TCP 10.96.0.10:80 rr persistent 10800 mask 4294967295 ->", "bind 10.96.0.10"}},
      {"ClientIpAffinityV6WithTimeout",
       [] {
         k8s::Service s = Affinity({"fd00::10"});
         s.affinity_timeout_seconds = 600;
         return s;
       },
       {},
       {"TCP [fd00::10]:80 rr persistent 600 mask 128 ->", "bind fd00::10"}},
      {"MaglevHashesThePort",
       Web,
       {},
       {"TCP 10.96.0.10:80 mh mh-port ->", "bind 10.96.0.10"},
       [](ProxyOptions& o) { o.scheduler = "mh"; }},
      {"SchedulerFromConfig",
       Web,
       {},
       {"TCP 10.96.0.10:80 wlc ->", "bind 10.96.0.10"},
       [](ProxyOptions& o) { o.scheduler = "wlc"; }},
      {"ExternalLocalKeepsLocalForExternalOnly",
       EtpLocal,
       {WebSlice(kTwoNodes)},
       {"TCP 10.96.0.10:80 rr -> 10.244.1.2:8080 10.244.2.3:8080",
        "TCP 192.0.2.1:80 rr -> 10.244.1.2:8080", "TCP 192.168.1.10:30080 rr -> 10.244.1.2:8080",
        "bind 10.96.0.10", "bind 192.0.2.1"}},
      {"ExternalLocalWithoutLocalEndpointDrops",
       EtpLocal,
       {WebSlice({{"10.244.2.3", "node-b"}})},
       {"TCP 10.96.0.10:80 rr -> 10.244.2.3:8080", "TCP 192.0.2.1:80 rr ->",
        "TCP 192.168.1.10:30080 rr ->", "bind 10.96.0.10", "bind 192.0.2.1"}},
      {"ExternalPolicyIgnoredForClusterIpOnly",
       [] {
         k8s::Service s = Web();
         s.external_traffic_policy = k8s::TrafficPolicy::kLocal;
         return s;
       },
       {WebSlice({{"10.244.2.3", "node-b"}})},
       {"TCP 10.96.0.10:80 rr -> 10.244.2.3:8080", "bind 10.96.0.10"}},
      {"InternalLocal",
       ItpLocal,
       {WebSlice(kTwoNodes)},
       {"TCP 10.96.0.10:80 rr -> 10.244.1.2:8080", "bind 10.96.0.10"}},
      {"InternalLocalWithoutLocalEndpointDrops",
       ItpLocal,
       {WebSlice({{"10.244.2.3", "node-b"}})},
       {"TCP 10.96.0.10:80 rr ->", "bind 10.96.0.10"}},
      {"LocalFallsBackToLocalServingTerminating",
       ItpLocal,
       {WebSlice({{"10.244.1.2", "node-a", false, true, true}, {"10.244.2.3", "node-b"}})},
       {"TCP 10.96.0.10:80 rr -> 10.244.1.2:8080", "bind 10.96.0.10"}},
      {"ReadyPreferredOverTerminating",
       Web,
       {WebSlice({{"10.244.1.2", "", false, true, true}, {"10.244.2.3"}})},
       {"TCP 10.96.0.10:80 rr -> 10.244.2.3:8080", "bind 10.96.0.10"}},
      {"ServingTerminatingWhenNoneReady",
       Web,
       {WebSlice({{"10.244.1.2", "", false, true, true},
                  {"10.244.1.3", "", false, false, true},
                  {"10.244.1.4", "", false, false, false}})},
       {"TCP 10.96.0.10:80 rr -> 10.244.1.2:8080", "bind 10.96.0.10"}},
      {"ZoneHintsForThisZone",
       Web,
       {WebSlice({{"10.244.1.2", "", {}, {}, {}, {"zone-1"}},
                  {"10.244.2.3", "", {}, {}, {}, {"zone-2"}}})},
       {"TCP 10.96.0.10:80 rr -> 10.244.1.2:8080", "bind 10.96.0.10"},
       nullptr,
       "zone-1"},
      {"ZoneHintsIgnoredWhenIncomplete",
       Web,
       {WebSlice({{"10.244.1.2", "", {}, {}, {}, {"zone-1"}}, {"10.244.2.3"}})},
       {"TCP 10.96.0.10:80 rr -> 10.244.1.2:8080 10.244.2.3:8080", "bind 10.96.0.10"},
       nullptr,
       "zone-1"},
      {"ZoneHintsIgnoredWhenNoneForThisZone",
       Web,
       {WebSlice({{"10.244.1.2", "", {}, {}, {}, {"zone-2"}}})},
       {"TCP 10.96.0.10:80 rr -> 10.244.1.2:8080", "bind 10.96.0.10"},
       nullptr,
       "zone-1"},
      {"DualStack",
       DualStack,
       {WebSlice({{"10.244.1.2"}}), Slice("web-6", "web", {{"fd00:244::2"}},
                                          {SlicePort("http", 8080)}, k8s::AddressType::kIPv6)},
       {"TCP 10.96.0.10:80 rr -> 10.244.1.2:8080", "TCP 192.168.1.10:30080 rr -> 10.244.1.2:8080",
        "TCP [fd00::10]:80 rr -> [fd00:244::2]:8080",
        "TCP [fd00:1::10]:30080 rr -> [fd00:244::2]:8080", "bind 10.96.0.10", "bind fd00::10"}},
      {"SingleStackIgnoresOtherFamilyExternalIp",
       [] {
         k8s::Service s = Web();
         s.external_ips = {"2001:db8::1"};
         return s;
       },
       {},
       {"TCP 10.96.0.10:80 rr ->", "bind 10.96.0.10"}},
      {"EndpointInTwoSlicesCountsOnce",
       Web,
       {WebSlice({{"10.244.1.2", "", false, false}}),
        Slice("web-2", "web", {{"10.244.1.2"}}, {SlicePort("http", 8080)})},
       {"TCP 10.96.0.10:80 rr -> 10.244.1.2:8080", "bind 10.96.0.10"}},
      {"SlicePortOfAnotherNameIsNotUsed",
       Web,
       {Slice("web-1", "web", {{"10.244.1.2"}}, {SlicePort("metrics", 9090)})},
       {"TCP 10.96.0.10:80 rr ->", "bind 10.96.0.10"}},
      {"Headless",
       [] {
         k8s::Service s = Web();
         s.cluster_ip = "None";
         s.cluster_ips = {"None"};
         return s;
       },
       {WebSlice(kTwoNodes)},
       {}},
      {"ExternalName",
       [] {
         k8s::Service s = Svc("web", {}, {});
         s.type = k8s::ServiceType::kExternalName;
         s.external_name = "db.example.com";
         return s;
       },
       {},
       {}},
      {"OtherProxysService",
       [] {
         k8s::Service s = Web();
         s.meta.labels[k8s::kServiceProxyNameLabel] = "cilium";
         return s;
       },
       {WebSlice(kTwoNodes)},
       {}},
  };
}

class proxyServiceShapes : public ::testing::TestWithParam<ShapeCase> {};

TEST_P(proxyServiceShapes, DesiredState) {
  const ShapeCase& c = GetParam();
  ProxyOptions opts = BaseOptions();
  if (c.tweak) c.tweak(opts);
  std::vector<const k8s::EndpointSlice*> slices;
  for (const k8s::EndpointSlice& s : c.slices) slices.push_back(&s);
  const ServiceState st = BuildServiceState(c.svc(), slices, NodeView{c.zone}, opts);
  EXPECT_EQ(Text(st), c.want);
}

INSTANTIATE_TEST_SUITE_P(Table, proxyServiceShapes, ::testing::ValuesIn(Cases()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ki::proxy
