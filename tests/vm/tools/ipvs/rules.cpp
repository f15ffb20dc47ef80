#include "rules.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <sstream>

namespace ki::ipvs::tool {
namespace {

Status Bad(const std::string& what) { return Status::InvalidConfig("rule: " + what); }

// "10.0.0.1:80", "[fd00::1]:80", "10.0.0.1" (port 0).
Status ParseAddrPort(const std::string& s, IpAddress& addr, uint16_t& port) {
  std::string host = s, p;
  if (!s.empty() && s[0] == '[') {
    size_t close = s.find(']');
    if (close == std::string::npos) return Bad("bad address " + s);
    host = s.substr(1, close - 1);
    if (close + 1 < s.size() && s[close + 1] == ':') p = s.substr(close + 2);
  } else if (size_t colon = s.rfind(':'); colon != std::string::npos) {
    host = s.substr(0, colon);
    p = s.substr(colon + 1);
  }
  auto a = IpAddress::Parse(host);
  if (!a.ok()) return a.status();
  addr = *a;
  port = p.empty() ? 0 : static_cast<uint16_t>(std::stoul(p));
  return Status::Ok();
}

Status ParseSchedFlags(const std::string& list, uint32_t& flags) {
  std::stringstream in(list);
  std::string f;
  while (std::getline(in, f, ',')) {
    if (f == "sh-fallback" || f == "mh-fallback" || f == "flag-1") {
      flags |= kFlagSched1;
    } else if (f == "sh-port" || f == "mh-port" || f == "flag-2") {
      flags |= kFlagSched2;
    } else if (f == "flag-3") {
      flags |= kFlagSched3;
    } else {
      return Bad("unknown scheduler flag " + f);
    }
  }
  return Status::Ok();
}

struct Parser {
  const std::vector<std::string>& a;
  size_t i = 0;
  char cmd = 0;
  Service svc;
  Destination dest;
  bool v6_fwmark = false;
  bool netmask_set = false;
  bool dest_port_set = false;

  Result<std::string> Next(const std::string& opt) {
    if (i + 1 >= a.size()) return Bad(opt + " needs a value");
    return a[++i];
  }
  Status Option();
  Result<Rule> Finish();
};

Status Parser::Option() {
  const std::string& o = a[i];
  auto value = [&](std::string& out) -> Status {
    auto v = Next(o);
    if (!v.ok()) return v.status();
    out = *v;
    return Status::Ok();
  };
  std::string v;
  if (o == "-A" || o == "-E" || o == "-D" || o == "-a" || o == "-e" || o == "-d" || o == "-C") {
    cmd = o[1];
  } else if (o == "-t" || o == "-u" || o == "--sctp-service") {
    KI_RETURN_IF_ERROR(value(v));
    KI_RETURN_IF_ERROR(ParseAddrPort(v, svc.key.addr, svc.key.port));
    svc.key.af = svc.key.addr.family;
    svc.key.protocol = o == "-t" ? kProtoTcp : o == "-u" ? kProtoUdp : kProtoSctp;
  } else if (o == "-f") {
    KI_RETURN_IF_ERROR(value(v));
    svc.key.fwmark = static_cast<uint32_t>(std::stoul(v));
    svc.key.protocol = 0;
  } else if (o == "-6") {
    v6_fwmark = true;
  } else if (o == "-s") {
    KI_RETURN_IF_ERROR(value(svc.scheduler));
  } else if (o == "-p") {
    svc.flags |= kFlagPersistent;
    svc.timeout = 360;  // ipvsadm's default persistence timeout
    if (i + 1 < a.size() && !a[i + 1].empty() && std::isdigit(a[i + 1][0])) {
      svc.timeout = static_cast<uint32_t>(std::stoul(a[++i]));
    }
  } else if (o == "-M") {
    KI_RETURN_IF_ERROR(value(v));
    netmask_set = true;
    IpAddress m;
    if (inet_pton(AF_INET, v.c_str(), m.bytes.data()) == 1) {
      std::memcpy(&svc.netmask, m.bytes.data(), 4);
    } else {
      svc.netmask = static_cast<uint32_t>(std::stoul(v));
    }
  } else if (o == "-b") {
    KI_RETURN_IF_ERROR(value(v));
    KI_RETURN_IF_ERROR(ParseSchedFlags(v, svc.flags));
  } else if (o == "-o" || o == "--ops") {
    svc.flags |= kFlagOnePacket;
  } else if (o == "--pe") {
    KI_RETURN_IF_ERROR(value(svc.pe_name));
  } else if (o == "-r") {
    KI_RETURN_IF_ERROR(value(v));
    KI_RETURN_IF_ERROR(ParseAddrPort(v, dest.addr, dest.port));
    dest_port_set = dest.port != 0;
  } else if (o == "-m") {
    dest.fwd = FwdMethod::kMasq;
  } else if (o == "-g") {
    dest.fwd = FwdMethod::kRoute;
  } else if (o == "-i") {
    dest.fwd = FwdMethod::kTunnel;
  } else if (o == "--local") {
    // Not ipvsadm's: it has no switch for it (the kernel never infers it either).
    dest.fwd = FwdMethod::kLocal;
  } else if (o == "-w") {
    KI_RETURN_IF_ERROR(value(v));
    dest.weight = static_cast<uint32_t>(std::stoul(v));
  } else if (o == "-x") {
    KI_RETURN_IF_ERROR(value(v));
    dest.u_threshold = static_cast<uint32_t>(std::stoul(v));
  } else if (o == "-y") {
    KI_RETURN_IF_ERROR(value(v));
    dest.l_threshold = static_cast<uint32_t>(std::stoul(v));
  } else if (o == "--tun-type") {
    KI_RETURN_IF_ERROR(value(v));
    dest.tun_type = v == "gue" ? TunType::kGue : v == "gre" ? TunType::kGre : TunType::kIpip;
  } else if (o == "--tun-port") {
    KI_RETURN_IF_ERROR(value(v));
    dest.tun_port = static_cast<uint16_t>(std::stoul(v));
  } else if (o == "--tun-nocsum") {
    dest.tun_flags = 0;
  } else if (o == "--tun-csum") {
    dest.tun_flags = kTunFlagCsum;
  } else if (o == "--tun-remcsum") {
    dest.tun_flags = kTunFlagRemCsum;
  } else {
    return Bad("unknown option " + o);
  }
  return Status::Ok();
}

Result<Rule> Parser::Finish() {
  if (svc.key.fwmark != 0) {
    svc.key.af = v6_fwmark ? kAfInet6 : kAfInet;
    svc.key.addr = IpAddress{};
    svc.key.addr.family = svc.key.af;
  }
  if (!netmask_set) svc.netmask = Service::DefaultNetmask(svc.key.af);
  // As ipvsadm: direct routing and tunnels keep the service port.
  if (svc.key.fwmark == 0 && !dest_port_set) dest.port = svc.key.port;
  Rule r;
  switch (cmd) {
    case 'C':
      r.flush = true;
      return r;
    case 'A':
      r.op = Op::AddService(svc);
      return r;
    case 'E':
      r.op = Op::UpdateService(svc);
      return r;
    case 'D':
      r.op = Op::DeleteService(svc.key);
      return r;
    case 'a':
      r.op = Op::AddDest(svc.key, dest);
      return r;
    case 'e':
      r.op = Op::UpdateDest(svc.key, dest);
      return r;
    case 'd':
      r.op = Op::DeleteDest(svc.key, dest);
      return r;
    default:
      return Bad("no command (-A, -E, -D, -a, -e, -d or -C)");
  }
}

}  // namespace

Result<Rule> ParseRule(const std::vector<std::string>& args) {
  Parser p{args};
  p.dest.fwd = FwdMethod::kRoute;  // ipvsadm's default forwarding method
  for (p.i = 0; p.i < args.size(); ++p.i) KI_RETURN_IF_ERROR(p.Option());
  return p.Finish();
}

Result<std::vector<Rule>> ParseRules(std::string_view text) {
  std::vector<Rule> out;
  std::vector<std::string> args;
  int n = 0;
  // Hand-split: the benchmark file has 55,000 lines and streams are slow under TCG.
  while (!text.empty()) {
    ++n;
    const size_t eol = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(std::min(eol + 1, text.size()));
    args.clear();
    while (!line.empty()) {
      const size_t b = line.find_first_not_of(" \t\r");
      if (b == std::string_view::npos) break;
      line.remove_prefix(b);
      const size_t e = std::min(line.find_first_of(" \t\r"), line.size());
      args.emplace_back(line.substr(0, e));
      line.remove_prefix(e);
    }
    if (args.empty() || args[0][0] == '#') continue;
    auto r = ParseRule(args);
    if (!r.ok()) return r.status().Wrap("line " + std::to_string(n));
    out.push_back(std::move(r).value());
  }
  return out;
}

std::string GenerateRules(int services, int dests_per_service) {
  std::string out;
  char buf[128];
  for (int s = 0; s < services; ++s) {
    std::snprintf(buf, sizeof(buf), "10.96.%d.%d:80", s / 250, s % 250 + 1);
    const std::string vip = buf;
    out += "-A -t " + vip + " -s rr\n";
    for (int d = 0; d < dests_per_service; ++d) {
      const int n = s * dests_per_service + d;
      std::snprintf(buf, sizeof(buf), "-a -t %s -r 10.244.%d.%d:8080 -m -w 1\n", vip.c_str(),
                    n / 250, n % 250 + 1);
      out += buf;
    }
  }
  return out;
}

std::string Describe(const Service& s) {
  char buf[512];
  const std::string mask = s.key.af == kAfInet6 ? std::to_string(s.netmask) : [&] {
    IpAddress m;
    std::memcpy(m.bytes.data(), &s.netmask, 4);
    return m.ToString();
  }();
  std::snprintf(buf, sizeof(buf),
                "service af=%u proto=%u addr=%s port=%u fwmark=%u sched=%s flags=0x%x "
                "timeout=%u netmask=%s pe=%s",
                s.key.af, s.key.protocol, s.key.fwmark ? "-" : s.key.addr.ToString().c_str(),
                s.key.port, s.key.fwmark, s.scheduler.c_str(), s.flags & ~kFlagHashed, s.timeout,
                mask.c_str(), s.pe_name.empty() ? "-" : s.pe_name.c_str());
  return buf;
}

std::string Describe(const Destination& d) {
  char buf[512];
  std::snprintf(buf, sizeof(buf),
                "  dest af=%u addr=%s port=%u fwd=%s weight=%u uthresh=%u lthresh=%u tun=%u:%u:%u",
                d.addr.family, d.addr.ToString().c_str(), d.port,
                std::string(FwdMethodName(d.fwd)).c_str(), d.weight, d.u_threshold, d.l_threshold,
                static_cast<unsigned>(d.tun_type), d.tun_port, d.tun_flags);
  return buf;
}

}  // namespace ki::ipvs::tool
