// Metrics: the counters and histograms behind GET /metrics, rendered in the
// Prometheus text exposition format.
//
// Thread safety: every method may be called from any thread; recording takes
// a short lock on one series.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lienthong::ops {

class Histogram {
 public:
  // Upper bounds of the buckets, in the histogram's unit; +Inf is implicit.
  explicit Histogram(std::vector<double> bounds);
  void Observe(double value);
  // Appends the _bucket/_sum/_count lines for one labelled series.
  void Render(std::string& out, const std::string& name, const std::string& labels) const;

 private:
  std::vector<double> bounds_;  // constant after construction
  mutable std::mutex mu_;
  std::vector<uint64_t> counts_;  // guarded by mu_; one per bound, plus +Inf
  double sum_ = 0;                // guarded by mu_
  uint64_t count_ = 0;            // guarded by mu_
};

class Metrics {
 public:
  Metrics();

  // One answered request: interaction is a FHIR interaction name ("read",
  // "create", "transaction", ...) or "other".
  void RecordRequest(std::string_view interaction, int status, double seconds);
  void RecordCommitGroup(size_t ops);
  // Gauges read when rendering, e.g. store size.
  void AddGauge(std::string name, std::string help, std::function<double()> read);

  std::string Render() const;

 private:
  mutable std::mutex mu_;
  struct InteractionSeries {
    std::map<int, uint64_t> by_status;
    std::unique_ptr<Histogram> latency;
  };
  // By interaction name; std::less<> looks up by string_view without a copy.
  std::map<std::string, InteractionSeries, std::less<>> requests_;  // guarded by mu_
  Histogram commit_group_ops_;
  struct Gauge {
    std::string help;
    std::function<double()> read;
  };
  std::map<std::string, Gauge> gauges_;  // guarded by mu_
};

}  // namespace lienthong::ops
