#include "auth/token_verifier.h"

#include <mutex>

#include "auth/jwt.h"
#include "common/time.h"

namespace lienthong::auth {

TokenVerifier::TokenVerifier(const TokenService& own,
                             std::vector<std::unique_ptr<TrustedIssuer>> trusted)
    : own_(own), trusted_(std::move(trusted)) {}

Result<PrincipalPtr> TokenVerifier::Verify(std::string_view token, const std::string& audience) {
  const int64_t now = NowMicros() / 1000000;
  {
    std::shared_lock lock(mu_);
    auto it = cache_.find(token);
    if (it != cache_.end() && it->second.audience == audience &&
        it->second.principal->expires_at + 60 >= now) {
      if (!own_.StillValid(*it->second.principal)) {
        return Status::Unauthorized("the token was revoked");
      }
      return it->second.principal;
    }
  }
  Result<PrincipalPtr> verified = VerifyUncached(token, audience);
  if (!verified.ok()) return verified;
  std::unique_lock lock(mu_);
  if (cache_.size() >= kMaxCached) {
    std::erase_if(cache_, [&](const auto& e) { return e.second.principal->expires_at + 60 < now; });
    if (cache_.size() >= kMaxCached) cache_.clear();
  }
  cache_[std::string(token)] = Cached{*verified, audience};
  return verified;
}

Result<PrincipalPtr> TokenVerifier::VerifyUncached(std::string_view token,
                                                   const std::string& audience) {
  Result<Jwt> jwt = ParseJwt(token);
  if (!jwt.ok()) return Status::Unauthorized(jwt.status().message());
  const std::string_view iss = jwt->claim("iss");
  if (iss == own_.options().issuer) return own_.VerifyOwn(*jwt, audience);
  for (const std::unique_ptr<TrustedIssuer>& t : trusted_) {
    if (t->issuer() == iss) return t->Verify(*jwt);
  }
  return Status::Unauthorized("the token's issuer is not trusted here");
}

}  // namespace lienthong::auth
