// ki-ipvs-tool: drives the project's IPVS layer (pkg/ipvs) from the shell of
// the VM node, for the real-kernel scenarios and the benchmark. Test-only: it
// is not installed with the product.
//
//   ki-ipvs-tool apply [--single] [--window N] FILE|-   rules in ipvsadm -R syntax
//   ki-ipvs-tool run RULE...                            one rule, e.g. -A -t 1.2.3.4:80 -s rr
//                                                       (plus --local: forward to a local dest)
//   ki-ipvs-tool dump                                   every field the layer reads back
//   ki-ipvs-tool gen SERVICES DESTS                     a benchmark rules file
//   ki-ipvs-tool parse FILE                             time the parsing alone
//   ki-ipvs-tool info | flush | timeouts [TCP FIN UDP]
//
// Exit status: 0 ok, 1 an operation failed (its error on stderr), 2 usage.
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "pkg/ipvs/list_format.h"
#include "pkg/ipvs/netlink_ipvs.h"
#include "rules.h"

namespace {

using namespace ki::ipvs;

int Fail(const ki::Status& s) {
  std::cerr << "error: " << s.message() << "\n";
  return 1;
}

std::unique_ptr<Ipvs> OpenOrDie(size_t window, int& rc) {
  auto k = OpenNetlinkIpvs({.window = window});
  if (!k.ok()) {
    rc = Fail(k.status());
    return nullptr;
  }
  return std::move(k).value();
}

int Apply(Ipvs& kernel, std::vector<tool::Rule> rules, bool single) {
  std::vector<Op> ops;
  ops.reserve(rules.size());
  for (tool::Rule& r : rules) {
    if (r.flush) {
      if (auto s = kernel.Flush(); !s.ok()) return Fail(s);
    } else {
      ops.push_back(std::move(r.op));
    }
  }
  const auto start = std::chrono::steady_clock::now();
  BatchResult res;
  if (single) {
    for (const Op& op : ops) {
      auto one = kernel.Apply(std::span<const Op>(&op, 1));
      if (!one.ok()) return Fail(one.status());
      res.statuses.push_back(one->statuses[0]);
    }
  } else {
    auto all = kernel.Apply(ops);
    if (!all.ok()) return Fail(all.status());
    res = std::move(all).value();
  }
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  std::cout << "ops=" << ops.size() << " failed=" << res.failed() << " ms=" << us / 1000 << "."
            << (us % 1000) / 100 << " us_per_op=" << (ops.empty() ? 0 : us / long(ops.size()))
            << "\n";
  for (size_t i = 0; i < res.statuses.size(); ++i) {
    if (!res.statuses[i].ok())
      std::cerr << "op " << i + 1 << ": " << res.statuses[i].message() << "\n";
  }
  return res.failed() == 0 ? 0 : 1;
}

int Run(Ipvs& kernel, const tool::Rule& r) {
  ki::Status s;
  const Op& op = r.op;
  if (r.flush) {
    s = kernel.Flush();
  } else {
    switch (op.kind) {
      case Op::Kind::kAddService:
        s = kernel.AddService(op.service);
        break;
      case Op::Kind::kUpdateService:
        s = kernel.UpdateService(op.service);
        break;
      case Op::Kind::kDeleteService:
        s = kernel.DeleteService(op.service.key);
        break;
      case Op::Kind::kAddDest:
        s = kernel.AddDestination(op.service.key, op.dest);
        break;
      case Op::Kind::kUpdateDest:
        s = kernel.UpdateDestination(op.service.key, op.dest);
        break;
      case Op::Kind::kDeleteDest:
        s = kernel.DeleteDestination(op.service.key, op.dest);
        break;
    }
  }
  return s.ok() ? 0 : Fail(s);
}

int Dump(Ipvs& kernel) {
  auto services = kernel.ListServices();
  if (!services.ok()) return Fail(services.status());
  std::vector<TableEntry> table;
  for (Service& s : *services) {
    auto one = kernel.GetService(s.key);  // the doit path must agree with the dump
    if (!one.ok()) return Fail(one.status());
    if (!one->SameConfig(s)) return Fail(ki::Status::Internal("get and dump disagree"));
    auto dests = kernel.ListDestinations(s.key);
    if (!dests.ok()) return Fail(dests.status());
    table.push_back({s, *dests});
  }
  SortLikeIpvsadm(table);
  for (const TableEntry& e : table) {
    std::cout << tool::Describe(e.service) << "\n";
    for (const Destination& d : e.dests) std::cout << tool::Describe(d) << "\n";
  }
  return 0;
}

std::string ReadAll(const std::string& path) {
  std::stringstream ss;
  if (path == "-") {
    ss << std::cin.rdbuf();
  } else {
    std::ifstream in(path);
    ss << in.rdbuf();
  }
  return ss.str();
}

int Main(std::vector<std::string> args) {
  if (args.empty()) return 2;
  const std::string cmd = args[0];
  args.erase(args.begin());
  if (cmd == "parse" && args.size() == 1) {  // the file-reading share of `apply`
    const auto start = std::chrono::steady_clock::now();
    auto rules = tool::ParseRules(ReadAll(args[0]));
    if (!rules.ok()) return Fail(rules.status());
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    std::cout << "rules=" << rules->size() << " ms=" << ms << "\n";
    return 0;
  }
  if (cmd == "gen" && args.size() == 2) {
    std::cout << tool::GenerateRules(std::stoi(args[0]), std::stoi(args[1]));
    return 0;
  }
  bool single = false;
  size_t window = 256;
  while (cmd == "apply" && !args.empty() && args[0].rfind("--", 0) == 0) {
    if (args[0] == "--single") single = true;
    if (args[0] == "--window" && args.size() > 1) {
      window = std::stoul(args[1]);
      args.erase(args.begin());
    }
    args.erase(args.begin());
  }
  int rc = 0;
  auto kernel = OpenOrDie(window, rc);
  if (!kernel) return rc;
  if (cmd == "apply" && args.size() == 1) {
    auto rules = tool::ParseRules(ReadAll(args[0]));
    return rules.ok() ? Apply(*kernel, std::move(rules).value(), single) : Fail(rules.status());
  }
  if (cmd == "run") {
    auto rule = tool::ParseRule(args);
    return rule.ok() ? Run(*kernel, *rule) : Fail(rule.status());
  }
  if (cmd == "dump") return Dump(*kernel);
  if (cmd == "flush") return Run(*kernel, tool::Rule{true, {}});
  if (cmd == "info") {
    auto info = kernel->GetInfo();
    if (!info.ok()) return Fail(info.status());
    std::cout << "version=0x" << std::hex << info->version << std::dec
              << " size=" << info->conn_table_size << "\n";
    return 0;
  }
  if (cmd == "timeouts") {
    if (args.size() == 3) {
      auto s = kernel->SetTimeouts({uint32_t(std::stoul(args[0])), uint32_t(std::stoul(args[1])),
                                    uint32_t(std::stoul(args[2]))});
      if (!s.ok()) return Fail(s);
    }
    auto t = kernel->GetTimeouts();
    if (!t.ok()) return Fail(t.status());
    std::cout << t->tcp << " " << t->tcp_fin << " " << t->udp << "\n";
    return 0;
  }
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  int rc = Main(std::vector<std::string>(argv + 1, argv + argc));
  if (rc == 2) std::cerr << "usage: see the comment at the top of ki_ipvs_tool.cpp\n";
  return rc;
}
