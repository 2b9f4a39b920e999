#include "cli/generate_command.h"

#include <fmt/format.h>

namespace lienthong::cli {

int RunGenerate(const synth::GenerateOptions& options) {
  Result<synth::GenerateReport> report = synth::Generate(options);
  if (!report.ok()) {
    fmt::print(stderr, "lienthong generate: {}\n", report.status().message());
    return report.status().code() == ErrorCode::kInvalid ? 2 : 1;
  }
  for (const auto& [type, count] : report->counts) fmt::print("  {:<18} {:>10}\n", type, count);
  const double rate = report->seconds > 0 ? report->resources / report->seconds : 0;
  fmt::print("generated {} patients, {} resources in {:.2f} s ({:.0f} resources/s) into {}\n",
             report->patients, report->resources, report->seconds, rate, options.out_dir);
  return 0;
}

}  // namespace lienthong::cli
