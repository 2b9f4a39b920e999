// TokenVerifier: turns a bearer token into a Principal, for every request.
//
// Tokens of this server's own issuer go to the TokenService, those of a
// trusted external issuer to that issuer; any other iss is refused. A token
// verified once is cached until it expires, keyed by its whole text and the
// audience it was checked for, so its signature is never checked again per
// request; what can change while it is cached (revocation, a disabled
// account) is asked of the TokenService on every hit, which costs two hash
// lookups.
//
// Thread safety: Verify() may be called from any thread.
#pragma once

#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "auth/principal.h"
#include "auth/token_service.h"
#include "auth/trusted_issuer.h"

namespace lienthong::auth {

class TokenVerifier {
 public:
  // `own` must outlive the verifier.
  TokenVerifier(const TokenService& own, std::vector<std::unique_ptr<TrustedIssuer>> trusted);

  // kUnauthorized (message safe to log, never the token) when the token is
  // malformed, from an unknown issuer, badly signed, expired, not yet valid,
  // for another audience, revoked, or its account is disabled.
  Result<PrincipalPtr> Verify(std::string_view token, const std::string& audience);

 private:
  struct Cached {
    PrincipalPtr principal;
    std::string audience;
  };
  Result<PrincipalPtr> VerifyUncached(std::string_view token, const std::string& audience);

  // Hashes a token by its last 32 characters (its signature: unpredictable
  // for anyone without the key, and cheap to hash); lookups by
  // string_view, so no copy is made per request.
  struct TokenHash {
    using is_transparent = void;
    size_t operator()(std::string_view token) const {
      return std::hash<std::string_view>()(token.substr(token.size() > 32 ? token.size() - 32 : 0));
    }
  };

  static constexpr size_t kMaxCached = 100000;
  const TokenService& own_;
  const std::vector<std::unique_ptr<TrustedIssuer>> trusted_;
  std::shared_mutex mu_;
  std::unordered_map<std::string, Cached, TokenHash, std::equal_to<>> cache_;  // guarded by mu_
};

}  // namespace lienthong::auth
