// ClientAuthenticator: who is calling the token, revocation and
// introspection endpoints.
//
// - private_key_jwt (SMART Backend Services, RFC 7523): client_assertion_type
//   urn:ietf:params:oauth:client-assertion-type:jwt-bearer and a
//   client_assertion signed RS384 or ES384 with a key of the client's
//   registered JWKS; iss = sub = client id, aud = the token URL, exp at most
//   5 minutes ahead, jti never seen before.
// - client_secret_basic: Authorization: Basic with the client id and secret.
// - public clients (no secret, no keys) name themselves with client_id, and
//   only where `allow_public` (the authorization code grant, whose PKCE
//   verifier proves the caller).
//
// Thread safety: Authenticate() may be called from any thread.
#pragma once

#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "auth/account_store.h"
#include "auth/oauth_error.h"
#include "auth/trusted_issuer.h"

namespace lienthong::auth {

inline constexpr std::string_view kJwtBearerAssertion =
    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

using FormParams = std::vector<std::pair<std::string, std::string>>;
// The first value of `name` in a form, or empty.
std::string FormValue(const FormParams& form, std::string_view name);

class ClientAuthenticator {
 public:
  // `accounts` must outlive this; `fetch` reads a client's jwks_url.
  ClientAuthenticator(const AccountStore& accounts, JwksFetcher fetch);

  OAuthResult<Client> Authenticate(const FormParams& form, std::string_view authorization,
                                   const std::string& token_url, bool allow_public);

 private:
  OAuthResult<Client> ByAssertion(const FormParams& form, const std::string& token_url);
  OAuthResult<Client> BySecret(std::string_view authorization);
  // Whether the jti is new (and remembers it until `exp`).
  bool FirstUse(const std::string& client_id, const std::string& jti, int64_t exp);

  const AccountStore& accounts_;
  const JwksFetcher fetch_;
  std::mutex mu_;
  std::unordered_map<std::string, int64_t> seen_jti_;  // client|jti -> exp; guarded by mu_
};

}  // namespace lienthong::auth
