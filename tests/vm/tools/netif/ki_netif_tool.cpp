// ki-netif-tool: drives the project's kube-ipvs0 layer (pkg/netif) from the
// shell of the VM node, for tests/vm/scenarios/netif.sh. Test-only: it is not
// installed with the product.
//
//   ki-netif-tool ensure [LINK]                 "created|adopted index=N up=0|1"
//   ki-netif-tool delete [LINK]
//   ki-netif-tool list [LINK]                   bound addresses, one per line
//   ki-netif-tool others [LINK]                 "ADDR/PREFIX link=N scope=S", other links
//   ki-netif-tool nodeips [LINK]                NodePort candidates, one per line
//   ki-netif-tool bind|unbind LINK FILE|- [--window N]
//                                               one address per line, one batch;
//                                               prints "addrs=N failed=F ms=X"
//   ki-netif-tool gen4|gen6 COUNT [SKIP]        10.96.0.0/16 or fd00:96::/64 addresses
//   ki-netif-tool route-add|route-del CIDR      the proxy's local route on lo
//   ki-netif-tool route-list                    the proxy's local routes, one CIDR per line
//
// LINK defaults to kube-ipvs0. Exit status: 0 ok, 1 an operation failed (its
// error on stderr), 2 usage.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "pkg/netif/links.h"
#include "pkg/netif/netlink_links.h"

namespace {

using ki::netif::IpAddress;
using ki::netif::Links;

int Fail(const ki::Status& s) {
  std::cerr << "error: " << s.message() << "\n";
  return 1;
}

int Usage() {
  std::cerr << "usage: ki-netif-tool ensure|delete|list|others|nodeips [LINK]\n"
               "       ki-netif-tool bind|unbind LINK FILE|- [--window N]\n"
               "       ki-netif-tool gen4|gen6 COUNT [SKIP]\n"
               "       ki-netif-tool route-add|route-del CIDR\n"
               "       ki-netif-tool route-list\n";
  return 2;
}

int Gen(bool v6, long count, long skip) {
  for (long i = skip + 1; i <= skip + count; ++i) {
    if (v6) {
      std::printf("fd00:96::%lx\n", i);
    } else {
      std::printf("10.96.%ld.%ld\n", i / 256, i % 256);
    }
  }
  return 0;
}

bool ReadAddrs(const std::string& path, std::vector<IpAddress>& out) {
  std::ifstream file;
  if (path != "-") file.open(path);
  std::istream& in = path == "-" ? std::cin : file;
  if (!in) return false;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto a = IpAddress::Parse(line);
    if (!a.ok()) {
      std::cerr << "error: " << a.status().message() << "\n";
      return false;
    }
    out.push_back(*a);
  }
  return true;
}

int Batch(Links& links, bool bind, const std::string& link, const std::vector<IpAddress>& addrs) {
  const auto start = std::chrono::steady_clock::now();
  auto res = bind ? links.Bind(link, addrs) : links.Unbind(link, addrs);
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  if (!res.ok()) return Fail(res.status());
  std::cout << "addrs=" << addrs.size() << " failed=" << res->failed() << " ms=" << us / 1000 << "."
            << (us % 1000) / 100 << "\n";
  for (const ki::Status& s : res->statuses) {
    if (!s.ok()) std::cerr << "error: " << s.message() << "\n";
  }
  return res->failed() == 0 ? 0 : 1;
}

// "10.96.0.0/12" as given: host bits and long prefixes are the layer's to
// refuse, not the tool's.
bool ParseCidr(const std::string& text, ki::netif::LocalRoute& out) {
  const size_t slash = text.find('/');
  if (slash == std::string::npos) return false;
  const std::string bits = text.substr(slash + 1);
  if (bits.empty() || bits.size() > 3 ||
      bits.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  auto a = IpAddress::Parse(text.substr(0, slash));
  const int n = std::stoi(bits);
  if (!a.ok() || n > 255) return false;
  out = {*a, static_cast<uint8_t>(n)};
  return true;
}

int Routes(Links& links, const std::string& cmd, const std::vector<std::string>& args) {
  if (cmd == "route-list") {
    if (args.size() != 1) return Usage();
    auto routes = links.ListLocalRoutes();
    if (!routes.ok()) return Fail(routes.status());
    for (const auto& r : *routes) std::cout << r.ToString() << "\n";
    return 0;
  }
  ki::netif::LocalRoute route;
  if (args.size() != 2) return Usage();
  if (!ParseCidr(args[1], route)) return Fail(ki::Status::InvalidConfig("bad CIDR " + args[1]));
  ki::Status s = cmd == "route-add" ? links.AddLocalRoute(route) : links.DeleteLocalRoute(route);
  return s.ok() ? 0 : Fail(s);
}

int Query(Links& links, const std::string& cmd, const std::string& link) {
  if (cmd == "ensure") {
    auto st = links.EnsureDummy(link);
    if (!st.ok()) return Fail(st.status());
    std::cout << (st->created ? "created" : "adopted") << " index=" << st->index << " up=" << st->up
              << "\n";
  } else if (cmd == "delete") {
    if (auto s = links.DeleteDummy(link); !s.ok()) return Fail(s);
  } else if (cmd == "list") {
    auto addrs = links.ListBound(link);
    if (!addrs.ok()) return Fail(addrs.status());
    for (const IpAddress& a : *addrs) std::cout << a.ToString() << "\n";
  } else if (cmd == "others" || cmd == "nodeips") {
    auto addrs = links.ListOtherAddresses(link);
    if (!addrs.ok()) return Fail(addrs.status());
    if (cmd == "nodeips") {
      for (const IpAddress& a : ki::netif::NodeAddresses(*addrs)) std::cout << a.ToString() << "\n";
      return 0;
    }
    for (const auto& a : *addrs) {
      std::cout << a.ToString() << " link=" << a.link_index << " scope=" << int(a.scope) << "\n";
    }
  } else {
    return Usage();
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return Usage();
  const std::string cmd = args[0];
  if (cmd == "gen4" || cmd == "gen6") {
    if (args.size() < 2) return Usage();
    return Gen(cmd == "gen6", std::stol(args[1]), args.size() > 2 ? std::stol(args[2]) : 0);
  }
  ki::netif::NetlinkOptions opts;
  for (size_t i = 1; i + 1 < args.size(); ++i) {
    if (args[i] == "--window") {
      opts.window = std::stoul(args[i + 1]);
      args.erase(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i) + 2);
      break;
    }
  }
  auto links = ki::netif::OpenNetlinkLinks(opts);
  if (!links.ok()) return Fail(links.status());
  if (cmd.starts_with("route-")) return Routes(**links, cmd, args);
  const std::string link = args.size() > 1 ? args[1] : ki::netif::kDefaultLinkName;
  if (cmd == "bind" || cmd == "unbind") {
    std::vector<IpAddress> addrs;
    if (args.size() != 3) return Usage();
    if (!ReadAddrs(args[2], addrs))
      return Fail(ki::Status::InvalidConfig("cannot read " + args[2]));
    return Batch(**links, cmd == "bind", link, addrs);
  }
  return Query(**links, cmd, link);
}
