// Fetching a JWKS document over HTTPS (or HTTP on a loopback address) for a
// client registered with --jwks-url and for trusted issuers with jwks_url.
// The server's certificate is verified against the system's trust store and
// the URL's host name; the answer must be 200 and at most 1 MiB, within 10
// seconds. Synchronous: called on a worker when a key is not known yet.
#pragma once

#include <string>

#include "common/status.h"

namespace lienthong::auth {

// The body at `url`; kInvalid for a URL that is not https (or http on
// loopback), kIoError for a connection, TLS or HTTP failure (the message
// names the URL, never a body).
Result<std::string> FetchJwks(const std::string& url);

}  // namespace lienthong::auth
