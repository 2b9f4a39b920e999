// lienthong export: writes the current resources of a store that is not being
// served as NDJSON files, the same files as the $export operation.
#pragma once

#include <string>

#include "ops/config.h"

namespace lienthong::cli {

struct ExportCommandOptions {
  std::string out_dir;
  std::string types;  // comma-separated; empty: every type
  std::string since;  // FHIR instant; empty: everything
};

int RunExport(const ops::ServerConfig& config, const ExportCommandOptions& options);

}  // namespace lienthong::cli
