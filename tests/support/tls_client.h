// A small synchronous HTTPS client for tests: one TLS connection at a time,
// with the protocol versions and security level under the test's control, so
// that tests can check what the server accepts and which certificate it shows.
// It does not verify the server's certificate: tests compare it themselves.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "support/http_client.h"

namespace lienthong::testing {

struct TlsClientOptions {
  int min_version = 0;  // TLS1_2_VERSION, ...; 0: OpenSSL's default
  int max_version = 0;  // 0: the highest OpenSSL supports
  // -1 keeps OpenSSL's default; 0 lets it offer protocols and ciphers it
  // otherwise refuses (to try an outdated client against the server).
  int security_level = -1;
  std::string tls12_ciphers;  // empty: OpenSSL's default list
};

class TlsClient {
 public:
  TlsClient(std::string host, uint16_t port, TlsClientOptions options = {},
            std::chrono::milliseconds timeout = std::chrono::seconds(10));
  ~TlsClient();
  TlsClient(const TlsClient&) = delete;
  TlsClient& operator=(const TlsClient&) = delete;

  // Connects and completes the handshake, dropping any earlier connection.
  // Returns an empty string on success, else why it failed.
  std::string Connect();
  // Sends a GET on the open connection and reads the response; status 0 and
  // error set when there is no connection or the exchange fails.
  ClientResponse Get(std::string_view target);

  // About the open connection; empty when there is none.
  std::string protocol() const;          // "TLSv1.2", "TLSv1.3"
  std::string cipher() const;            // OpenSSL's name of the negotiated suite
  std::string peer_serial() const;       // the server certificate's serial, in decimal
  std::string peer_common_name() const;  // its subject CN

 private:
  struct Transport;
  std::string host_;
  uint16_t port_;
  TlsClientOptions options_;
  std::chrono::milliseconds timeout_;
  std::unique_ptr<Transport> transport_;
};

}  // namespace lienthong::testing
