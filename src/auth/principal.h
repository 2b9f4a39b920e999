// Principal: who is asking. Every request gets one before any handler runs
// (auth/authenticator.h), and every later decision (scopes now; facility,
// care relationship and consent rules later) reads it, never the raw token.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "auth/role.h"
#include "auth/scope.h"

namespace lienthong::auth {

struct Principal {
  enum class Kind {
    kAnonymous,  // no token: only the open endpoints
    kUser,       // a person, signed in through a client
    kClient,     // a backend service (client_credentials)
    kOpen,       // the server runs with --auth off: every check passes
  };
  Kind kind = Kind::kAnonymous;
  std::string subject;    // user name, or client id for a backend service
  std::string client_id;  // the client the token was issued to
  std::string issuer;     // the token's iss
  std::vector<Role> roles;
  std::string facility;   // 5-character facility code; may be empty
  std::string fhir_user;  // "Practitioner/123", "Patient/456", ...; may be empty
  std::string patient;    // launch context: the patient id of patient/ scopes
  ScopeSet scopes;
  std::string token_id;    // jti; empty without a token
  std::string family;      // refresh-token family the token belongs to; may be empty
  int64_t expires_at = 0;  // seconds since the epoch

  bool authenticated() const { return kind != Kind::kAnonymous; }
  bool unrestricted() const { return kind == Kind::kOpen; }
  bool HasRole(Role role) const {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
  }
  // "user:an.nguyen", "client:his-01", "anonymous", "open": for logs.
  std::string LogName() const;
};

using PrincipalPtr = std::shared_ptr<const Principal>;

// The principal of every request while the server runs with --auth off.
PrincipalPtr OpenPrincipal();
// The principal of a request without credentials.
PrincipalPtr AnonymousPrincipal();

}  // namespace lienthong::auth
