// How `lienthong serve` sets up sign-in from its configuration: the check
// that --auth off is only used on loopback, the issuer name, the trusted
// external issuers, and the AuthService itself.
#pragma once

#include <memory>
#include <string>

#include "auth/auth_service.h"
#include "ops/config.h"
#include "store/resource_store.h"

namespace lienthong::cli {

// Whether `address` is a loopback address (127.0.0.0/8, ::1, localhost).
bool IsLoopbackAddress(std::string_view address);
// kInvalid when auth is off and the server would listen beyond loopback.
Status CheckAuthSetting(const ops::ServerConfig& config);
// The iss of the server's own tokens (auth_issuer, or from base_url, or
// http://localhost:PORT), followed by /auth.
std::string IssuerFor(const ops::ServerConfig& config);
// The AuthService for a server over `store` (which must outlive it):
// accounts, keys (in <data_dir>/auth/signing-keys), trusted issuers.
Result<std::unique_ptr<auth::AuthService>> OpenAuthService(const ops::ServerConfig& config,
                                                           store::ResourceStore& store);

}  // namespace lienthong::cli
