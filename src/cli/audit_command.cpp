#include "cli/audit_command.h"

#include <fmt/format.h>

#include <filesystem>

#include "audit/audit_verify.h"

namespace lienthong::cli {

int RunAuditVerify(const ops::ServerConfig& config) {
  const std::string folder = (std::filesystem::path(config.data_dir) / "audit").string();
  const audit::VerifyReport report = audit::VerifyTrail(folder);
  if (!report.ok) {
    fmt::print(stderr, "audit trail broken: {} line {}: {} ({} lines intact before it)\n",
               report.file, report.line, report.problem, report.lines);
    return 1;
  }
  fmt::print("audit trail intact: {} lines\n", report.lines);
  return 0;
}

}  // namespace lienthong::cli
