#include "auth/password.h"

#include <argon2.h>

#include <vector>

#include "auth/base64url.h"

namespace lienthong::auth {

Result<std::string> HashPassword(std::string_view password) {
  if (password.size() < kMinPasswordLength) {
    return Status::Invalid("a password must have at least " + std::to_string(kMinPasswordLength) +
                           " characters");
  }
  if (password.size() > kMaxPasswordLength) return Status::Invalid("the password is too long");
  std::string salt(16, '\0');
  const std::string random = RandomToken(16);
  // 16 random bytes, base64url-encoded: take them back as raw salt bytes.
  std::optional<std::string> raw = Base64UrlDecode(random);
  salt = raw ? *raw : random.substr(0, 16);
  const size_t encoded_len = argon2_encodedlen(kArgon2Passes, kArgon2MemoryKib, kArgon2Lanes,
                                               static_cast<uint32_t>(salt.size()), 32, Argon2_id);
  std::vector<char> encoded(encoded_len);
  const int rc = argon2id_hash_encoded(kArgon2Passes, kArgon2MemoryKib, kArgon2Lanes,
                                       password.data(), password.size(), salt.data(), salt.size(),
                                       32, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) return Status::Internal(argon2_error_message(rc));
  return std::string(encoded.data());
}

bool VerifyPassword(std::string_view password, const std::string& encoded) {
  if (password.size() > kMaxPasswordLength || !encoded.starts_with("$argon2id$")) return false;
  return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

void SpendPasswordTime(std::string_view password) {
  static const std::string kDummy = [] {
    Result<std::string> h = HashPassword("lienthong-timing-equaliser");
    return h.ok() ? *h : std::string();
  }();
  (void)VerifyPassword(password.substr(0, kMaxPasswordLength), kDummy);
}

}  // namespace lienthong::auth
