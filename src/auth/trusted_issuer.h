// TrustedIssuer: an external identity provider whose tokens this server
// accepts (a hospital's Keycloak, the province's single sign-on). The JSON
// config lists them under "trusted_issuers":
//
//   {"issuer": "https://sso.soyte.example.vn/realms/emr",
//    "jwks_file": "/etc/lienthong/sso-jwks.json",   (or "jwks_url")
//    "audience": "https://emr.example.vn/fhir",
//    "roles_claim": "realm_access.roles", "facility_claim": "facility",
//    "fhir_user_claim": "fhirUser", "patient_claim": "patient",
//    "scope_claim": "scope"}
//
// Claim names may be dotted paths into nested objects. Tokens give the same
// Principal as the built-in server's. Its JWKS is read again when a token
// names an unknown kid (at most once every 30 seconds).
//
// Thread safety: Verify() may be called from any thread.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

#include "auth/jwk.h"
#include "auth/jwt.h"
#include "auth/principal.h"
#include "json/value.h"

namespace lienthong::auth {

struct TrustedIssuerConfig {
  std::string issuer;
  std::string jwks_file;
  std::string jwks_url;
  std::string audience;
  std::string roles_claim = "roles";
  std::string facility_claim = "facility";
  std::string fhir_user_claim = "fhirUser";
  std::string patient_claim = "patient";
  std::string scope_claim = "scope";
};

// The configs of a "trusted_issuers" JSON array; kInvalid names the entry
// and member that is wrong.
Result<std::vector<TrustedIssuerConfig>> ParseTrustedIssuers(const json::Value& array);

// Fetches a JWKS document from a URL (jwks_fetcher.h).
using JwksFetcher = std::function<Result<std::string>(const std::string& url)>;

class TrustedIssuer {
 public:
  TrustedIssuer(TrustedIssuerConfig config, JwksFetcher fetch);
  // Reads the JWKS for the first time. kInvalid or kIoError when it cannot.
  Status Load();

  const std::string& issuer() const { return config_.issuer; }
  // Checks signature (allow-listed algorithm, key by kid), iss, aud, exp and
  // nbf with 60 s of skew; kUnauthorized with a message safe to log.
  Result<PrincipalPtr> Verify(const Jwt& jwt);

 private:
  Result<std::vector<Jwk>> ReadJwks() const;
  SharedPkey FindKey(const std::string& kid) const;
  PrincipalPtr PrincipalOf(const Jwt& jwt) const;

  const TrustedIssuerConfig config_;
  const JwksFetcher fetch_;
  mutable std::shared_mutex mu_;
  std::vector<Jwk> keys_;                            // guarded by mu_
  std::chrono::steady_clock::time_point last_read_;  // guarded by mu_
};

}  // namespace lienthong::auth
