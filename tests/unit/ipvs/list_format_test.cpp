#include "pkg/ipvs/list_format.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

namespace ki::ipvs {
namespace {

IpAddress Ip(const char* s) { return *IpAddress::Parse(s); }

std::string Fixture(const std::string& name) {
  std::ifstream in("tests/unit/ipvs/testdata/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class FakeNames final : public NameResolver {
 public:
  std::optional<std::string> HostName(const IpAddress& a) override {
    if (a.ToString() == "10.1.0.1") return "web.example";
    return std::nullopt;
  }
  std::optional<std::string> PortName(uint16_t port, uint16_t proto) override {
    static const std::map<std::pair<uint16_t, uint16_t>, std::string> kNames = {
        {{80, kProtoTcp}, "http"}, {{443, kProtoTcp}, "https"}, {{53, kProtoUdp}, "domain"}};
    auto it = kNames.find({port, proto});
    if (it == kNames.end()) return std::nullopt;
    return it->second;
  }
};

Destination D(const char* addr, uint16_t port, FwdMethod fwd, uint32_t weight) {
  Destination d;
  d.addr = Ip(addr);
  d.port = port;
  d.fwd = fwd;
  d.weight = weight;
  return d;
}

Service S(ServiceKey k, const char* sched, uint32_t flags = kFlagHashed) {
  Service s;
  s.key = k;
  s.scheduler = sched;
  s.flags = flags;
  s.netmask = Service::DefaultNetmask(k.af);
  return s;
}

// The table of testdata/*.txt, in a scrambled (kernel hash) order.
std::vector<TableEntry> Table() {
  TableEntry fwm{S(ServiceKey::Fwmark(5), "rr"), {D("10.4.0.1", 0, FwdMethod::kRoute, 1)}};

  TableEntry v6{
      S(ServiceKey::Tcp(Ip("2001:db8::1"), 443), "mh", kFlagHashed | kFlagSched2 | kFlagPersistent),
      {D("2001:db8::10", 8443, FwdMethod::kMasq, 2)}};
  v6.service.timeout = 10800;
  v6.service.netmask = 64;

  TableEntry udp{S(ServiceKey::Udp(Ip("10.0.0.1"), 53), "sh", kFlagSched1 | kFlagSched2),
                 {D("10.3.0.1", 53, FwdMethod::kTunnel, 1)}};
  udp.dests[0].tun_type = TunType::kGue;
  udp.dests[0].tun_port = 6080;
  udp.dests[0].tun_flags = kTunFlagCsum;

  TableEntry web{
      S(ServiceKey::Tcp(Ip("10.0.0.1"), 80), "rr"),
      {D("10.1.0.2", 8080, FwdMethod::kMasq, 1), D("10.1.0.1", 8080, FwdMethod::kMasq, 1)}};
  web.service.stats = {123456789, 99999999, 5000000000, 123456789012345, 0,
                       5,         100,      90,         2000000000,      1000};
  web.dests[0].active_conns = 3;
  web.dests[0].inactive_conns = 1;
  web.dests[1].stats = {123456789, 0, 0, 0, 0, 4, 7, 8, 1234567890, 99};

  TableEntry tls{
      S(ServiceKey::Tcp(Ip("192.168.1.1"), 443), "wrr", kFlagPersistent),
      {D("10.2.0.2", 443, FwdMethod::kLocal, 0), D("10.2.0.1", 443, FwdMethod::kRoute, 3)}};
  tls.service.timeout = 300;
  std::memcpy(&tls.service.netmask, Ip("255.255.255.0").bytes.data(), 4);  // as the kernel keeps it
  tls.service.stats = {1, 2, 3, 4, 5, 0, 0, 0, 0, 0};
  tls.dests[0].u_threshold = 100;
  tls.dests[0].l_threshold = 50;
  tls.dests[0].persist_conns = 2;
  tls.dests[1].stats = ipvs::Stats{.conns = 1};
  return {fwm, v6, web, udp, tls};
}

const Info kInfo{0x010201, 4096};

std::string List(ListFormat f) {
  FakeNames names;
  return FormatList(kInfo, Table(), f, names);
}

TEST(ListFormat, NumericMatchesIpvsadm) {
  EXPECT_EQ(List({.numeric = true}), Fixture("list_n.txt"));
}

TEST(ListFormat, NamesResolvedLikeIpvsadm) { EXPECT_EQ(List({}), Fixture("list_names.txt")); }

TEST(ListFormat, Stats) {
  EXPECT_EQ(List({.numeric = true, .stats = true}), Fixture("list_stats.txt"));
}

TEST(ListFormat, StatsExact) {
  EXPECT_EQ(List({.numeric = true, .stats = true, .exact = true}), Fixture("list_stats_exact.txt"));
}

TEST(ListFormat, Rate) {
  EXPECT_EQ(List({.numeric = true, .rate = true}), Fixture("list_rate.txt"));
}

TEST(ListFormat, ThresholdsPersistentConnAndTunInfo) {
  EXPECT_EQ(List({.numeric = true, .thresholds = true}), Fixture("list_thresholds.txt"));
  EXPECT_EQ(List({.numeric = true, .persistent_conn = true}), Fixture("list_persistent_conn.txt"));
  EXPECT_EQ(List({.numeric = true, .tun_info = true}), Fixture("list_tun_info.txt"));
}

TEST(ListFormat, EmptyTable) {
  FakeNames names;
  EXPECT_EQ(FormatList({0x010201, 4096}, {}, {.numeric = true}, names),
            "IP Virtual Server version 1.2.1 (size=4096)\n"
            "Prot LocalAddress:Port Scheduler Flags\n"
            "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n");
}

TEST(ListFormat, SchedulerFlagsAsIpvsadmNamesThem) {
  // Seen from ipvsadm 1.31 in the VM: sh and mh print only their named flags.
  FakeNames names;
  std::vector<TableEntry> t = {
      {S(ServiceKey::Fwmark(1), "sh", kFlagSched3), {}},
      {S(ServiceKey::Fwmark(2), "mh", kFlagSched1 | kFlagSched3), {}},
      {S(ServiceKey::Fwmark(3), "rr", kFlagSched1 | kFlagSched2 | kFlagSched3), {}},
  };
  std::string out = FormatList(kInfo, t, {.numeric = true}, names);
  EXPECT_NE(out.find("FWM  1 sh ()\n"), std::string::npos) << out;
  EXPECT_NE(out.find("FWM  2 mh (mh-fallback)\n"), std::string::npos) << out;
  EXPECT_NE(out.find("FWM  3 rr (flag-1,flag-2,flag-3)\n"), std::string::npos) << out;
}

TEST(ListFormat, SortWrapsLikeIpvsadm) {
  // ipvsadm's comparator subtracts u32 addresses into an int: 10/8 sorts after 192.168/16.
  std::vector<TableEntry> t = {
      {S(ServiceKey::Tcp(Ip("10.0.0.1"), 80), "rr"), {}},
      {S(ServiceKey::Tcp(Ip("192.168.0.1"), 80), "rr"), {}},
      {S(ServiceKey::Tcp(Ip("10.0.0.1"), 22), "rr"), {}},
  };
  SortLikeIpvsadm(t);
  EXPECT_EQ(t[0].service.key.addr.ToString(), "192.168.0.1");
  EXPECT_EQ(t[1].service.key.port, 22);
  EXPECT_EQ(t[2].service.key.port, 80);
}

TEST(ListFormat, Connections) {
  FakeNames names;
  EXPECT_EQ(FormatConnections(Fixture("ip_vs_conn.txt"), {.numeric = true}, names),
            Fixture("conn_n.txt"));
}

TEST(ListFormat, JsonHasEveryServiceAndNoHashedFlag) {
  std::string j = FormatJson(kInfo, Table());
  EXPECT_NE(j.find("\"version\": \"1.2.1\""), std::string::npos);
  EXPECT_NE(j.find("\"fwmark\": 5"), std::string::npos);
  EXPECT_NE(j.find("\"address\": \"2001:db8::1\""), std::string::npos);
  EXPECT_NE(j.find("\"flags\": 24"), std::string::npos);  // sched1|sched2, HASHED dropped
  EXPECT_EQ(j.find("\"flags\": 2,"), std::string::npos);
}

}  // namespace
}  // namespace ki::ipvs
