#include "cli/import_command.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "api/fhir_api.h"
#include "bulk/file_importer.h"
#include "cli/bulk_store.h"
#include "ops/metrics.h"
#include "store/resource_store.h"

namespace lienthong::cli {
namespace {

using Clock = std::chrono::steady_clock;

std::string FormatDuration(double seconds) {
  const int64_t s = std::llround(seconds);
  if (s >= 3600) return fmt::format("{}h{:02}m", s / 3600, s % 3600 / 60);
  if (s >= 60) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}s", s);
}

// Draws progress on stderr: a bar redrawn in place on a terminal, otherwise
// one line at most every two seconds. The ETA comes from the bytes read so
// far in the current phase (checking, then writing).
class ProgressDisplay {
 public:
  explicit ProgressDisplay(bool terminal) : terminal_(terminal) {}

  void Update(const bulk::ImportReport& r, bool final = false) {
    const auto now = Clock::now();
    if (r.checking != checking_) {
      checking_ = r.checking;
      phase_start_ = now;
    }
    const auto interval = terminal_ ? std::chrono::milliseconds(200) : std::chrono::seconds(2);
    if (!final && now - last_draw_ < interval) return;
    last_draw_ = now;
    const double total_secs = std::chrono::duration<double>(now - start_).count();
    const double phase_secs = std::chrono::duration<double>(now - phase_start_).count();
    const double rate = total_secs > 0 ? static_cast<double>(r.resources) / total_secs : 0;
    const double fraction =
        r.bytes_total > 0 ? std::min(1.0, static_cast<double>(r.bytes_done) / r.bytes_total) : 1;
    const std::string eta = fraction >= 1 ? FormatDuration(0)
                            : fraction <= 0 || phase_secs < 1
                                ? std::string("-")
                                : FormatDuration(phase_secs * (1 - fraction) / fraction);
    const std::string figures = fmt::format(
        "{}{}/{} files, {} resources, {} rejected, {:.0f} resources/s, ETA {}",
        r.checking ? "checking: " : "", r.files, r.files_total, r.resources, r.rejected, rate, eta);
    if (!terminal_) {
      fmt::print(stderr, "{:.0f}% {}\n", fraction * 100, figures);
      return;
    }
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    fmt::print(stderr, "\r[{}{}] {:3.0f}% {}\x1b[K", std::string(filled, '#'),
               std::string(kWidth - filled, '.'), fraction * 100, figures);
  }

  void Finish() {
    if (terminal_) fmt::print(stderr, "\n");
  }

 private:
  const bool terminal_;
  const Clock::time_point start_ = Clock::now();
  Clock::time_point phase_start_ = start_;
  Clock::time_point last_draw_;
  bool checking_ = false;
};

}  // namespace

int RunImport(const ops::ServerConfig& config, const ImportCommandOptions& options) {
  const bulk::InvalidLinePolicy policy = options.on_invalid == "reject"
                                             ? bulk::InvalidLinePolicy::kReject
                                             : bulk::InvalidLinePolicy::kSkip;
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  // Search index entries are written with every resource, unless the index
  // is to be built afterwards (`lienthong reindex`).
  Result<std::unique_ptr<BulkStore>> opened =
      BulkStore::Open(config, {.create_if_missing = true, .index = !options.no_index});
  if (!opened.ok()) {
    fmt::print(stderr, "lienthong import: {}\n", opened.status().message());
    return 1;
  }
  std::unique_ptr<BulkStore> bulk = std::move(opened.value());
  store::ResourceStore* store = &bulk->store();
  ops::Metrics metrics;
  api::ApiOptions api_options;
  api_options.max_bundle_entries = config.max_bundle_entries;
  api_options.max_json_depth = config.max_json_depth;
  api::FhirApi api(*store, metrics, api_options, &bulk->registry());
  bulk::FileImporter importer(api, *store, config.max_json_depth, policy);
  const auto start = Clock::now();
  ProgressDisplay display(isatty(fileno(stderr)) != 0);
  bulk::ImportReport report;
  Status st = importer.Import(options.paths, report,
                              [&](const bulk::ImportReport& r) { display.Update(r); });
  display.Update(report, /*final=*/true);
  display.Finish();
  store->Close();
  for (const std::string& error : report.errors) fmt::print(stderr, "rejected: {}\n", error);
  if (report.rejected > report.errors.size()) {
    fmt::print(stderr, "({} more not listed)\n", report.rejected - report.errors.size());
  }
  if (!st.ok()) {
    fmt::print(stderr, "lienthong import: {}\n", st.message());
    return st.code() == ErrorCode::kUnprocessable ? 2 : 1;
  }
  const double secs = std::chrono::duration<double>(Clock::now() - start).count();
  fmt::print("imported {} resources from {} files in {:.2f} s ({} rejected)\n", report.resources,
             report.files, secs, report.rejected);
  if (options.no_index) {
    fmt::print("no search index was written: run `lienthong reindex` before serving searches\n");
  }
  return report.rejected == 0 ? 0 : 2;
}

}  // namespace lienthong::cli
