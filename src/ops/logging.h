// Structured logs: one JSON object per line on stderr (or a file), through
// spdlog. Callers log facts about requests and the system, never resource
// content, query strings or secrets.
#pragma once

#include <string>
#include <string_view>

namespace lienthong::ops {

// Installs the JSON-lines logger as spdlog's default. level: trace, debug,
// info, warn, error. An empty path logs to stderr.
void InitLogging(const std::string& level, const std::string& path = {});

// Escapes s for use inside a JSON string in a log pattern.
std::string JsonEscape(std::string_view s);

}  // namespace lienthong::ops
