// JSON Web Keys (RFC 7517, 7518): the public keys that sign tokens, as the
// server publishes its own at jwks_uri and as clients and identity providers
// register theirs. Only the key types lienthong accepts are understood: RSA
// of at least 2048 bits, and EC on P-256 or P-384.
#pragma once

#include <openssl/evp.h>

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "json/value.h"

namespace lienthong::auth {

struct PkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
// Keys are immutable once made, so one may be shared between threads.
using SharedPkey = std::shared_ptr<EVP_PKEY>;

// One public key from a JWKS.
struct Jwk {
  std::string kid;  // may be empty
  std::string kty;  // "RSA" or "EC"
  std::string alg;  // as registered; may be empty
  SharedPkey key;
};

// A public key from one JWK object; kInvalid names what is wrong (unknown kty,
// unsupported curve, RSA under 2048 bits, bad base64url, a private member).
Result<Jwk> ParseJwk(const json::Value& jwk);
// Every usable key of a JWKS document ({"keys": [...]}); keys that are not
// for signatures ("use": "enc") or of unsupported types are skipped. kInvalid
// when the text is not a JWKS or holds no usable key.
Result<std::vector<Jwk>> ParseJwks(std::string_view text);

// The public JWK of a key (RSA: n, e; EC: crv, x, y), with kid and alg set.
Result<json::Value> PublicJwk(EVP_PKEY* key, const std::string& kid, const std::string& alg);
// The RFC 7638 thumbprint of a key, base64url: a stable kid.
Result<std::string> Thumbprint(EVP_PKEY* key);

// A private key from PEM text, or the PEM text of a private key.
Result<Pkey> ReadPrivateKeyPem(std::string_view pem);
Result<std::string> WritePrivateKeyPem(EVP_PKEY* key);
// A new EC key on P-256 ("P-256") or P-384 ("P-384"), or an RSA key of `bits`.
Result<Pkey> GenerateEcKey(const std::string& curve);
Result<Pkey> GenerateRsaKey(int bits);

}  // namespace lienthong::auth
