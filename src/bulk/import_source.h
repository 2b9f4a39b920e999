// Where $import may read its inputs from, and reading them. Two kinds of
// input URL are accepted:
//   file:///path  a file inside the configured import folder (after resolving
//                 symbolic links and "..", so nothing outside can be named);
//   http://host[:port]/path  on a loopback address only (127.0.0.0/8,
//                 localhost, [::1]), downloaded into the job's folder.
// Anything else is refused before the job is queued.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace lienthong::bulk {

struct ImportSourcePolicy {
  std::string file_root;  // empty: file:// inputs are refused
  uint64_t max_download_bytes = 4ull << 30;
  int timeout_seconds = 300;  // per download
};

// The checked form of one input URL.
struct ImportSource {
  enum class Kind { kFile, kLoopbackHttp };
  Kind kind = Kind::kFile;
  std::string path;  // kFile: the resolved local path; kLoopbackHttp: the request target
  std::string host;  // kLoopbackHttp
  std::string port;  // kLoopbackHttp
};

// kInvalid (with the reason) for a URL the policy does not allow, or a file
// that does not exist.
Result<ImportSource> ResolveImportSource(std::string_view url, const ImportSourcePolicy& policy);

// Downloads a loopback source into `dest`. kIoError when the server cannot be
// reached or does not answer 200; kTooLarge beyond policy.max_download_bytes.
Status DownloadImportSource(const ImportSource& source, const std::string& dest,
                            const ImportSourcePolicy& policy);

}  // namespace lienthong::bulk
