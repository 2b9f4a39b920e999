// Password hashing with Argon2id (libargon2, RFC 9106). Parameters follow
// the OWASP recommendation for interactive sign-in: 19 MiB of memory, two
// passes, one lane; a 16-byte random salt; a 32-byte hash. The result is
// the standard encoded form ($argon2id$v=19$m=19456,t=2,p=1$salt$hash),
// which carries its own parameters, so they can be raised later without
// invalidating stored hashes.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace lienthong::auth {

inline constexpr uint32_t kArgon2MemoryKib = 19456;
inline constexpr uint32_t kArgon2Passes = 2;
inline constexpr uint32_t kArgon2Lanes = 1;
// Passwords shorter than this are refused when set.
inline constexpr size_t kMinPasswordLength = 10;
inline constexpr size_t kMaxPasswordLength = 1024;

// The encoded Argon2id hash of `password`; kInvalid when it is too short or
// too long.
Result<std::string> HashPassword(std::string_view password);
// Whether `password` matches `encoded` (libargon2 compares in constant time).
// False for a malformed encoding.
bool VerifyPassword(std::string_view password, const std::string& encoded);
// Runs one hash of the same cost, for sign-ins with an unknown user name, so
// that timing does not tell which user names exist.
void SpendPasswordTime(std::string_view password);

}  // namespace lienthong::auth
