// The ipset side of a Service: which entries of which sets each kind of
// Service needs (upstream's rules, reference section 5), their ipset text,
// shared entries counted across Services, and the add/delete plans.
#include "pkg/proxy/set_entries.h"

#include <gtest/gtest.h>

#include "pkg/proxy/desired_state.h"
#include "pkg/proxy/service_state.h"
#include "pkg/proxy/set_plan.h"
#include "tests/unit/proxy/builders.h"

namespace ki::proxy {
namespace {

using testing::Ip;
using testing::Port;
using testing::Slice;
using testing::SlicePort;
using testing::StoredSlices;
using testing::Svc;

// "KUBE-CLUSTER-IP 10.96.0.10,tcp:80" per entry, sorted.
std::vector<std::string> Entries(const k8s::Service& svc,
                                 const std::vector<k8s::EndpointSlice>& slices = {},
                                 ProxyOptions opts = {}) {
  const StoredSlices stored(slices);
  if (opts.hostname.empty()) opts.hostname = "node-a";
  ServiceState st = BuildServiceState(svc, stored.span(), NodeView{}, opts);
  std::vector<std::string> out;
  for (const SetEntry& e : st.set_entries) out.push_back(SetName(e.set, e.ipv6) + " " + e.text);
  return out;
}

TEST(SetEntriesTest, ClusterIpServiceWithALocalEndpoint) {
  const auto svc = Svc("web", {"10.96.0.10"}, {Port("http", 80)});
  const auto slice = Slice("web-1", "web", {{"10.244.1.2", "node-a"}, {"10.244.2.2", "node-b"}},
                           {SlicePort("http", 8080)});
  EXPECT_EQ(Entries(svc, {slice}), (std::vector<std::string>{
                                       "KUBE-LOOP-BACK 10.244.1.2,tcp:8080,10.244.1.2",
                                       "KUBE-CLUSTER-IP 10.96.0.10,tcp:80",
                                       "KUBE-IPVS-IPS 10.96.0.10",
                                   }));
}

TEST(SetEntriesTest, NodePortsByProtocolAndPolicy) {
  auto svc =
      Svc("dns", {"10.96.0.53"},
          {Port("dns", 53, k8s::Protocol::kUdp, 30053), Port("tcp", 53, k8s::Protocol::kTcp, 30053),
           Port("sig", 9000, k8s::Protocol::kSctp, 30900)});
  svc.type = k8s::ServiceType::kNodePort;
  svc.external_traffic_policy = k8s::TrafficPolicy::kLocal;
  svc.health_check_node_port = 32000;
  ProxyOptions opts;
  opts.node_ips = {Ip("192.168.1.10")};
  const auto e = Entries(svc, {}, opts);
  for (const char* want :
       {"KUBE-NODE-PORT-UDP 30053", "KUBE-NODE-PORT-LOCAL-UDP 30053", "KUBE-NODE-PORT-TCP 30053",
        "KUBE-NODE-PORT-LOCAL-TCP 30053", "KUBE-NODE-PORT-SCTP-HASH 192.168.1.10,sctp:30900",
        "KUBE-NODE-PORT-LOCAL-SCTP-HASH 192.168.1.10,sctp:30900",
        "KUBE-CLUSTER-IP 10.96.0.53,udp:53"}) {
    EXPECT_NE(std::find(e.begin(), e.end(), want), e.end()) << want;
  }
  // Only LoadBalancers get health checks, whatever the field says.
  EXPECT_EQ(std::find(e.begin(), e.end(), "KUBE-HEALTH-CHECK-NODE-PORT 32000"), e.end());
  opts.node_ips.clear();  // no NodePort address: no NodePort entries
  for (const std::string& entry : Entries(svc, {}, opts)) {
    EXPECT_EQ(entry.find("NODE-PORT-"), std::string::npos) << entry;
  }
}

TEST(SetEntriesTest, LoadBalancerWithSourceRanges) {
  auto svc = Svc("lb", {"10.96.0.20"}, {Port("http", 80)});
  svc.type = k8s::ServiceType::kLoadBalancer;
  svc.lb_ingress = {{"203.0.113.7", "", ""}};
  svc.lb_source_ranges = {"198.51.100.0/24", "192.168.1.0/24", "10.1.2.3/32"};
  svc.external_ips = {"192.0.2.1"};
  ProxyOptions opts;
  opts.node_ips = {Ip("192.168.1.10")};
  const auto e = Entries(svc, {}, opts);
  for (const char* want :
       {"KUBE-LOAD-BALANCER 203.0.113.7,tcp:80", "KUBE-LOAD-BALANCER-FW 203.0.113.7,tcp:80",
        "KUBE-LOAD-BALANCER-SOURCE-CIDR 203.0.113.7,tcp:80,198.51.100.0/24",
        "KUBE-LOAD-BALANCER-SOURCE-CIDR 203.0.113.7,tcp:80,10.1.2.3",
        // a range holds the node's address: the node may reach its own LB IP
        "KUBE-LOAD-BALANCER-SOURCE-IP 203.0.113.7,tcp:80,203.0.113.7",
        "KUBE-EXTERNAL-IP 192.0.2.1,tcp:80", "KUBE-IPVS-IPS 203.0.113.7",
        "KUBE-IPVS-IPS 192.0.2.1"}) {
    EXPECT_NE(std::find(e.begin(), e.end(), want), e.end()) << want;
  }
  EXPECT_EQ(
      std::count_if(e.begin(), e.end(),
                    [](const std::string& s) { return s.find("-LOCAL ") != std::string::npos; }),
      0);
}

TEST(SetEntriesTest, HealthCheckNodePortOfALocalLoadBalancerInEachFamily) {
  auto svc = Svc("lb", {"10.96.0.20", "fd00::20"}, {Port("http", 80)});
  svc.type = k8s::ServiceType::kLoadBalancer;
  svc.external_traffic_policy = k8s::TrafficPolicy::kLocal;
  svc.health_check_node_port = 32000;
  const auto e = Entries(svc);
  EXPECT_NE(std::find(e.begin(), e.end(), "KUBE-HEALTH-CHECK-NODE-PORT 32000"), e.end());
  EXPECT_NE(std::find(e.begin(), e.end(), "KUBE-6-HEALTH-CHECK-NODE-PORT 32000"), e.end());
  svc.external_traffic_policy = k8s::TrafficPolicy::kCluster;
  for (const std::string& entry : Entries(svc)) {
    EXPECT_EQ(entry.find("HEALTH-CHECK"), std::string::npos) << entry;
  }
}

TEST(SetEntriesTest, DualStackUsesTheKube6Sets) {
  auto svc = Svc("web", {"10.96.0.10", "fd00::10"}, {Port("http", 80)});
  const auto e = Entries(svc);
  EXPECT_NE(std::find(e.begin(), e.end(), "KUBE-6-CLUSTER-IP fd00::10,tcp:80"), e.end());
  EXPECT_NE(std::find(e.begin(), e.end(), "KUBE-6-IPVS-IPS fd00::10"), e.end());
  EXPECT_NE(std::find(e.begin(), e.end(), "KUBE-CLUSTER-IP 10.96.0.10,tcp:80"), e.end());
}

TEST(SetEntriesTest, SharedEntriesAreCountedAndPlansAreExact) {
  ProxyOptions opts;
  opts.hostname = "node-a";
  opts.node_ips = {Ip("192.168.1.10")};
  auto a = Svc("a", {"10.96.0.1"}, {Port("http", 80, k8s::Protocol::kTcp, 30080)});
  a.type = k8s::ServiceType::kNodePort;
  auto b = a;  // another Service that (wrongly, but possibly while edits race) shares the port
  b.meta.id.name = "b";
  b.cluster_ip = "10.96.0.2";
  b.cluster_ips = {"10.96.0.2"};
  DesiredState desired;
  ChangeSet changed;
  desired.Set(a.meta.id, BuildServiceState(a, {}, {}, opts), changed);
  desired.Set(b.meta.id, BuildServiceState(b, {}, {}, opts), changed);
  SetTable table;
  SetPlan first = PlanSetsFull(desired, table);
  EXPECT_EQ(first.by_set.at("KUBE-NODE-PORT-TCP").add, std::vector<std::string>{"30080"});
  EXPECT_EQ(first.by_set.at("KUBE-CLUSTER-IP").add,
            (std::vector<std::string>{"10.96.0.1,tcp:80", "10.96.0.2,tcp:80"}));
  table.Apply(first);
  EXPECT_TRUE(PlanSetsFull(desired, table).empty());  // nothing left to do

  ChangeSet removed;
  desired.Set(a.meta.id, ServiceState{}, removed);  // a goes; b still needs 30080
  SetPlan plan = PlanSetChanges(desired, table, removed.set_entries);
  EXPECT_EQ(plan.by_set.count("KUBE-NODE-PORT-TCP"), 0u);
  EXPECT_EQ(plan.by_set.at("KUBE-CLUSTER-IP").del, std::vector<std::string>{"10.96.0.1,tcp:80"});
  EXPECT_EQ(plan.by_set.at("KUBE-IPVS-IPS").del, std::vector<std::string>{"10.96.0.1"});
  EXPECT_EQ(plan.size(), 2u);
  table.Apply(plan);
  EXPECT_TRUE(PlanSetsFull(desired, table).empty());
}

TEST(SetEntriesTest, FullPlanRemovesStrangersFromOurSetsOnly) {
  DesiredState desired;
  SetTable table;
  table.Reset("KUBE-CLUSTER-IP", {"10.96.9.9,tcp:80"});  // left by a deleted Service
  table.Reset("SOMEONE-ELSES", {"1.2.3.4"});
  SetPlan plan = PlanSetsFull(desired, table);
  EXPECT_EQ(plan.by_set.at("KUBE-CLUSTER-IP").del, std::vector<std::string>{"10.96.9.9,tcp:80"});
  EXPECT_EQ(plan.by_set.count("SOMEONE-ELSES"), 0u);
}

}  // namespace
}  // namespace ki::proxy
