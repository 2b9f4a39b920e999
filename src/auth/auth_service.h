// AuthService: everything sign-in needs, assembled once per server: the
// accounts, the signing keys, the token service, the verifier (with the
// trusted external issuers), the authorization server under /auth/ and its
// administration API. The request pipeline (api/) asks it for the Principal
// of every request.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "auth/account_store.h"
#include "auth/admin_api.h"
#include "auth/authorization_server.h"
#include "auth/client_authentication.h"
#include "auth/rate_limiter.h"
#include "auth/token_service.h"
#include "auth/token_verifier.h"
#include "auth/trusted_issuer.h"
#include "http/message.h"
#include "store/resource_store.h"

namespace lienthong::auth {

struct AuthOptions {
  // Off: every request is served as the open principal (local development
  // and tests only; the server refuses this unless bound to loopback).
  bool enabled = true;
  std::string keys_folder;        // <data_dir>/auth/signing-keys
  std::string configured_origin;  // from base_url; empty: each request's Host
  std::string issuer;             // iss of the server's own tokens
  std::vector<TrustedIssuerConfig> trusted_issuers;
  unsigned rate_limit_per_minute = 120;  // sign-in and token requests per client address
  std::chrono::seconds access_lifetime{15 * 60};
  JwksFetcher fetch;  // reads jwks_url of clients and issuers; may be empty
};

class AuthService {
 public:
  // Loads accounts, keys and revocations from `store` (which must outlive
  // the service) and the trusted issuers' JWKS. Fails with the first error.
  static Result<std::unique_ptr<AuthService>> Open(store::ResourceStore& store,
                                                   AuthOptions options);

  bool enabled() const { return options_.enabled; }
  AccountStore& accounts() { return accounts_; }
  const TokenService& tokens() const { return *tokens_; }

  // The principal of a FHIR request whose base URL (the token's expected
  // audience) is `audience`: open when auth is off, anonymous without an
  // Authorization header, kUnauthorized for a bad one.
  Result<PrincipalPtr> Authenticate(const http::Request& request, const std::string& audience);
  // Answers a request under /auth/ (authorization server and admin API).
  http::Response HandleAuthEndpoint(const http::Request& request);
  // GET [base]/.well-known/smart-configuration.
  json::Value SmartConfiguration(const http::Request& request) const;
  // The authorize and token URLs for the CapabilityStatement's security.
  std::string Origin(const http::Request& request) const { return urls_.Origin(request); }

 private:
  AuthService(store::ResourceStore& store, AuthOptions options);

  const AuthOptions options_;
  const PublicUrls urls_;
  AccountStore accounts_;
  std::unique_ptr<TokenService> tokens_;
  std::unique_ptr<TokenVerifier> verifier_;
  std::unique_ptr<ClientAuthenticator> clients_;
  RateLimiter limiter_;
  std::unique_ptr<AuthorizationServer> server_;
  std::unique_ptr<AdminApi> admin_;
};

}  // namespace lienthong::auth
