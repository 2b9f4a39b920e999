// lienthong generate: writes a synthetic Vietnamese province (facilities,
// staff, patients and their care) as NDJSON or transaction bundles.
#pragma once

#include "synth/generator.h"

namespace lienthong::cli {

// Runs the generator and prints what it wrote and the rate; 0 on success,
// 2 on bad options, 1 on a write failure.
int RunGenerate(const synth::GenerateOptions& options);

}  // namespace lienthong::cli
