// A small metrics registry rendered in the Prometheus text exposition format
// (version 0.0.4): counters, gauges and histograms, each optionally with
// labels. Metric objects are created once at start and updated from the sync
// loop while the HTTP server renders: every method is thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ki::server {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Metric {
 public:
  Metric(std::string name, std::string help, std::vector<std::string> label_names);
  virtual ~Metric() = default;
  const std::string& name() const { return name_; }
  // "# HELP ...", "# TYPE ..." and every series.
  virtual std::string Render() const = 0;

 protected:
  std::string Header(const char* type) const;
  // `{a="1",b="2"}` for the given label values (escaped), or "".
  std::string LabelText(const std::vector<std::string>& values, const std::string& extra_name = "",
                        const std::string& extra_value = "") const;

  std::string name_;
  std::string help_;
  std::vector<std::string> label_names_;
  mutable std::mutex mu_;
};

class Counter final : public Metric {
 public:
  using Metric::Metric;
  void Inc(double by = 1, const std::vector<std::string>& labels = {});
  double Value(const std::vector<std::string>& labels = {}) const;
  std::string Render() const override;

 private:
  std::map<std::vector<std::string>, double> values_;
};

class Gauge final : public Metric {
 public:
  using Metric::Metric;
  void Set(double v, const std::vector<std::string>& labels = {});
  double Value(const std::vector<std::string>& labels = {}) const;
  std::string Render() const override;

 private:
  std::map<std::vector<std::string>, double> values_;
};

class Histogram final : public Metric {
 public:
  Histogram(std::string name, std::string help, std::vector<double> buckets);
  void Observe(double v);
  uint64_t Count() const;
  std::string Render() const override;

 private:
  std::vector<double> bounds_;
  std::vector<uint64_t> counts_;  // per bucket, not cumulative
  uint64_t count_ = 0;
  double sum_ = 0;
};

// Exponential bucket bounds: start, start*factor, ... (count of them).
std::vector<double> ExponentialBuckets(double start, double factor, int count);

class Registry {
 public:
  template <typename T, typename... Args>
  T& Add(Args&&... args) {
    auto m = std::make_unique<T>(std::forward<Args>(args)...);
    T& ref = *m;
    std::lock_guard<std::mutex> lock(mu_);
    metrics_.push_back(std::move(m));
    return ref;
  }
  std::string Render() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Metric>> metrics_;
};

// A sample value as Prometheus writes it: "+Inf", integers without ".0".
std::string FormatSampleValue(double v);

}  // namespace ki::server
