// The status line and header fields of a response, serialised by hand into a
// reused buffer: cheaper than a Beast fields container on the hot read path.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "http/message.h"

namespace lienthong::http {

struct ResponseHeadOptions {
  size_t content_length = 0;
  bool keep_alive = true;
  bool http10 = false;   // an HTTP/1.0 client needs "Connection: keep-alive" spelled out
  bool gzipped = false;  // adds Content-Encoding: gzip
  // Adds Accept-Encoding to Vary (merged with the handler's Vary): set for every
  // response that would be gzipped for a client that asked, so caches keep
  // the two representations apart.
  bool vary_accept_encoding = false;
  std::string_view request_id;  // echoed as X-Request-Id unless the handler set one
  // Adds Strict-Transport-Security (one year): set on every response sent
  // over TLS, so that browsers never fall back to plain HTTP for this host.
  bool strict_transport_security = false;
};

// Replaces *out with "HTTP/1.1 <status> <reason>\r\n", the handler's headers,
// then Server, X-Content-Type-Options: nosniff (on every response, so that
// browsers never guess a type other than Content-Type), Date, Content-Length,
// Connection and X-Request-Id, and the blank line. The server owns framing and
// those transport policies: handler headers named Content-Length,
// Transfer-Encoding, Connection, X-Content-Type-Options or
// Strict-Transport-Security are dropped, and so is any header whose name or
// value contains CR or LF (no response splitting).
void SerializeResponseHead(const Response& response, const ResponseHeadOptions& options,
                           std::string* out);

}  // namespace lienthong::http
