// Checking the audit trail (audit_log.h) line by line: sequence numbers
// without gaps, each line's prev equal to the hash before it, each hash
// recomputed from its line. `lienthong audit verify` prints the result.
#pragma once

#include <cstdint>
#include <string>

namespace lienthong::audit {

struct VerifyReport {
  bool ok = true;
  uint64_t lines = 0;   // lines checked (all of them when ok)
  std::string file;     // the first bad file, when not ok
  uint64_t line = 0;    // its 1-based line number
  std::string problem;  // what is wrong there
};

// Checks every file of the trail in `folder`, oldest first; stops at the
// first bad line. An absent or empty folder is an intact, empty trail.
VerifyReport VerifyTrail(const std::string& folder);

}  // namespace lienthong::audit
