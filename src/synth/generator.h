// lienthong generate: a synthetic province, deterministic for a seed (same
// seed and options, same bytes), streaming one patient at a time so that
// memory does not grow with the number of patients.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "common/status.h"
#include "synth/output_files.h"

namespace lienthong::synth {

struct GenerateOptions {
  uint64_t patients = 100;
  uint64_t seed = 1;
  std::string province = "79";  // 2-digit code (admin units 2024)
  int years = 5;                // of care history, ending on `last_day`
  std::string last_day = "2025-12-31";
  OutputFormat format = OutputFormat::kNdjson;
  std::string out_dir;
};

struct GenerateReport {
  uint64_t patients = 0;
  uint64_t resources = 0;
  std::map<std::string, uint64_t, std::less<>> counts;  // by resource type
  double seconds = 0;
};

// Writes the facilities and staff, then each patient's record, to
// options.out_dir. kInvalid for an unknown province or bad options,
// kIoError when files cannot be written.
Result<GenerateReport> Generate(const GenerateOptions& options);

}  // namespace lienthong::synth
