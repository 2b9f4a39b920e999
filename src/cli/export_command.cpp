#include "cli/export_command.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>

#include "bulk/export_job.h"
#include "cli/configured_store.h"
#include "common/time.h"
#include "fhir/type_registry.h"
#include "store/resource_store.h"

namespace lienthong::cli {
namespace {

Result<bulk::ExportOptions> ParseOptions(const ExportCommandOptions& in) {
  bulk::ExportOptions options;
  std::string_view list = in.types;
  while (!list.empty()) {
    const size_t comma = list.find(',');
    std::string type(list.substr(0, comma));
    if (!fhir::TypeRegistry::R4().IsResourceType(type)) {
      return Status::Invalid("--type: unknown resource type " + type);
    }
    options.types.push_back(type);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  if (!in.since.empty()) {
    Result<TimeRange> since = ParseFhirDateTime(in.since);
    if (!since.ok()) return Status::Invalid("--since: not a FHIR instant: " + in.since);
    options.since_us = since->start_us;
  }
  return options;
}

}  // namespace

int RunExport(const ops::ServerConfig& config, const ExportCommandOptions& command) {
  Result<bulk::ExportOptions> options = ParseOptions(command);
  if (!options.ok()) {
    fmt::print(stderr, "lienthong export: {}\n", options.status().message());
    return 2;
  }
  store::StoreOptions store_options;
  store_options.create_if_missing = false;
  Result<std::unique_ptr<store::ResourceStore>> opened = OpenConfiguredStore(config, store_options);
  if (!opened.ok()) {
    // RocksDB holds a lock: a store being served cannot be opened here.
    fmt::print(stderr, "lienthong export: {}\n", opened.status().message());
    return 1;
  }
  std::unique_ptr<store::ResourceStore> store = std::move(opened.value());
  const auto start = std::chrono::steady_clock::now();
  auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  std::atomic<uint64_t> progress{0};
  auto running = std::async(std::launch::async, [&] {
    return bulk::RunExport(*store, *options, command.out_dir, nullptr, &progress);
  });
  const bool terminal = isatty(fileno(stderr));
  while (running.wait_for(std::chrono::seconds(1)) != std::future_status::ready) {
    const uint64_t n = progress.load();
    fmt::print(stderr, "{}{} resources, {:.0f} resources/s{}", terminal ? "\r" : "", n,
               n / seconds(), terminal ? "" : "\n");
  }
  if (terminal) fmt::print(stderr, "\n");
  Result<std::vector<bulk::JobFile>> files = running.get();
  const double secs = seconds();
  store->Close();
  if (!files.ok()) {
    fmt::print(stderr, "lienthong export: {}\n", files.status().message());
    return 1;
  }
  uint64_t total = 0;
  for (const bulk::JobFile& f : *files) total += f.count;
  fmt::print("exported {} resources into {} files in {:.2f} s ({:.0f} resources/s)\n", total,
             files->size(), secs, secs > 0 ? total / secs : 0.0);
  return 0;
}

}  // namespace lienthong::cli
