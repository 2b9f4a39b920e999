#include "support/command_run.h"

#include <sys/wait.h>

#include <cstdio>

#ifndef LIENTHONG_BINARY
#error "LIENTHONG_BINARY must name the lienthong executable"
#endif

namespace lienthong::testing {

CommandRun RunLienthong(const std::string& args) {
  CommandRun run;
  FILE* pipe = ::popen((std::string(LIENTHONG_BINARY) + " " + args + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) run.output.append(buffer, n);
  const int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace lienthong::testing
