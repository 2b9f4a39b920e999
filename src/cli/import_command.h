// lienthong import: loads bundles and NDJSON files into a store that is not
// being served.
#pragma once

#include <string>
#include <vector>

#include "ops/config.h"

namespace lienthong::cli {

int RunImport(const ops::ServerConfig& config, const std::vector<std::string>& paths);

}  // namespace lienthong::cli
