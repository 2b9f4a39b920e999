// lienthong serve: runs the FHIR server until SIGTERM or SIGINT.
#pragma once

#include "ops/config.h"

namespace lienthong::cli {

// Blocks SIGTERM and SIGINT in the calling thread and in every thread it
// starts afterwards; call it before any other thread exists.
void BlockStopSignals();

// Returns the process exit code.
int RunServe(const ops::ServerConfig& config);

}  // namespace lienthong::cli
