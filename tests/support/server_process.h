// ServerProcess: runs the real lienthong binary for API tests, on a free
// loopback port with its own data directory, and stops or kills it.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace lienthong::testing {

class ServerProcess {
 public:
  // data_dir is created if missing and kept across restarts.
  explicit ServerProcess(std::string data_dir, std::vector<std::string> extra_args = {});
  ~ServerProcess();  // kills the process if still running

  // Starts the server and waits until it accepts connections; false on failure
  // (the log is in log_path()).
  bool Start();
  // SIGTERM and wait; returns the exit status (0 on a clean shutdown).
  int Stop();
  // SIGKILL and wait: a crash.
  void Kill();
  // Sends `signal` (SIGHUP: reload) without waiting; false when not running.
  bool Signal(int signal);

  uint16_t port() const { return port_; }
  bool running() const { return pid_ > 0; }
  std::string log_path() const { return data_dir_ + ".log"; }

  // A port that was free a moment ago.
  static uint16_t FreePort();

 private:
  std::string data_dir_;
  std::vector<std::string> extra_args_;
  uint16_t port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace lienthong::testing
