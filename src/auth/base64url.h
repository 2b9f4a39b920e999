// Base64url without padding (RFC 4648 section 5), the encoding of every part
// of a JWT and of every number in a JWK.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lienthong::auth {

std::string Base64UrlEncode(std::string_view bytes);
// The decoded bytes; nullopt when `text` holds a character outside the
// base64url alphabet, padding, or a length no encoding produces.
std::optional<std::string> Base64UrlDecode(std::string_view text);

// `n` bytes from OpenSSL's CSPRNG, base64url-encoded: opaque tokens, codes, ids.
std::string RandomToken(size_t n = 32);
// The SHA-256 of `text`, base64url-encoded: what is stored of a secret token.
std::string Sha256Base64Url(std::string_view text);
// Constant-time equality of two strings (their lengths are not secret).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace lienthong::auth
