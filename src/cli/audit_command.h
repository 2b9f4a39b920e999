// `lienthong audit verify --data-dir DIR`: checks the audit trail's chain
// (audit/audit_verify.h). Exit 0 and the number of lines when intact; exit 1
// naming the first bad file and line otherwise.
#pragma once

#include "ops/config.h"

namespace lienthong::cli {

int RunAuditVerify(const ops::ServerConfig& config);

}  // namespace lienthong::cli
