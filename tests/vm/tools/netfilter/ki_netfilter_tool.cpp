// ki-netfilter-tool: drives the project's netfilter layer (pkg/netfilter) from
// the shell of the VM node, for tests/vm/scenarios/netfilter_tools.sh and
// ipset_netlink.sh. Test-only: it is not installed with the product.
//
//   ki-netfilter-tool sets-script [-6]          the create script of the 17 sets
//   ki-netfilter-tool sets-create [-6]          ... created over netlink (Ipset::Update)
//   ki-netfilter-tool sets-apply [--time] FILE|-   lines "add|del SET ENTRY", one Update
//                                               (each set's type read from the kernel)
//   ki-netfilter-tool sets-update [--time] FILE|-  the 34 sets created and FILE's deltas
//                                               applied in one Update, as a first sync
//   ki-netfilter-tool sets-render FILE|-        what sets-update does, as the
//                                               `ipset restore -exist` script of the text path
//   ki-netfilter-tool sets-list [--time] [SET...]  "SET type TYPE family F" and "SET ENTRY"
//                                               lines, sorted (Ipset::List)
//   ki-netfilter-tool parse-save FILE|-         the same lines from `ipset save` output
//   ki-netfilter-tool sets-destroy SET...       Ipset::Destroy
//   ki-netfilter-tool canon TYPE inet|inet6 ENTRY   the entry as ipset prints it
//   ki-netfilter-tool rules [RULE-OPTIONS]      the proxy's iptables-restore input
//   ki-netfilter-tool rules-restore nft|legacy [RULE-OPTIONS]
//   ki-netfilter-tool ensure-jumps nft|legacy [-6]   "inserted N"
//   ki-netfilter-tool generation nft|legacy [-6]     Iptables::Generation()
//   ki-netfilter-tool cleanup nft|legacy...     removes the proxy's rules (IPv4 and
//                                               IPv6 of each flavour) and sets
//   ki-netfilter-tool detect                    "nft|legacy IPTABLES RESTORE VERSION wait=0|1"
//                                               (IPv4, then IPv6) and the reason
//   ki-netfilter-tool sysctls RELEASE [--strict-arp] [--root DIR]
//                                               applies RequiredSysctls; prints changed ones
//
// --time prints "time_ms N" (the netlink work alone, process start excluded)
// on stderr. RULE-OPTIONS: -6, --masquerade-all, --local-cidr CIDR,
// --local-interface NAME (a bridge, or a prefix ending in +), --random-fully,
// --lb IP,PROTO,PORT (repeatable). Exit status: 0 ok, 1 an operation failed
// (its error on stderr), 2 usage.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "pkg/netfilter/cleanup.h"
#include "pkg/netfilter/ipset.h"
#include "pkg/netfilter/ipset_entry.h"
#include "pkg/netfilter/ipset_script.h"
#include "pkg/netfilter/iptables.h"
#include "pkg/netfilter/iptables_rules.h"
#include "pkg/netfilter/netlink_ipset.h"
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
      << "usage: ki-netfilter-tool sets-script|sets-create [-6] | sets-apply|sets-update [--time] "
         "FILE |\n"
         "         sets-render FILE | sets-list [--time] [SET...] | parse-save FILE |\n"
         "         sets-destroy SET... | canon TYPE FAMILY ENTRY | rules [OPTS] |\n"
         "         rules-restore nft|legacy [OPTS] | ensure-jumps nft|legacy [-6] |\n"
         "         generation nft|legacy [-6] |\n"
         "         cleanup nft|legacy... | detect | sysctls RELEASE [--strict-arp] [--root DIR]\n";
  return 2;
}

bool Has(const std::vector<std::string>& args, const std::string& flag) {
  return std::find(args.begin(), args.end(), flag) != args.end();
}

// The arguments without --time.
std::vector<std::string> Plain(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (const std::string& a : args) {
    if (a != "--time") out.push_back(a);
  }
  return out;
}

ki::Result<std::unique_ptr<nf::Ipset>> Ipset() { return nf::NewNetlinkIpset(); }

using Clock = std::chrono::steady_clock;

void ReportTime(bool on, Clock::time_point start) {
  if (!on) return;
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
  std::cerr << "time_ms " << static_cast<double>(us.count()) / 1000.0 << "\n";
}

std::vector<nf::SetSpec> AllSpecs() {
  std::vector<nf::SetSpec> all = nf::ProxySets(false);
  for (nf::SetSpec& s : nf::ProxySets(true)) all.push_back(std::move(s));
  return all;
}

// "add|del SET ENTRY" lines -> one delta per set, in name order.
std::map<std::string, nf::SetDelta> ReadDeltas(const std::string& path) {
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
  return deltas;
}

// Each delta's type and family: the proxy's for its sets, else the kernel's.
ki::Status Type(nf::Ipset& ipset, std::map<std::string, nf::SetDelta>& deltas) {
  const std::vector<nf::SetSpec> specs = AllSpecs();
  std::vector<std::string> others;
  for (auto& [set, d] : deltas) {
    const std::string& name = set;  // (a lambda may not capture a structured binding)
    auto it = std::find_if(specs.begin(), specs.end(), [&](auto& s) { return s.name == name; });
    if (it == specs.end()) {
      others.push_back(name);
      continue;
    }
    d.type = it->type;
    d.ipv6 = it->ipv6;
  }
  if (others.empty()) return ki::Status::Ok();
  auto listed = ipset.List(others);
  if (!listed.ok()) return listed.status();
  for (const auto& [name, set] : *listed) {
    std::optional<nf::SetType> t = nf::ParseSetType(set.type);
    if (!t) return ki::Status::InvalidConfig(name + ": type " + set.type);
    deltas[name].type = *t;
    deltas[name].ipv6 = set.family == "inet6";
  }
  return ki::Status::Ok();
}

std::vector<nf::SetDelta> Values(std::map<std::string, nf::SetDelta>& deltas) {
  std::vector<nf::SetDelta> list;
  list.reserve(deltas.size());
  for (auto& [name, d] : deltas) list.push_back(std::move(d));
  return list;
}

int SetsCreate(bool v6) {
  auto ipset = Ipset();
  if (!ipset.ok()) return Fail(ipset.status());
  ki::Status s = (*ipset)->Update(nf::ProxySets(v6), {});
  return s.ok() ? 0 : Fail(s);
}

// sets-apply (deltas only) and sets-update (the 34 sets created too).
int SetsWrite(const std::vector<std::string>& a, bool create) {
  const std::vector<std::string> args = Plain(a);
  if (args.size() != 1) return Usage();
  auto ipset = Ipset();
  if (!ipset.ok()) return Fail(ipset.status());
  std::map<std::string, nf::SetDelta> deltas = ReadDeltas(args[0]);
  ki::Status typed = Type(**ipset, deltas);
  if (!typed.ok()) return Fail(typed);
  const std::vector<nf::SetDelta> list = Values(deltas);
  const auto start = Clock::now();
  ki::Status s = (*ipset)->Update(create ? AllSpecs() : std::vector<nf::SetSpec>{}, list);
  ReportTime(Has(a, "--time"), start);
  return s.ok() ? 0 : Fail(s);
}

int SetsRender(const std::vector<std::string>& a) {
  if (a.size() != 1) return Usage();
  std::map<std::string, nf::SetDelta> deltas = ReadDeltas(a[0]);
  std::cout << nf::RenderIpsetRestore(AllSpecs(), Values(deltas));
  return 0;
}

void PrintSets(const std::map<std::string, nf::SavedSet>& sets) {
  for (const auto& [name, set] : sets) {
    std::cout << name << " type " << set.type << " family " << set.family << "\n";
    for (const std::string& m : set.members) std::cout << name << " " << m << "\n";
  }
}

int SetsList(const std::vector<std::string>& a) {
  auto ipset = Ipset();
  if (!ipset.ok()) return Fail(ipset.status());
  const auto start = Clock::now();
  auto sets = (*ipset)->List(Plain(a));
  ReportTime(Has(a, "--time"), start);
  if (!sets.ok()) return Fail(sets.status());
  PrintSets(*sets);
  return 0;
}

int ParseSave(const std::vector<std::string>& a) {
  if (a.size() != 1) return Usage();
  std::ifstream file;
  if (a[0] != "-") file.open(a[0]);
  std::istream& in = a[0] == "-" ? std::cin : file;
  std::stringstream text;
  text << in.rdbuf();
  auto sets = nf::ParseIpsetSave(text.str());
  if (!sets.ok()) return Fail(sets.status());
  PrintSets(*sets);
  return 0;
}

int SetsDestroy(const std::vector<std::string>& names) {
  auto ipset = Ipset();
  if (!ipset.ok()) return Fail(ipset.status());
  ki::Status s = (*ipset)->Destroy(names);
  return s.ok() ? 0 : Fail(s);
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

// Prints Iptables::Generation() of the flavour and family: what a full sync
// compares to decide whether to read the rules.
int Generation(const std::string& flavour, bool v6) {
  auto b = BackendArg(flavour, v6);
  if (!b.ok()) return Fail(b.status());
  auto gen = nf::NewExecIptables(*b)->Generation();
  if (!gen.ok()) return Fail(gen.status());
  std::cout << *gen << "\n";
  return 0;
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
  if (cmd == "sets-apply") return SetsWrite(a, false);
  if (cmd == "sets-update") return SetsWrite(a, true);
  if (cmd == "sets-render") return SetsRender(a);
  if (cmd == "sets-list") return SetsList(a);
  if (cmd == "parse-save") return ParseSave(a);
  if (cmd == "sets-destroy" && !a.empty()) return SetsDestroy(a);
  if (cmd == "canon") return Canon(a);
  if (cmd == "rules") return Rules(a, nullptr);
  if (cmd == "rules-restore" && !a.empty()) {
    return Rules(std::vector<std::string>(a.begin() + 1, a.end()), &a[0]);
  }
  if (cmd == "ensure-jumps" && !a.empty()) return EnsureJumps(a[0], Has(a, "-6"));
  if (cmd == "generation" && !a.empty()) return Generation(a[0], Has(a, "-6"));
  if (cmd == "cleanup" && !a.empty()) return Cleanup(a);
  if (cmd == "detect") return Detect();
  if (cmd == "sysctls") return Sysctls(a);
  return Usage();
}
