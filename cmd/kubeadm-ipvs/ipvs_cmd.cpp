// `kubeadm-ipvs ipvs list`: the kernel's IPVS table in `ipvsadm -L` format
// (byte-identical for the same options), or as JSON with -o json.
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "cmd/kubeadm-ipvs/cli_args.h"
#include "cmd/kubeadm-ipvs/commands.h"
#include "cmd/kubeadm-ipvs/host.h"
#include "pkg/ipvs/list_format.h"
#include "pkg/ipvs/netlink_ipvs.h"
#include "pkg/ipvs/resolver.h"

namespace ki::cmd {
namespace {

struct ListFlags {
  ipvs::ListFormat format;
  bool connections = false;
  std::string output;
};

Result<std::vector<ipvs::TableEntry>> ReadTable(ipvs::Ipvs& kernel) {
  auto services = kernel.ListServices();
  if (!services.ok()) return services.status();
  std::vector<ipvs::TableEntry> table;
  table.reserve(services->size());
  for (ipvs::Service& s : *services) {
    auto dests = kernel.ListDestinations(s.key);
    if (!dests.ok()) return dests.status();
    table.push_back({std::move(s), std::move(dests).value()});
  }
  return table;
}

Result<std::string> ListConnections(const ListFlags& flags) {
  const char* path = "/proc/net/ip_vs_conn";
  std::ifstream in(path);
  if (!in) {
    return ExplainIpvsUnavailable(Status::Unavailable(std::string("cannot open ") + path));
  }
  std::stringstream text;
  text << in.rdbuf();
  ipvs::SystemResolver names;
  return ipvs::FormatConnections(text.str(), flags.format, names);
}

Result<std::string> ListTable(const ListFlags& flags) {
  auto kernel = ipvs::OpenNetlinkIpvs();
  if (!kernel.ok()) return ExplainIpvsUnavailable(kernel.status());
  auto info = (*kernel)->GetInfo();
  if (!info.ok()) return info.status();
  auto table = ReadTable(**kernel);
  if (!table.ok()) return table.status();
  if (flags.output == "json") return ipvs::FormatJson(*info, *table);
  ipvs::SystemResolver names;
  return ipvs::FormatList(*info, std::move(table).value(), flags.format, names);
}

int RunList(const ListFlags& flags) {
  Result<std::string> text = flags.connections ? ListConnections(flags) : ListTable(flags);
  if (!text.ok()) {
    std::cerr << "error: ipvs list: " << text.status().message() << "\n";
    return 1;  // always a runtime error here, whatever the code
  }
  std::cout << *text << std::flush;
  return 0;
}

void AddListCommand(CLI::App& ipvs_app, int& exit_code) {
  auto* list = ipvs_app.add_subcommand("list", "List the IPVS table in ipvsadm -L format");
  auto flags = std::make_shared<ListFlags>();
  ipvs::ListFormat& f = flags->format;
  list->add_flag("-n,--numeric", f.numeric, "numeric output of addresses and ports");
  auto* stats = list->add_flag("--stats", f.stats, "output of statistics information");
  auto* rate = list->add_flag("--rate", f.rate, "output of rate information");
  stats->excludes(rate);
  list->add_flag("--exact", f.exact, "expand numbers (display exact values)");
  list->add_flag("--thresholds", f.thresholds, "output of thresholds information");
  list->add_flag("--persistent-conn", f.persistent_conn, "output of persistent connection info");
  list->add_flag("--tun-info", f.tun_info, "output of tunnel information");
  list->add_flag("--nosort", f.nosort, "disable sorting output of service/server entries");
  list->add_flag("-c,--connection", flags->connections, "output of current IPVS connections");
  list->add_option("-o,--output", flags->output, "output format: json (default: ipvsadm text)")
      ->check(OneOf({"json"}));
  list->callback([flags, &exit_code] { exit_code = RunList(*flags); });
}

}  // namespace

void AddIpvsCommand(CLI::App& root, int& exit_code) {
  auto* sub = root.add_subcommand("ipvs", "Inspect the kernel's IPVS table");
  sub->require_subcommand(1);
  AddListCommand(*sub, exit_code);
}

}  // namespace ki::cmd
