#include "cli/import_command.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "api/fhir_api.h"
#include "bulk/file_importer.h"
#include "ops/metrics.h"
#include "store/resource_store.h"

namespace lienthong::cli {

int RunImport(const ops::ServerConfig& config, const std::vector<std::string>& paths) {
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  store::StoreOptions store_options;
  store_options.path = config.data_dir;
  store_options.sync = config.sync;
  Result<std::unique_ptr<store::ResourceStore>> opened = store::ResourceStore::Open(store_options);
  if (!opened.ok()) {
    // RocksDB holds a lock: a store being served cannot be opened here.
    fmt::print(stderr, "lienthong import: {}\n", opened.status().message());
    return 1;
  }
  std::unique_ptr<store::ResourceStore> store = std::move(opened.value());
  ops::Metrics metrics;
  api::ApiOptions api_options;
  api_options.max_bundle_entries = config.max_bundle_entries;
  api_options.max_json_depth = config.max_json_depth;
  api::FhirApi api(*store, metrics, api_options);
  bulk::FileImporter importer(api, *store, config.max_json_depth);
  const auto start = std::chrono::steady_clock::now();
  const bool terminal = isatty(fileno(stderr));
  auto progress = [&](const bulk::ImportReport& r) {
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double rate = secs > 0 ? static_cast<double>(r.resources) / secs : 0;
    fmt::print(stderr, "{}{} files, {} resources, {} rejected, {:.0f} resources/s{}",
               terminal ? "\r" : "", r.files, r.resources, r.rejected, rate, terminal ? "" : "\n");
  };
  Result<bulk::ImportReport> report = importer.Import(paths, progress);
  if (terminal) fmt::print(stderr, "\n");
  store->Close();
  if (!report.ok()) {
    fmt::print(stderr, "lienthong import: {}\n", report.status().message());
    return 1;
  }
  for (const std::string& error : report->errors) fmt::print(stderr, "rejected: {}\n", error);
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print("imported {} resources from {} files in {:.2f} s ({} rejected)\n", report->resources,
             report->files, secs, report->rejected);
  return report->rejected == 0 ? 0 : 2;
}

}  // namespace lienthong::cli
