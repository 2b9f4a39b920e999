#include "http/gzip.h"

#include <algorithm>
#include <cstdlib>

#include "http/message.h"

namespace lienthong::http {
namespace {

// The q-value of one Accept-Encoding element's parameters ("q=0.5"); 1 when absent.
double QValue(std::string_view params) {
  while (!params.empty()) {
    size_t semi = params.find(';');
    std::string_view param = TrimWhitespace(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
      std::string value(TrimWhitespace(param.substr(2)));
      return std::strtod(value.c_str(), nullptr);
    }
  }
  return 1.0;
}

}  // namespace

bool AcceptsGzip(std::string_view accept_encoding) {
  double gzip_q = -1;  // not listed
  double star_q = -1;
  while (!accept_encoding.empty()) {
    size_t comma = accept_encoding.find(',');
    std::string_view element = accept_encoding.substr(0, comma);
    accept_encoding =
        comma == std::string_view::npos ? std::string_view() : accept_encoding.substr(comma + 1);
    size_t semi = element.find(';');
    std::string_view coding = TrimWhitespace(element.substr(0, semi));
    std::string_view params =
        semi == std::string_view::npos ? std::string_view() : element.substr(semi + 1);
    if (EqualsIgnoreCase(coding, "gzip") || EqualsIgnoreCase(coding, "x-gzip")) {
      gzip_q = QValue(params);
    } else if (coding == "*") {
      star_q = QValue(params);
    }
  }
  if (gzip_q >= 0) return gzip_q > 0;
  return star_q > 0;
}

GzipCompressor::GzipCompressor(int level) {
  // windowBits 15 + 16 asks zlib for a gzip header and trailer.
  ready_ = deflateInit2(&stream_, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK;
}

GzipCompressor::~GzipCompressor() {
  if (ready_) deflateEnd(&stream_);
}

bool GzipCompressor::Compress(std::string_view in, std::string* out) {
  if (!ready_ || deflateReset(&stream_) != Z_OK) return false;
  out->resize(deflateBound(&stream_, static_cast<uLong>(in.size())));
  stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  stream_.avail_in = static_cast<uInt>(in.size());
  stream_.next_out = reinterpret_cast<Bytef*>(out->data());
  stream_.avail_out = static_cast<uInt>(out->size());
  // deflateBound guarantees one Z_FINISH call completes.
  if (deflate(&stream_, Z_FINISH) != Z_STREAM_END) return false;
  out->resize(stream_.total_out);
  return true;
}

InflateResult GunzipBounded(std::string_view in, size_t max_bytes, std::string* out) {
  z_stream stream{};
  // windowBits 15 + 32: detect gzip or zlib headers automatically.
  if (inflateInit2(&stream, 15 + 32) != Z_OK) return InflateResult::kCorrupt;
  out->clear();
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  stream.avail_in = static_cast<uInt>(in.size());
  InflateResult result = InflateResult::kOk;
  char chunk[16384];
  while (true) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof(chunk);
    int rc = inflate(&stream, Z_NO_FLUSH);
    size_t produced = sizeof(chunk) - stream.avail_out;
    if (out->size() + produced > max_bytes) {
      result = InflateResult::kTooLarge;
      break;
    }
    out->append(chunk, produced);
    if (rc == Z_STREAM_END) {
      if (stream.avail_in == 0) break;
      // Another gzip member follows.
      if (inflateReset(&stream) != Z_OK) {
        result = InflateResult::kCorrupt;
        break;
      }
      continue;
    }
    if (rc == Z_BUF_ERROR && stream.avail_in == 0) {
      result = InflateResult::kCorrupt;  // truncated input
      break;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      result = InflateResult::kCorrupt;
      break;
    }
  }
  inflateEnd(&stream);
  return result;
}

}  // namespace lienthong::http
