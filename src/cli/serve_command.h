// lienthong serve: runs the FHIR server until SIGTERM or SIGINT; SIGHUP
// reloads its TLS certificate and key.
#pragma once

#include "ops/config.h"

namespace lienthong::cli {

// Blocks SIGTERM, SIGINT and SIGHUP in the calling thread and in every thread it
// starts afterwards; call it before any other thread exists.
void BlockStopSignals();

// Returns the process exit code.
int RunServe(const ops::ServerConfig& config);

}  // namespace lienthong::cli
