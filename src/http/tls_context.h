// The OpenSSL server context of http::Server when it speaks TLS: the
// certificate chain and key it presents, and the protocol policy it enforces.
//
// Policy: TLS 1.2 and 1.3 only. For TLS 1.2, ECDHE key exchange with AES-GCM
// or ChaCha20-Poly1305 (forward secrecy, AEAD ciphers); TLS 1.3 keeps
// OpenSSL's default suites, which are all of that kind. The server's cipher
// order wins; compression (CRIME) and renegotiation are off.
#pragma once

#include <memory>
#include <string>

#include <boost/asio/ssl/context.hpp>

#include "common/status.h"

namespace lienthong::http {

// Builds a context from PEM files: `cert_file` holds the server certificate
// followed by any intermediate certificates, `key_file` the unencrypted
// private key. Fails (kInvalid) naming the file and OpenSSL's reason when a
// file cannot be read or parsed, when the key is protected by a passphrase,
// or when the key does not match the certificate. Never puts key material in
// the message. Connections share the returned context; each holds a reference
// for as long as it lives, so replacing it does not disturb them.
Result<std::shared_ptr<boost::asio::ssl::context>> MakeTlsContext(const std::string& cert_file,
                                                                  const std::string& key_file);

}  // namespace lienthong::http
