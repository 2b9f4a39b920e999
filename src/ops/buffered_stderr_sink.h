// BufferedStderrSink: an spdlog sink that writes to standard error through a
// large buffer, flushed by spdlog's periodic flush and on warnings, instead of
// one write system call per line (spdlog's own stderr sink flushes every
// line, which would cost every request a system call).
#pragma once

#include <spdlog/sinks/base_sink.h>

#include <cstdio>
#include <mutex>

namespace lienthong::ops {

class BufferedStderrSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  BufferedStderrSink();
  ~BufferedStderrSink() override;

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override;

 private:
  FILE* out_;  // owned; a buffered stream over a duplicate of fd 2
};

}  // namespace lienthong::ops
