// ipvsadm rule syntax (the -A/-E/-D/-a/-e/-d/-C lines of `ipvsadm -R`) parsed
// into ki::ipvs::Op values, so the VM tests can drive the project's IPVS layer
// with exactly the rules they give ipvsadm. Test-tool code; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pkg/base/status.h"
#include "pkg/ipvs/ipvs.h"

namespace ki::ipvs::tool {

struct Rule {
  bool flush = false;  // -C
  Op op;
};

// One rule from its arguments, e.g. {"-A", "-t", "10.0.0.1:80", "-s", "rr"}.
Result<Rule> ParseRule(const std::vector<std::string>& args);
// Every non-empty, non-comment line of a rules file.
Result<std::vector<Rule>> ParseRules(std::string_view text);

// A rules file of n services with m destinations each (the benchmark table).
std::string GenerateRules(int services, int dests_per_service);

// The table as one line per service / destination with every configured field.
std::string Describe(const Service& s);
std::string Describe(const Destination& d);

}  // namespace ki::ipvs::tool
