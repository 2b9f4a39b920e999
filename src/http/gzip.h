// gzip for HTTP bodies: compressing responses for clients that accept it and
// inflating request bodies sent with Content-Encoding: gzip. zlib does the work.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <zlib.h>

namespace lienthong::http {

// Whether an Accept-Encoding header value allows gzip: "gzip" or "*" listed
// with a q-value above zero (RFC 9110 section 12.5.3). An explicit "gzip;q=0"
// wins over "*".
bool AcceptsGzip(std::string_view accept_encoding);

// A reusable gzip compressor. Its zlib state (a few hundred KB) is allocated
// once and reset between bodies, so keep one per I/O thread rather than one
// per connection or per response. Not thread-safe.
class GzipCompressor {
 public:
  explicit GzipCompressor(int level = 4);
  ~GzipCompressor();
  GzipCompressor(const GzipCompressor&) = delete;
  GzipCompressor& operator=(const GzipCompressor&) = delete;

  // Replaces *out with the gzip member holding `in`. Returns false (and leaves
  // *out unspecified) only if zlib fails, which for valid input means memory
  // exhaustion.
  bool Compress(std::string_view in, std::string* out);

 private:
  z_stream stream_{};
  bool ready_ = false;
};

enum class InflateResult { kOk, kTooLarge, kCorrupt };

// Inflates a gzip (or zlib) body into *out, failing with kTooLarge as soon as
// the output would exceed max_bytes, so a small "zip bomb" cannot exhaust
// memory. Concatenated gzip members are accepted.
InflateResult GunzipBounded(std::string_view in, size_t max_bytes, std::string* out);

}  // namespace lienthong::http
