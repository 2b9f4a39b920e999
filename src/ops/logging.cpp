#include "ops/logging.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include "json/writer.h"
#include "ops/buffered_stderr_sink.h"

namespace lienthong::ops {

void InitLogging(const std::string& level, const std::string& path) {
  std::shared_ptr<spdlog::logger> logger;
  if (path.empty()) {
    logger = std::make_shared<spdlog::logger>("lienthong", std::make_shared<BufferedStderrSink>());
  } else {
    logger = spdlog::basic_logger_mt("lienthong", path);
  }
  // Messages are JSON object members ("key":value,...) built by the caller.
  logger->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v})",
                      spdlog::pattern_time_type::utc);
  logger->set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  spdlog::flush_every(std::chrono::seconds(1));
}

std::string JsonEscape(std::string_view s) {
  std::string quoted;
  json::AppendQuoted(s, quoted);
  return quoted.substr(1, quoted.size() - 2);
}

}  // namespace lienthong::ops
