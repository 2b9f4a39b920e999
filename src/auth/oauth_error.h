// OAuthError: how the token, revocation and introspection endpoints refuse a
// request (RFC 6749 section 5.2): an error code, a description safe to show,
// and the HTTP status.
#pragma once

#include <string>
#include <variant>

namespace lienthong::auth {

struct OAuthError {
  int status = 400;
  std::string error;        // invalid_request, invalid_client, invalid_grant, ...
  std::string description;  // never holds a token, code or secret
};

inline OAuthError InvalidRequest(std::string d) { return {400, "invalid_request", std::move(d)}; }
inline OAuthError InvalidClient(std::string d) { return {401, "invalid_client", std::move(d)}; }
inline OAuthError InvalidGrant(std::string d) { return {400, "invalid_grant", std::move(d)}; }
inline OAuthError InvalidScope(std::string d) { return {400, "invalid_scope", std::move(d)}; }
inline OAuthError UnauthorizedClient(std::string d) {
  return {400, "unauthorized_client", std::move(d)};
}

// A value, or the OAuth error that refused it.
template <typename T>
using OAuthResult = std::variant<T, OAuthError>;

}  // namespace lienthong::auth
