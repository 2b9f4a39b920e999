// TokenService: what the built-in authorisation server issues and keeps.
//
// - Authorization codes (SMART App Launch, RFC 6749 with PKCE S256): held in
//   memory, single-use, expiring within 60 seconds; a code used twice
//   revokes what its first use issued.
// - Access tokens: JWTs signed with the server's current key (ES256), 15
//   minutes by default, with the claims the rest of the server reads
//   (scope, roles, facility, fhirUser, patient, client_id).
// - Refresh tokens: opaque, stored hashed as system records, rotated on
//   every use; presenting a used one revokes its whole family (every refresh
//   and access token descended from the same sign-in).
// - Revocation of access tokens by jti (RFC 7009), kept until they expire.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "auth/account_store.h"
#include "auth/jwt.h"
#include "auth/oauth_error.h"
#include "auth/principal.h"
#include "auth/signing_keys.h"
#include "json/value.h"
#include "store/resource_store.h"

namespace lienthong::auth {

struct TokenServiceOptions {
  std::string issuer;  // "iss" of every token this server signs
  std::chrono::seconds access_lifetime{15 * 60};
  std::chrono::seconds code_lifetime{60};
  std::chrono::seconds online_refresh_lifetime{8 * 3600};
  std::chrono::seconds offline_refresh_lifetime{30 * 24 * 3600};
};

// What an authorization code stands for, fixed when the user signed in.
struct CodeGrant {
  std::string client_id;
  std::string redirect_uri;
  std::string code_challenge;  // S256 of the verifier, base64url
  std::string username;
  std::string scope;     // granted
  std::string patient;   // launch context, may be empty
  std::string audience;  // the FHIR base URL the token is for
};

class TokenService {
 public:
  // All must outlive the service.
  TokenService(store::ResourceStore& store, AccountStore& accounts, SigningKeys keys,
               TokenServiceOptions options);
  // Loads revoked token ids and families. kIoError on a storage failure.
  Status Load();

  const TokenServiceOptions& options() const { return options_; }
  const SigningKeys& keys() const { return keys_; }

  // A new code for the grant.
  std::string IssueCode(CodeGrant grant);
  // grant_type=authorization_code for `client` (already authenticated).
  OAuthResult<json::Value> ExchangeCode(const Client& client, const std::string& code,
                                        const std::string& redirect_uri,
                                        const std::string& code_verifier);
  // grant_type=refresh_token; `scope`, when not empty, may only narrow.
  OAuthResult<json::Value> Refresh(const Client& client, const std::string& refresh_token,
                                   const std::string& scope);
  // grant_type=client_credentials: a token for the client itself.
  OAuthResult<json::Value> ClientCredentials(const Client& client, const std::string& scope,
                                             const std::string& audience);

  // RFC 7009: revokes an access or refresh token the client holds; unknown
  // tokens are not an error (the endpoint answers 200 either way).
  Status Revoke(const Client& client, const std::string& token);
  // RFC 7662: {"active": false} or the token's claims with "active": true.
  json::Value Introspect(const std::string& token, const std::string& audience);

  // Verifies a token this server signed, for `audience`: signature, iss, aud,
  // exp, nbf (60 s skew), revocation, the account still active. kUnauthorized
  // with a message safe to log.
  Result<PrincipalPtr> VerifyOwn(const Jwt& jwt, const std::string& audience) const;
  // Whether the principal's token is still good (not revoked, account
  // active): asked on every request, also for cached principals.
  bool StillValid(const Principal& principal) const;

 private:
  struct PendingCode {
    CodeGrant grant;
    std::chrono::steady_clock::time_point expires;
    bool used = false;
    std::string family;  // set when used
  };
  // Issues an access token (and, when `family` is not empty, a refresh token).
  OAuthResult<json::Value> IssueTokens(const std::string& subject, bool is_user,
                                       const Client& client, const std::string& scope,
                                       const std::string& patient, const std::string& audience,
                                       const std::string& family);
  Result<std::string> SignAccessToken(const std::string& subject, bool is_user,
                                      const Client& client, const std::string& scope,
                                      const std::string& patient, const std::string& audience,
                                      const std::string& family, std::string* jti);
  Result<std::string> NewRefreshToken(const std::string& family, const std::string& subject,
                                      const Client& client, const std::string& scope,
                                      const std::string& patient, const std::string& audience);
  Status RevokeFamily(const std::string& family);
  Status RevokeAccessToken(const Jwt& jwt);
  Result<PrincipalPtr> PrincipalFromClaims(const Jwt& jwt) const;

  store::ResourceStore& store_;
  AccountStore& accounts_;
  const SigningKeys keys_;
  const TokenServiceOptions options_;

  std::mutex codes_mu_;
  std::unordered_map<std::string, PendingCode> codes_;  // by code hash; guarded by codes_mu_
  std::mutex refresh_mu_;  // serialises refresh-token rotation, so a token is used once
  mutable std::shared_mutex revoked_mu_;
  std::unordered_map<std::string, int64_t> revoked_jti_;  // jti -> exp; guarded by revoked_mu_
  std::unordered_set<std::string> revoked_families_;      // guarded by revoked_mu_
};

}  // namespace lienthong::auth
