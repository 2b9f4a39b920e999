// lienthong reindex: rebuilds the search index of a store that is not being
// served: after `lienthong import --no-index`, after a change of search
// parameters, or for a store written before search indexing existed.
#pragma once

#include "ops/config.h"

namespace lienthong::cli {

int RunReindex(const ops::ServerConfig& config);

}  // namespace lienthong::cli
