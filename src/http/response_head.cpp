#include "http/response_head.h"

#include <charconv>
#include <ctime>

#include <boost/beast/http/status.hpp>

namespace lienthong::http {
namespace {

bool HasLineBreak(std::string_view s) {
  for (char c : s) {
    if (c == '\r' || c == '\n') return true;
  }
  return false;
}

// The header fields the server writes itself, recognised by length first so
// that the common case (Content-Type, ETag, Location, ...) costs no string
// comparison.
enum class Reserved { kNone, kFraming, kTransportPolicy, kContentEncoding, kVary, kRequestId };

Reserved Classify(std::string_view name) {
  switch (name.size()) {
    case 4:
      return EqualsIgnoreCase(name, "Vary") ? Reserved::kVary : Reserved::kNone;
    case 10:
      return EqualsIgnoreCase(name, "Connection") ? Reserved::kFraming : Reserved::kNone;
    case 12:
      return EqualsIgnoreCase(name, "X-Request-Id") ? Reserved::kRequestId : Reserved::kNone;
    case 14:
      return EqualsIgnoreCase(name, "Content-Length") ? Reserved::kFraming : Reserved::kNone;
    case 16:
      return EqualsIgnoreCase(name, "Content-Encoding") ? Reserved::kContentEncoding
                                                        : Reserved::kNone;
    case 17:
      return EqualsIgnoreCase(name, "Transfer-Encoding") ? Reserved::kFraming : Reserved::kNone;
    case 22:
      return EqualsIgnoreCase(name, "X-Content-Type-Options") ? Reserved::kTransportPolicy
                                                              : Reserved::kNone;
    case 25:
      return EqualsIgnoreCase(name, "Strict-Transport-Security") ? Reserved::kTransportPolicy
                                                                 : Reserved::kNone;
    default:
      return Reserved::kNone;
  }
}

void AppendNumber(size_t n, std::string* out) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof(digits), n);
  out->append(digits, end);
}

// The IMF-fixdate of the current second, formatted once per second per thread.
std::string_view CurrentHttpDate() {
  thread_local std::time_t cached_second = 0;
  thread_local char text[40];
  thread_local size_t length = 0;
  std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    length = std::strftime(text, sizeof(text), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    cached_second = now;
  }
  return std::string_view(text, length);
}

}  // namespace

void SerializeResponseHead(const Response& response, const ResponseHeadOptions& options,
                           std::string* out) {
  out->clear();
  out->append("HTTP/1.1 ");
  int status = response.status >= 100 && response.status <= 999 ? response.status : 500;
  AppendNumber(static_cast<size_t>(status), out);
  out->push_back(' ');
  boost::beast::string_view reason =
      boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status));
  out->append(reason.data(), reason.size());
  out->append("\r\n");
  bool has_request_id = false;
  std::string_view handler_vary;
  for (const Header& h : response.headers) {
    if (h.name.empty() || HasLineBreak(h.name) || HasLineBreak(h.value)) continue;
    switch (Classify(h.name)) {
      case Reserved::kNone:
        break;
      case Reserved::kFraming:
      case Reserved::kTransportPolicy:
        continue;
      case Reserved::kContentEncoding:
        if (options.gzipped) continue;
        break;
      case Reserved::kVary:
        if (options.vary_accept_encoding) {
          handler_vary = h.value;
          continue;
        }
        break;
      case Reserved::kRequestId:
        has_request_id = true;
        break;
    }
    out->append(h.name);
    out->append(": ");
    out->append(h.value);
    out->append("\r\n");
  }
  if (options.gzipped) out->append("Content-Encoding: gzip\r\n");
  if (options.vary_accept_encoding) {
    out->append("Vary: ");
    if (!handler_vary.empty()) {
      out->append(handler_vary);
      out->append(", ");
    }
    out->append("Accept-Encoding\r\n");
  }
  if (!has_request_id && !options.request_id.empty()) {
    out->append("X-Request-Id: ");
    out->append(options.request_id);
    out->append("\r\n");
  }
  if (options.strict_transport_security) {
    out->append("Strict-Transport-Security: max-age=31536000\r\n");
  }
  out->append("Server: lienthong\r\nX-Content-Type-Options: nosniff\r\nDate: ");
  out->append(CurrentHttpDate());
  out->append("\r\nContent-Length: ");
  AppendNumber(options.content_length, out);
  if (!options.keep_alive) {
    out->append("\r\nConnection: close");
  } else if (options.http10) {
    out->append("\r\nConnection: keep-alive");
  }
  out->append("\r\n\r\n");
}

}  // namespace lienthong::http
