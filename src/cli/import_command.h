// lienthong import: loads bundles and NDJSON files into a store that is not
// being served, with a progress bar (files, resources, rate, ETA) on a
// terminal and plain progress lines otherwise.
#pragma once

#include <string>
#include <vector>

#include "ops/config.h"

namespace lienthong::cli {

struct ImportCommandOptions {
  std::vector<std::string> paths;
  std::string on_invalid = "skip";  // skip or reject
  // Write no search index: the store then needs `lienthong reindex`.
  bool no_index = false;
};

int RunImport(const ops::ServerConfig& config, const ImportCommandOptions& options);

}  // namespace lienthong::cli
