// lienthong serve: runs the FHIR server until SIGTERM or SIGINT.
#pragma once

#include "ops/config.h"

namespace lienthong::cli {

// Returns the process exit code.
int RunServe(const ops::ServerConfig& config);

}  // namespace lienthong::cli
