// A strict parser of the Prometheus text exposition format (0.0.4) for the
// tests: every line is a HELP, a TYPE or a sample of the metric family the
// TYPE line announced, with valid names, quoted and escaped label values,
// numeric values, cumulative histogram buckets ending in +Inf with _count.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace ki::server::testing {

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

struct Exposition {
  std::map<std::string, std::string> types;  // family -> counter|gauge|histogram|...
  std::vector<Sample> samples;
};

// Parses text; on a violation returns false with the line and what is wrong.
bool ParsePrometheusText(const std::string& text, Exposition& out, std::string& error);

}  // namespace ki::server::testing
