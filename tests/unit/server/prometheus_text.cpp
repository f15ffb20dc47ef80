#include "tests/unit/server/prometheus_text.h"

#include <cmath>
#include <regex>
#include <sstream>

namespace ki::server::testing {
namespace {

const std::regex kName("[a-zA-Z_:][a-zA-Z0-9_:]*");
const std::regex kLabelName("[a-zA-Z_][a-zA-Z0-9_]*");

bool ParseValue(const std::string& s, double& v) {
  if (s == "+Inf") return v = INFINITY, true;
  if (s == "-Inf") return v = -INFINITY, true;
  if (s == "NaN") return v = NAN, true;
  char* end = nullptr;
  v = std::strtod(s.c_str(), &end);
  return !s.empty() && end == s.c_str() + s.size();
}

// name{a="x",b="y"} value
bool ParseSample(const std::string& line, Sample& s, std::string& why) {
  size_t i = 0;
  while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
  s.name = line.substr(0, i);
  if (!std::regex_match(s.name, kName)) return why = "bad metric name", false;
  if (i < line.size() && line[i] == '{') {
    ++i;
    while (i < line.size() && line[i] != '}') {
      size_t eq = line.find('=', i);
      if (eq == std::string::npos) return why = "label without =", false;
      std::string label = line.substr(i, eq - i);
      if (!std::regex_match(label, kLabelName)) return why = "bad label name " + label, false;
      if (eq + 1 >= line.size() || line[eq + 1] != '"') return why = "unquoted label", false;
      std::string value;
      size_t j = eq + 2;
      for (; j < line.size() && line[j] != '"'; ++j) {
        if (line[j] == '\\') {
          if (++j >= line.size()) return why = "dangling escape", false;
          char c = line[j];
          if (c != '\\' && c != '"' && c != 'n') return why = "bad escape", false;
          value += c == 'n' ? '\n' : c;
        } else {
          value += line[j];
        }
      }
      if (j >= line.size()) return why = "unterminated label value", false;
      if (!s.labels.emplace(label, value).second) return why = "duplicate label", false;
      i = j + 1;
      if (i < line.size() && line[i] == ',') ++i;
    }
    if (i >= line.size()) return why = "unterminated labels", false;
    ++i;
  }
  if (i >= line.size() || line[i] != ' ') return why = "no value", false;
  if (!ParseValue(line.substr(i + 1), s.value)) return why = "bad value", false;
  return true;
}

std::string Family(const std::string& sample, const std::map<std::string, std::string>& types) {
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    std::string sfx = suffix;
    if (sample.size() > sfx.size() &&
        sample.compare(sample.size() - sfx.size(), sfx.size(), sfx) == 0) {
      std::string base = sample.substr(0, sample.size() - sfx.size());
      auto t = types.find(base);
      if (t != types.end() && t->second == "histogram") return base;
    }
  }
  return sample;
}

bool CheckHistograms(const Exposition& e, std::string& error) {
  for (const auto& [family, type] : e.types) {
    if (type != "histogram") continue;
    double last = -1, inf = -1, count = -1;
    for (const Sample& s : e.samples) {
      if (s.name == family + "_bucket") {
        if (s.value < last) return error = family + ": buckets not cumulative", false;
        last = s.value;
        if (s.labels.count("le") == 0) return error = family + ": bucket without le", false;
        if (s.labels.at("le") == "+Inf") inf = s.value;
      } else if (s.name == family + "_count") {
        count = s.value;
      }
    }
    if (inf < 0 || count != inf) return error = family + ": +Inf bucket must equal _count", false;
  }
  return true;
}

}  // namespace

bool ParsePrometheusText(const std::string& text, Exposition& out, std::string& error) {
  std::istringstream in(text);
  std::string line;
  int n = 0;
  std::string current;
  while (std::getline(in, line)) {
    ++n;
    std::string where = "line " + std::to_string(n) + " \"" + line + "\": ";
    if (line.empty()) return error = where + "empty line", false;
    if (line.rfind("# HELP ", 0) == 0) continue;
    if (line.rfind("# TYPE ", 0) == 0) {
      std::istringstream f(line.substr(7));
      std::string name, type;
      f >> name >> type;
      static const std::regex kType("counter|gauge|histogram|summary|untyped");
      if (!std::regex_match(type, kType)) return error = where + "bad type", false;
      if (!out.types.emplace(name, type).second) return error = where + "second TYPE", false;
      current = name;
      continue;
    }
    if (line[0] == '#') return error = where + "unknown comment", false;
    Sample s;
    std::string why;
    if (!ParseSample(line, s, why)) return error = where + why, false;
    if (Family(s.name, out.types) != current)
      return error = where + "sample outside its family", false;
    out.samples.push_back(std::move(s));
  }
  if (!text.empty() && text.back() != '\n') return error = "no final newline", false;
  return CheckHistograms(out, error);
}

}  // namespace ki::server::testing
