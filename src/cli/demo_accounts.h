// The demo accounts of `lienthong serve --demo`: one user per role, at two
// facilities of the demo province, a citizen linked to a demo Patient, and a
// public client for the README's curl lines. Made once, when the store has
// no user yet; the passwords are random and written to
// <data_dir>/demo-accounts.txt (mode 0600), never to the log.
#pragma once

#include <string>

#include "auth/account_store.h"
#include "store/resource_store.h"

namespace lienthong::cli {

// The public client of the demo, and its registered redirect URI.
inline constexpr const char* kDemoClientId = "lienthong-demo";
inline constexpr const char* kDemoRedirectUri = "http://localhost/callback";

// Creates the demo accounts when there is no user; logs where the file is.
Status CreateDemoAccounts(auth::AccountStore& accounts, const store::ResourceStore& store,
                          const std::string& data_dir);

}  // namespace lienthong::cli
