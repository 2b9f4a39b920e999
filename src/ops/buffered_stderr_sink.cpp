#include "ops/buffered_stderr_sink.h"

#include <unistd.h>

namespace lienthong::ops {

BufferedStderrSink::BufferedStderrSink() {
  const int fd = ::dup(STDERR_FILENO);
  out_ = fd >= 0 ? ::fdopen(fd, "w") : nullptr;
  if (out_ == nullptr) {
    if (fd >= 0) ::close(fd);
    out_ = stderr;  // unbuffered, but never lost
  } else {
    std::setvbuf(out_, nullptr, _IOFBF, 1 << 16);
  }
}

BufferedStderrSink::~BufferedStderrSink() {
  if (out_ != stderr) std::fclose(out_);
}

void BufferedStderrSink::sink_it_(const spdlog::details::log_msg& msg) {
  spdlog::memory_buf_t formatted;
  formatter_->format(msg, formatted);
  std::fwrite(formatted.data(), 1, formatted.size(), out_);
}

void BufferedStderrSink::flush_() { std::fflush(out_); }

}  // namespace lienthong::ops
