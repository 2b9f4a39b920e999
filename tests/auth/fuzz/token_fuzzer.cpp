// libFuzzer target: everything a client controls on the way from an
// Authorization header to a verified principal, before any key or account
// is consulted: the header, the token's three parts, their base64url and
// JSON, the algorithm allow-list, the signature check, and scope strings.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "auth/base64url.h"
#include "auth/bearer.h"
#include "auth/jwk.h"
#include "auth/jwt.h"
#include "auth/scope.h"

namespace {

EVP_PKEY* Key() {
  static lienthong::auth::Pkey key = std::move(lienthong::auth::GenerateEcKey("P-256").value());
  return key.get();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lienthong::auth;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view token;
  if (ParseBearer(input, &token) == BearerParse::kOk) {
    lienthong::Result<Jwt> jwt = ParseJwt(token);
    if (jwt.ok()) {
      (void)VerifySignature(*jwt, Key());
      (void)jwt->time_claim("exp");
      (void)jwt->claim("iss");
    }
  }
  // The input as a token itself, and as scopes.
  lienthong::Result<Jwt> direct = ParseJwt(input);
  if (direct.ok()) (void)VerifySignature(*direct, Key());
  (void)Base64UrlDecode(input);
  const ScopeSet scopes = ScopeSet::Parse(input);
  (void)scopes.Granting("Observation", kRead | kSearch);
  (void)scopes.Intersect(ScopeSet::Parse("user/*.rs patient/Observation.rs?category=laboratory"));
  return 0;
}
