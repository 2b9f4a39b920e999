// JSON Web Tokens in compact form (RFC 7519, 7515): parsed, verified and
// signed. Only asymmetric algorithms are understood, from one allow-list:
// RS256, RS384, ES256, ES384. "none" and every HMAC algorithm are refused
// before any key is looked at, so a public key can never be used as an
// HMAC secret.
#pragma once

#include <openssl/evp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "json/value.h"

namespace lienthong::auth {

enum class JwsAlgorithm { kRs256, kRs384, kEs256, kEs384 };

// The algorithm for an "alg" name; nullopt for any name not on the allow-list.
std::optional<JwsAlgorithm> AlgorithmNamed(std::string_view name);
std::string_view AlgorithmName(JwsAlgorithm alg);

// Tokens longer than this are refused unparsed.
inline constexpr size_t kMaxTokenBytes = size_t{16} * 1024;

struct Jwt {
  json::Value header;
  json::Value claims;
  JwsAlgorithm alg = JwsAlgorithm::kEs256;
  std::string kid;
  std::string signing_input;  // "header.payload" as received
  std::string signature;      // decoded bytes

  // A string claim, or empty.
  std::string_view claim(std::string_view name) const { return claims.get_string(name); }
  // A numeric date claim (seconds since the epoch); nullopt when absent or
  // not a whole number.
  std::optional<int64_t> time_claim(std::string_view name) const;
};

// Splits and decodes a compact JWS. kInvalid (with a message safe to log,
// never the token) when it is not three base64url parts of JSON objects, is
// too long, or names an algorithm outside the allow-list. The signature is
// not checked here.
Result<Jwt> ParseJwt(std::string_view token);

// Whether `jwt` was signed by `key` with jwt.alg; the key type (and curve)
// must be the one the algorithm names.
bool VerifySignature(const Jwt& jwt, EVP_PKEY* key);

// A compact JWS of `claims`, signed by `key` with `alg`; `kid` in the header
// when not empty.
Result<std::string> SignJwt(const json::Value& claims, JwsAlgorithm alg, EVP_PKEY* key,
                            const std::string& kid);

}  // namespace lienthong::auth
