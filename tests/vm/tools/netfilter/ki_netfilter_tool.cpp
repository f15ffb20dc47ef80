// ki-netfilter-tool: drives the project's netfilter layer (pkg/netfilter) from
// the shell of the VM node, for tests/vm/scenarios/netfilter_tools.sh.
// Test-only: it is not installed with the product.
//
//   ki-netfilter-tool sets-script [-6]          the create script of the 17 sets
//   ki-netfilter-tool sets-create [-6]          ... restored through `ipset restore -exist`
//   ki-netfilter-tool sets-apply FILE|-         lines "add|del SET ENTRY", one restore
//   ki-netfilter-tool sets-save [SET...]        "SET type TYPE family F" and "SET ENTRY"
//                                               lines, sorted (the parsed `ipset save`)
//   ki-netfilter-tool canon TYPE inet|inet6 ENTRY   the entry as ipset prints it
//   ki-netfilter-tool rules [RULE-OPTIONS]      the proxy's iptables-restore input
//   ki-netfilter-tool rules-restore nft|legacy [RULE-OPTIONS]
//   ki-netfilter-tool ensure-jumps nft|legacy [-6]   "inserted N"
//   ki-netfilter-tool cleanup nft|legacy...     removes the proxy's rules (IPv4 and
//                                               IPv6 of each flavour) and sets
//   ki-netfilter-tool detect                    "nft|legacy IPTABLES RESTORE VERSION wait=0|1"
//                                               (IPv4, then IPv6) and the reason
//   ki-netfilter-tool sysctls RELEASE [--strict-arp] [--root DIR]
//                                               applies RequiredSysctls; prints changed ones
//
// RULE-OPTIONS: -6, --masquerade-all, --local-cidr CIDR, --local-interface
// NAME (a bridge, or a prefix ending in +), --random-fully,
// --lb IP,PROTO,PORT (repeatable). Exit status: 0 ok, 1 an operation failed
// (its error on stderr), 2 usage.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "pkg/netfilter/cleanup.h"
#include "pkg/netfilter/ipset.h"
#include "pkg/netfilter/ipset_entry.h"
#include "pkg/netfilter/ipset_script.h"
#include "pkg/netfilter/iptables.h"
#include "pkg/netfilter/iptables_rules.h"
#include "pkg/netfilter/proxy_sets.h"
#include "pkg/netfilter/sysctl.h"

namespace {

namespace nf = ki::netfilter;

int Fail(const ki::Status& s) {
  std::cerr << "error: " << s.message() << "\n";
  return 1;
}

int Usage() {
  std::cerr
      << "usage: ki-netfilter-tool sets-script|sets-create [-6] | sets-apply FILE |\n"
         "         sets-save [SET...] | canon TYPE FAMILY ENTRY | rules [OPTS] |\n"
         "         rules-restore nft|legacy [OPTS] | ensure-jumps nft|legacy [-6] |\n"
         "         cleanup nft|legacy... | detect | sysctls RELEASE [--strict-arp] [--root DIR]\n";
  return 2;
}

bool Has(const std::vector<std::string>& args, const std::string& flag) {
  return std::find(args.begin(), args.end(), flag) != args.end();
}

ki::Result<std::unique_ptr<nf::Ipset>> Ipset() { return nf::NewExecIpset(); }

int SetsCreate(bool v6) {
  auto ipset = Ipset();
  if (!ipset.ok()) return Fail(ipset.status());
  ki::Status s = (*ipset)->Restore(nf::RenderIpsetRestore(nf::ProxySets(v6), {}));
  return s.ok() ? 0 : Fail(s);
}

int SetsApply(const std::string& path) {
  std::ifstream file;
  if (path != "-") file.open(path);
  std::istream& in = path == "-" ? std::cin : file;
  std::map<std::string, nf::SetDelta> deltas;
  for (std::string line; std::getline(in, line);) {
    std::istringstream w(line);
    std::string verb, set, entry;
    if (!(w >> verb >> set >> entry)) continue;
    nf::SetDelta& d = deltas[set];
    d.set = set;
    (verb == "del" ? d.del : d.add).push_back(entry);
  }
  std::vector<nf::SetDelta> list;
  list.reserve(deltas.size());
  for (auto& [name, d] : deltas) list.push_back(std::move(d));
  auto ipset = Ipset();
  if (!ipset.ok()) return Fail(ipset.status());
  ki::Status s = (*ipset)->Restore(nf::RenderIpsetRestore({}, list));
  return s.ok() ? 0 : Fail(s);
}

int SetsSave(const std::vector<std::string>& only) {
  auto ipset = Ipset();
  if (!ipset.ok()) return Fail(ipset.status());
  auto sets = (*ipset)->Save(only);
  if (!sets.ok()) return Fail(sets.status());
  for (const auto& [name, set] : *sets) {
    std::cout << name << " type " << set.type << " family " << set.family << "\n";
    for (const std::string& m : set.members) std::cout << name << " " << m << "\n";
  }
  return 0;
}

int Canon(const std::vector<std::string>& a) {
  if (a.size() != 3) return Usage();
  std::optional<nf::SetType> type = nf::ParseSetType(a[0]);
  if (!type) return Usage();
  auto e = nf::CanonicalEntry(*type, a[1] == "inet6", a[2]);
  if (!e.ok()) return Fail(e.status());
  std::cout << *e << "\n";
  return 0;
}

bool ParseRuleOptions(const std::vector<std::string>& a, nf::RuleOptions& o) {
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] == "-6") {
      o.ipv6 = true;
    } else if (a[i] == "--masquerade-all") {
      o.masquerade_all = true;
    } else if (a[i] == "--random-fully") {
      o.random_fully = true;
    } else if (a[i] == "--local-cidr" && i + 1 < a.size()) {
      o.local_cidrs.push_back(a[++i]);
    } else if (a[i] == "--local-interface" && i + 1 < a.size()) {
      o.local_interface = a[++i];
    } else if (a[i] == "--lb" && i + 1 < a.size()) {
      const std::string& v = a[++i];
      size_t c1 = v.find(','), c2 = v.rfind(',');
      if (c1 == std::string::npos || c1 == c2) return false;
      o.lb_no_node_access.push_back({v.substr(0, c1), v.substr(c1 + 1, c2 - c1 - 1),
                                     static_cast<uint16_t>(std::stoi(v.substr(c2 + 1)))});
    } else {
      return false;
    }
  }
  return true;
}

ki::Result<nf::Backend> BackendArg(const std::string& flavour, bool v6) {
  if (flavour != "nft" && flavour != "legacy") return ki::Status::InvalidConfig("nft or legacy");
  return nf::FindBackend(flavour == "nft", v6);
}

int Rules(const std::vector<std::string>& a, const std::string* flavour) {
  nf::RuleOptions o;
  if (!ParseRuleOptions(a, o)) return Usage();
  auto text = nf::RenderProxyRules(o);
  if (!text.ok()) return Fail(text.status());
  if (flavour == nullptr) {
    std::cout << *text;
    return 0;
  }
  auto b = BackendArg(*flavour, o.ipv6);
  if (!b.ok()) return Fail(b.status());
  ki::Status s = nf::NewExecIptables(*b)->Restore(*text);
  return s.ok() ? 0 : Fail(s);
}

int EnsureJumps(const std::string& flavour, bool v6) {
  auto b = BackendArg(flavour, v6);
  if (!b.ok()) return Fail(b.status());
  auto n = nf::EnsureJumps(*nf::NewExecIptables(*b));
  if (!n.ok()) return Fail(n.status());
  std::cout << "inserted " << *n << "\n";
  return 0;
}

int Cleanup(const std::vector<std::string>& flavours) {
  std::vector<std::unique_ptr<nf::Iptables>> owned;
  std::vector<nf::Iptables*> tables;
  for (const std::string& f : flavours) {
    for (bool v6 : {false, true}) {
      auto b = BackendArg(f, v6);
      if (!b.ok()) return Fail(b.status());
      owned.push_back(nf::NewExecIptables(*b));
      tables.push_back(owned.back().get());
    }
  }
  auto ipset = Ipset();
  if (!ipset.ok()) return Fail(ipset.status());
  auto report = nf::CleanupNetfilter(tables, ipset->get());
  if (!report.ok()) return Fail(report.status());
  for (const nf::Removal& r : report->tables) {
    std::cout << r.table << " jumps=" << r.jumps << " chains=" << r.chains.size()
              << " kept=" << r.kept.size() << "\n";
  }
  std::cout << "sets=" << report->sets.size() << "\n";
  return 0;
}

void PrintBackend(const nf::Backend& b) {
  std::cout << (b.nft ? "nft " : "legacy ") << b.iptables << " " << b.restore << " " << b.version
            << " wait=" << nf::SupportsRestoreWait(b) << "\n";
}

int Detect() {
  auto b = nf::DetectBackends();
  if (!b.ok()) return Fail(b.status());
  PrintBackend(b->ipv4);
  if (b->ipv6) PrintBackend(*b->ipv6);
  std::cout << "reason: " << b->reason << "\n";
  return 0;
}

int Sysctls(const std::vector<std::string>& a) {
  if (a.empty()) return Usage();
  auto kernel = ki::kmod::ParseKernelRelease(a[0]);
  if (!kernel.ok()) return Fail(kernel.status());
  std::string root = "/proc/sys";
  for (size_t i = 1; i + 1 < a.size(); ++i) {
    if (a[i] == "--root") root = a[i + 1];
  }
  auto changed = nf::ApplySysctls(nf::RequiredSysctls(*kernel, Has(a, "--strict-arp")), root);
  if (!changed.ok()) return Fail(changed.status());
  for (const std::string& c : *changed) std::cout << nf::SysctlName(c) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return Usage();
  const std::string cmd = argv[1];
  const std::vector<std::string> a(argv + 2, argv + argc);
  if (cmd == "sets-script") {
    std::cout << nf::RenderIpsetRestore(nf::ProxySets(Has(a, "-6")), {});
    return 0;
  }
  if (cmd == "sets-create") return SetsCreate(Has(a, "-6"));
  if (cmd == "sets-apply" && a.size() == 1) return SetsApply(a[0]);
  if (cmd == "sets-save") return SetsSave(a);
  if (cmd == "canon") return Canon(a);
  if (cmd == "rules") return Rules(a, nullptr);
  if (cmd == "rules-restore" && !a.empty()) {
    return Rules(std::vector<std::string>(a.begin() + 1, a.end()), &a[0]);
  }
  if (cmd == "ensure-jumps" && !a.empty()) return EnsureJumps(a[0], Has(a, "-6"));
  if (cmd == "cleanup" && !a.empty()) return Cleanup(a);
  if (cmd == "detect") return Detect();
  if (cmd == "sysctls") return Sysctls(a);
  return Usage();
}
