// AdminApi: accounts and clients of a running server, for administrators
// (role `admin`) with a bearer token. The same operations as `lienthong user`
// and `lienthong client` on a stopped store:
//
//   GET  /auth/admin/users                       list (never password hashes)
//   POST /auth/admin/users                       {"username", "roles": [...], "facility",
//                                                 "fhirUser", "password"}
//   POST /auth/admin/users/{name}/disable | enable | reset-password {"password"}
//   GET  /auth/admin/clients
//   POST /auth/admin/clients                     {"clientId", "jwks": {...} | "jwksUrl" |
//                                                 "secret", "redirectUris": [...], "scope",
//                                                 "facility"}
//   POST /auth/admin/clients/{id}/disable | enable
//
// Thread safety: Handle() may be called from any thread.
#pragma once

#include "auth/account_store.h"
#include "auth/principal.h"
#include "http/message.h"

namespace lienthong::auth {

class AdminApi {
 public:
  explicit AdminApi(AccountStore& accounts) : accounts_(accounts) {}
  // `principal` is the caller, already authenticated: 403 unless an admin.
  http::Response Handle(const http::Request& request, const Principal& principal);

 private:
  http::Response Users(const http::Request& request, std::string_view rest);
  http::Response Clients(const http::Request& request, std::string_view rest);
  AccountStore& accounts_;
};

json::Value UserJson(const User& user);
json::Value ClientJson(const Client& client);

}  // namespace lienthong::auth
