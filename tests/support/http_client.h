// A small synchronous HTTP/1.1 client for tests: keeps one connection alive
// across requests (reconnecting when the server closed it) and decodes gzip
// response bodies, so tests can drive an http::Server or the whole lienthong
// server over real sockets.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace lienthong::testing {

struct ClientResponse {
  int status = 0;  // 0 when the exchange failed; see error
  std::vector<http::Header> headers;
  std::string body;           // decoded when the response was gzip-encoded
  size_t wire_body_size = 0;  // bytes of body as received
  bool gzipped = false;       // the response carried Content-Encoding: gzip
  bool keep_alive = false;    // the server left the connection open
  std::string error;          // transport or parse failure, else empty

  std::string_view header(std::string_view name) const;
};

class HttpClient {
 public:
  HttpClient(std::string host, uint16_t port,
             std::chrono::milliseconds timeout = std::chrono::seconds(10));
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends one request with Content-Length framing (Host is added) and reads
  // the response. Never throws; failures come back with status 0 and error.
  ClientResponse Send(std::string_view method, std::string_view target, std::string_view body = {},
                      const std::vector<http::Header>& headers = {});
  // Writes `bytes` as they are (for malformed or hand-framed requests) and
  // reads one response.
  ClientResponse SendRaw(std::string_view bytes);

  // Connections opened so far: 1 after any number of requests on one
  // kept-alive connection.
  int connections_opened() const { return connections_opened_; }
  void Disconnect();

 private:
  struct Transport;
  bool EnsureConnected(std::string* error);
  ClientResponse Exchange(std::string_view bytes, bool head);

  std::string host_;
  uint16_t port_;
  std::chrono::milliseconds timeout_;
  std::unique_ptr<Transport> transport_;
  int connections_opened_ = 0;
};

// Gzip-compresses `data` (for sending compressed request bodies).
std::string Gzip(std::string_view data);

}  // namespace lienthong::testing
