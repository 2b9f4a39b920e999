#include "ops/metrics.h"

#include <fmt/format.h>

#include <algorithm>

namespace lienthong::ops {
namespace {
std::vector<double> LatencyBounds() {
  return {0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}
}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(bounds_.size() + 1, 0) {}

void Histogram::Observe(double value) {
  const size_t bucket = static_cast<size_t>(
      std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin());
  std::lock_guard<std::mutex> lock(mu_);
  ++counts_[bucket];
  sum_ += value;
  ++count_;
}

void Histogram::Render(std::string& out, const std::string& name, const std::string& labels) const {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string sep = labels.empty() ? "" : ",";
  uint64_t cumulative = 0;
  for (size_t i = 0; i < bounds_.size(); ++i) {
    cumulative += counts_[i];
    out +=
        fmt::format("{}_bucket{{{}{}le=\"{}\"}} {}\n", name, labels, sep, bounds_[i], cumulative);
  }
  cumulative += counts_.back();
  out += fmt::format("{}_bucket{{{}{}le=\"+Inf\"}} {}\n", name, labels, sep, cumulative);
  const std::string braces = labels.empty() ? "" : "{" + labels + "}";
  out += fmt::format("{}_sum{} {}\n{}_count{} {}\n", name, braces, sum_, name, braces, count_);
}

Metrics::Metrics() : commit_group_ops_({1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096}) {}

void Metrics::RecordRequest(std::string_view interaction, int status, double seconds) {
  Histogram* histogram = nullptr;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = requests_.find(interaction);
    if (it == requests_.end()) {
      it = requests_.emplace(std::string(interaction), InteractionSeries{}).first;
      it->second.latency = std::make_unique<Histogram>(LatencyBounds());
    }
    ++it->second.by_status[status];
    histogram = it->second.latency.get();
  }
  histogram->Observe(seconds);  // series are never removed, so the pointer stays valid
}

void Metrics::RecordCommitGroup(size_t ops) { commit_group_ops_.Observe(static_cast<double>(ops)); }

void Metrics::AddGauge(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard<std::mutex> lock(mu_);
  gauges_[std::move(name)] = Gauge{std::move(help), std::move(read)};
}

std::string Metrics::Render() const {
  std::string out;
  std::lock_guard<std::mutex> lock(mu_);
  out += "# HELP lienthong_requests_total FHIR requests answered, by interaction and status.\n";
  out += "# TYPE lienthong_requests_total counter\n";
  for (const auto& [interaction, series] : requests_) {
    for (const auto& [status, count] : series.by_status) {
      out += fmt::format("lienthong_requests_total{{interaction=\"{}\",status=\"{}\"}} {}\n",
                         interaction, status, count);
    }
  }
  out +=
      "# HELP lienthong_request_duration_seconds Time from request received to response ready.\n";
  out += "# TYPE lienthong_request_duration_seconds histogram\n";
  for (const auto& [interaction, series] : requests_) {
    series.latency->Render(out, "lienthong_request_duration_seconds",
                           fmt::format("interaction=\"{}\"", interaction));
  }
  out += "# HELP lienthong_commit_group_ops Operations written per durable commit group.\n";
  out += "# TYPE lienthong_commit_group_ops histogram\n";
  commit_group_ops_.Render(out, "lienthong_commit_group_ops", "");
  for (const auto& [name, gauge] : gauges_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{} {}\n", name, gauge.help, name, name,
                       gauge.read());
  }
  return out;
}

}  // namespace lienthong::ops
