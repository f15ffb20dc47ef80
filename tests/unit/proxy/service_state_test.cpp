// Desired state per Service shape (reference.md section 5), as a table: the
// Service and its slices in, the virtual servers, real servers, flags and
// kube-ipvs0 addresses out.
// Suite names start with "proxy" so `ctest -R 'proxy'` selects them.
#include "pkg/proxy/service_state.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pkg/proxy/desired_state.h"
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
  const StoredSlices slices(c.slices);
  const ServiceState st = BuildServiceState(c.svc(), slices.span(), NodeView{c.zone}, opts);
  EXPECT_EQ(Text(st), c.want);
}

INSTANTIATE_TEST_SUITE_P(Table, proxyServiceShapes, ::testing::ValuesIn(Cases()),
                         [](const auto& info) { return info.param.name; });

ServiceState Build(const k8s::Service& svc, const std::vector<k8s::EndpointSlice>& slices,
                   const ProxyOptions& opts = BaseOptions()) {
  const StoredSlices stored(slices);
  return BuildServiceState(svc, stored.span(), NodeView{}, opts);
}

k8s::Service LocalLb() {
  k8s::Service s = LbWeb();
  s.external_traffic_policy = k8s::TrafficPolicy::kLocal;
  s.health_check_node_port = 32000;
  return s;
}

TEST(proxyHealthCheck, CountsReadyLocalEndpointsOncePerAddress) {
  k8s::Service svc = LocalLb();
  svc.ports.push_back(Port("https", 443));
  // 10.244.1.2 serves both ports (one endpoint, as upstream counts it);
  // 10.244.1.4 is local but not ready, 10.244.2.3 is on another node.
  k8s::EndpointSlice slice = Slice("web-1", "web",
                                   {{"10.244.1.2", "node-a"},
                                    {"10.244.1.3", "node-a"},
                                    {"10.244.1.4", "node-a", false, true, true},
                                    {"10.244.2.3", "node-b"}},
                                   {SlicePort("http", 8080), SlicePort("https", 8443)});
  const ServiceState st = Build(svc, {slice});
  ASSERT_TRUE(st.health_check.has_value());
  EXPECT_EQ(*st.health_check, (HealthCheck{32000, 2}));
  EXPECT_EQ(Build(svc, {}).health_check, std::optional<HealthCheck>(HealthCheck{32000, 0}));
}

// A routed service CIDR: its ClusterIPs are not bound (the route makes
// them local) but stay in KUBE-IPVS-IPS; everything else is as without it.
TEST(proxyRoutedCidr, ClusterIpsInsideAreNotBoundButStillListed) {
  ProxyOptions routed = BaseOptions();
  routed.routed_cidrs = {*Cidr::Parse("10.96.0.0/12")};
  k8s::Service svc = DualStack();
  svc.external_ips = {"10.96.0.99"};  // an externalIP inside the CIDR is still bound
  const ServiceState plain = Build(svc, {});
  const ServiceState st = Build(svc, {}, routed);
  EXPECT_EQ(st.bind_addrs, (std::vector<ipvs::IpAddress>{Ip("10.96.0.99"), Ip("fd00::10")}));
  EXPECT_EQ(st.set_entries, plain.set_entries);
  EXPECT_NE(std::ranges::find(st.set_entries, SetEntry{ProxySet::kIpvsIps, false, "10.96.0.10"}),
            st.set_entries.end());
  EXPECT_EQ(st.servers, plain.servers);
}

TEST(proxyHealthCheck, OnlyLoadBalancersWithLocalPolicy) {
  k8s::Service cluster = LocalLb();
  cluster.external_traffic_policy = k8s::TrafficPolicy::kCluster;
  EXPECT_FALSE(Build(cluster, {}).health_check.has_value());
  k8s::Service node_port = LocalLb();
  node_port.type = k8s::ServiceType::kNodePort;
  EXPECT_FALSE(Build(node_port, {}).health_check.has_value());
  k8s::Service unallocated = LocalLb();
  unallocated.health_check_node_port = 0;
  EXPECT_FALSE(Build(unallocated, {}).health_check.has_value());
}

TEST(proxyHealthCheck, DesiredStateListsThemAndSaysWhenTheyChange) {
  DesiredState desired;
  ChangeSet changed;
  k8s::Service svc = LocalLb();
  desired.Set(svc.meta.id, Build(svc, {}), changed);
  EXPECT_TRUE(changed.health_checks);
  EXPECT_EQ(desired.health_checks(),
            (std::map<k8s::ObjectName, HealthCheck>{{svc.meta.id, HealthCheck{32000, 0}}}));

  ChangeSet plain;  // a Service without one leaves the flag alone
  desired.Set({"ns", "other"}, Build(Web(), {}), plain);
  EXPECT_FALSE(plain.health_checks);

  ChangeSet ready;
  desired.Set(svc.meta.id, Build(svc, {WebSlice(kTwoNodes)}), ready);
  EXPECT_TRUE(ready.health_checks);
  EXPECT_EQ(desired.health_checks().at(svc.meta.id).local_endpoints, 1);

  ChangeSet gone;
  desired.Set(svc.meta.id, ServiceState{}, gone);
  EXPECT_TRUE(gone.health_checks);
  EXPECT_TRUE(desired.health_checks().empty());
}

TEST(proxyNodeBlocked, SourceRangesWithoutTheNodeBlockItsOwnAccess) {
  k8s::Service svc = LbWeb();
  svc.lb_source_ranges = {"203.0.113.0/24"};
  const ServiceState blocked = Build(svc, {});
  // One VIP: the hostname-only and Proxy-mode ingresses are not bound here.
  EXPECT_EQ(blocked.node_blocked,
            (std::vector<NodeBlockedVip>{{Ip("198.51.100.7"), Protocol::kTcp, 80}}));
  svc.lb_source_ranges.push_back("192.168.1.0/24");  // holds the node's address
  EXPECT_TRUE(Build(svc, {}).node_blocked.empty());
  svc.lb_source_ranges.clear();  // no ranges: everyone may connect
  EXPECT_TRUE(Build(svc, {}).node_blocked.empty());
}

}  // namespace
}  // namespace ki::proxy
