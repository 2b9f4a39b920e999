// SigningKeys: the server's own keys for access tokens. The first start
// generates an ES256 (P-256) key into <data_dir>/auth/signing-keys/ (PEM,
// mode 0600); `lienthong signing-key rotate` adds a newer one. The newest
// key signs; every key in the folder is published at jwks_uri and verifies,
// so tokens signed before a rotation stay valid until they expire; removing
// the old file retires it.
//
// Thread safety: immutable after Load(); a rotation takes effect at the
// next start.
#pragma once

#include <string>
#include <vector>

#include "auth/jwk.h"
#include "auth/jwt.h"
#include "common/status.h"
#include "json/value.h"

namespace lienthong::auth {

struct SigningKey {
  std::string kid;  // RFC 7638 thumbprint
  JwsAlgorithm alg = JwsAlgorithm::kEs256;
  SharedPkey key;
  int64_t created = 0;  // seconds since the epoch (from the file name)
};

class SigningKeys {
 public:
  // Loads every key of `folder`, creating the folder and a first key when
  // there is none. kIoError when the folder cannot be read or written,
  // kInvalid for a file that is not a usable private key.
  static Result<SigningKeys> Load(const std::string& folder);
  // Writes a new key into `folder`, which becomes the signing key at the
  // next Load(); its kid.
  static Result<std::string> Rotate(const std::string& folder);

  const SigningKey& current() const { return keys_.back(); }
  // The key with this kid, or nullptr.
  const SigningKey* Find(std::string_view kid) const;
  // {"keys": [...]} with every public key.
  json::Value PublicJwks() const;

 private:
  std::vector<SigningKey> keys_;  // oldest first; never empty after Load()
};

}  // namespace lienthong::auth
