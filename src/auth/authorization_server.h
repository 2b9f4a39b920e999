// AuthorizationServer: the built-in OAuth 2 server under /auth/, as SMART
// App Launch 2 and SMART Backend Services describe it.
//
//   GET  /auth/authorize   sign-in page (authorization code flow, PKCE S256)
//   POST /auth/authorize   the sign-in form; redirects with code and state
//   POST /auth/token       authorization_code, refresh_token, client_credentials
//   POST /auth/revoke      RFC 7009
//   POST /auth/introspect  RFC 7662 (clients with a secret or keys)
//   GET  /auth/jwks        the server's public signing keys
//
// Requests that cannot be sent back to a client (unknown client, a
// redirect_uri that is not registered exactly) get an error page and are
// never redirected. Sign-in and token requests are rate-limited per client
// address; answers carrying tokens are never cached.
//
// Thread safety: Handle() may be called from any thread.
#pragma once

#include <string>

#include "auth/account_store.h"
#include "auth/client_authentication.h"
#include "auth/rate_limiter.h"
#include "auth/token_service.h"
#include "http/message.h"

namespace lienthong::auth {

// Where this server is, as clients see it.
struct PublicUrls {
  std::string configured_origin;  // "https://emr.example.vn"; empty: from each request's Host

  // "https://host:port" for a request.
  std::string Origin(const http::Request& request) const;
  std::string FhirBase(const http::Request& request) const { return Origin(request) + "/fhir"; }
  std::string TokenUrl(const http::Request& request) const {
    return Origin(request) + "/auth/token";
  }
};

class AuthorizationServer {
 public:
  // All must outlive the server.
  AuthorizationServer(AccountStore& accounts, TokenService& tokens, ClientAuthenticator& clients,
                      RateLimiter& limiter, PublicUrls urls);

  // Answers a request whose path starts with /auth/ (but not /auth/admin/).
  http::Response Handle(const http::Request& request);

 private:
  http::Response Authorize(const http::Request& request);
  http::Response Token(const http::Request& request);
  http::Response Revoke(const http::Request& request);
  http::Response Introspect(const http::Request& request);
  http::Response Jwks() const;

  AccountStore& accounts_;
  TokenService& tokens_;
  ClientAuthenticator& clients_;
  RateLimiter& limiter_;
  const PublicUrls urls_;
};

// An OAuth JSON answer ({"error": ..., "error_description": ...}) with
// Cache-Control: no-store.
http::Response OAuthErrorResponse(const OAuthError& error);
http::Response OAuthJsonResponse(int status, const json::Value& body);

}  // namespace lienthong::auth
