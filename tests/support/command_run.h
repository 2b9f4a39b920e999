// Runs the lienthong binary with arguments, for tests of its subcommands.
#pragma once

#include <string>

namespace lienthong::testing {

struct CommandRun {
  int exit_code = -1;  // -1 when the command could not be run or was killed
  std::string output;  // stdout and stderr together
};

// Runs `lienthong ARGS` through the shell and waits for it.
CommandRun RunLienthong(const std::string& args);

}  // namespace lienthong::testing
