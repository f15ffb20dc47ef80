#include "pkg/server/metrics.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace ki::server {
namespace {

std::string EscapeLabelValue(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string FormatSampleValue(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (std::isnan(v)) return "NaN";
  // The shortest text that reads back as v (what Go's strconv 'g', -1 gives).
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  return ec == std::errc() ? std::string(buf, end) : std::to_string(v);
}

Metric::Metric(std::string name, std::string help, std::vector<std::string> label_names)
    : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {}

std::string Metric::Header(const char* type) const {
  return "# HELP " + name_ + " " + help_ + "\n# TYPE " + name_ + " " + type + "\n";
}

std::string Metric::LabelText(const std::vector<std::string>& values, const std::string& extra_name,
                              const std::string& extra_value) const {
  std::string out;
  for (size_t i = 0; i < label_names_.size() && i < values.size(); ++i) {
    out += (out.empty() ? "" : ",") + label_names_[i] + "=\"" + EscapeLabelValue(values[i]) + "\"";
  }
  if (!extra_name.empty()) {
    out += (out.empty() ? "" : ",") + extra_name + "=\"" + extra_value + "\"";
  }
  return out.empty() ? "" : "{" + out + "}";
}

void Counter::Inc(double by, const std::vector<std::string>& labels) {
  std::lock_guard<std::mutex> lock(mu_);
  values_[labels] += by;
}

double Counter::Value(const std::vector<std::string>& labels) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = values_.find(labels);
  return it == values_.end() ? 0 : it->second;
}

std::string Counter::Render() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out = Header("counter");
  // An unlabelled counter is shown from the start, at 0.
  if (values_.empty() && label_names_.empty()) out += name_ + " 0\n";
  for (const auto& [labels, v] : values_) {
    out += name_ + LabelText(labels) + " " + FormatSampleValue(v) + "\n";
  }
  return out;
}

void Gauge::Set(double v, const std::vector<std::string>& labels) {
  std::lock_guard<std::mutex> lock(mu_);
  values_[labels] = v;
}

double Gauge::Value(const std::vector<std::string>& labels) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = values_.find(labels);
  return it == values_.end() ? 0 : it->second;
}

std::string Gauge::Render() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out = Header("gauge");
  if (values_.empty() && label_names_.empty()) out += name_ + " 0\n";
  for (const auto& [labels, v] : values_) {
    out += name_ + LabelText(labels) + " " + FormatSampleValue(v) + "\n";
  }
  return out;
}

Histogram::Histogram(std::string name, std::string help, std::vector<double> buckets)
    : Metric(std::move(name), std::move(help), {}),
      bounds_(std::move(buckets)),
      counts_(bounds_.size(), 0) {}

void Histogram::Observe(double v) {
  std::lock_guard<std::mutex> lock(mu_);
  for (size_t i = 0; i < bounds_.size(); ++i) {
    if (v <= bounds_[i]) {
      ++counts_[i];
      break;
    }
  }
  ++count_;
  sum_ += v;
}

uint64_t Histogram::Count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return count_;
}

std::string Histogram::Render() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out = Header("histogram");
  uint64_t cumulative = 0;
  for (size_t i = 0; i < bounds_.size(); ++i) {
    cumulative += counts_[i];
    out += name_ + "_bucket" + LabelText({}, "le", FormatSampleValue(bounds_[i])) + " " +
           std::to_string(cumulative) + "\n";
  }
  out += name_ + "_bucket" + LabelText({}, "le", "+Inf") + " " + std::to_string(count_) + "\n";
  out += name_ + "_sum " + FormatSampleValue(sum_) + "\n";
  out += name_ + "_count " + std::to_string(count_) + "\n";
  return out;
}

std::vector<double> ExponentialBuckets(double start, double factor, int count) {
  std::vector<double> out;
  double v = start;
  for (int i = 0; i < count; ++i, v *= factor) out.push_back(v);
  return out;
}

std::string Registry::Render() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  for (const auto& m : metrics_) out += m->Render();
  return out;
}

}  // namespace ki::server
