// http::Server: the Boost.Beast HTTP/1.1 server that lienthong serve runs.
//
// It owns the listening socket and a pool of I/O threads. It reads requests
// with the configured limits, hands each complete request to the Handler,
// writes the response (gzip-compressed when the client accepts it), and keeps
// connections alive. It knows nothing of FHIR: errors it detects itself (body
// too large, headers too large, malformed HTTP, read timeout) are answered with
// the response built by the ErrorResponder the caller supplies.
//
// With a certificate and key it speaks TLS (1.2 and 1.3, see tls_context.h)
// on every connection of its port, and never plain HTTP there. Every response
// carries X-Content-Type-Options: nosniff; over TLS also
// Strict-Transport-Security.
//
// Thread safety: Start(), ReloadTls() and Stop() are called from one
// controlling thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "http/message.h"

namespace lienthong::http {

struct ServerOptions {
  std::string bind_address = "0.0.0.0";
  uint16_t port = 8080;  // 0 picks a free port; see Server::port()
  int io_threads = 2;
  size_t max_body_bytes = 64ull << 20;
  size_t max_header_bytes = 16 << 10;
  std::chrono::milliseconds read_timeout{30000};     // idle keep-alive and slow clients
  std::chrono::milliseconds request_timeout{60000};  // sets Request::deadline
  size_t gzip_min_bytes = 1024;                      // smaller bodies are sent as they are
  size_t max_connections = 10000;
  // PEM files. Both set: TLS on every connection; both empty: plain HTTP.
  // The certificate file may hold the chain (server certificate first).
  std::string tls_cert_file;
  std::string tls_key_file;
};

// Builds the response for an error the server detects before the handler runs.
using ErrorResponder = std::function<Response(int http_status, const std::string& message)>;

class Server {
 public:
  Server(ServerOptions options, Handler handler, ErrorResponder error_responder);
  ~Server();  // stops if still running
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the I/O threads. Fails if the address cannot be bound,
  // or (kInvalid) if only one of the TLS files is given, or the certificate
  // or key cannot be read or do not match.
  Status Start();
  // Reads the TLS certificate and key files again, for certificate renewal
  // without a restart. On success connections accepted from now on use them;
  // open connections keep the ones they started with. On failure nothing
  // changes and the Status says why. Fails when TLS is off.
  Status ReloadTls();
  bool tls() const;
  // The bound port (useful when options.port was 0). Valid after Start().
  uint16_t port() const;
  // Stops accepting, lets in-flight requests finish and their responses be
  // written (up to `grace`), then closes every connection and joins threads.
  void Stop(std::chrono::milliseconds grace = std::chrono::milliseconds(10000));

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lienthong::http
