// lienthong fhirpath: evaluates a FHIRPath expression on a JSON document and
// prints the result collection as a JSON array.
#pragma once

#include <string>

namespace lienthong::cli {

struct FhirPathCommandOptions {
  std::string expression;
  std::string file;  // empty or "-": standard input
  bool pretty = false;
  bool untyped = false;  // ignore resourceType: plain JSON navigation only
};

// 0 on success; 1 on an evaluation error; 2 on a syntax error or when the
// input cannot be read or is not JSON. Errors go to stderr.
int RunFhirPath(const FhirPathCommandOptions& options);

}  // namespace lienthong::cli
