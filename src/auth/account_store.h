// AccountStore: the built-in authorisation server's users and clients, kept
// as system records in the store (so that encryption at rest and backups
// cover them) and mirrored in memory, because every request with a token
// asks whether its account is still active.
//
// A user has a user name, roles, a facility (the 5-character facility code),
// an optional fhirUser reference, an active flag and an Argon2id password
// hash. A client has an id, a JWKS (registered inline from a file, or a URL)
// or a secret (hashed), redirect URIs, the scopes it may be granted, an
// optional facility and an active flag.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "auth/role.h"
#include "common/status.h"
#include "store/resource_store.h"

namespace lienthong::auth {

struct User {
  std::string username;
  std::vector<Role> roles;
  std::string facility;
  std::string fhir_user;
  bool active = true;
  std::string password_hash;  // never leaves the server
  int64_t created_at = 0;     // seconds since the epoch
};

struct Client {
  std::string client_id;
  std::string jwks;      // JWKS document registered from a file; may be empty
  std::string jwks_url;  // where the JWKS is fetched; may be empty
  std::string secret_hash;
  std::vector<std::string> redirect_uris;
  std::string scope;  // the scopes it may be granted, space-separated
  std::string facility;
  bool active = true;
  int64_t created_at = 0;

  bool confidential() const { return !secret_hash.empty() || !jwks.empty() || !jwks_url.empty(); }
};

// What a sign-in attempt found.
enum class SignInResult { kOk, kBadCredentials, kLocked, kDisabled };

// Five failed sign-ins lock an account for this long.
inline constexpr int kMaxFailedSignIns = 5;
inline constexpr std::chrono::minutes kLockout{15};

class AccountStore {
 public:
  // `store` must outlive this. Load() must succeed before any other call.
  explicit AccountStore(store::ResourceStore& store) : store_(store) {}
  Status Load();

  // kInvalid for a malformed name, facility code or fhirUser, or a weak
  // password; kConflict when the user name is taken.
  Status AddUser(User user, std::string_view password);
  // kNotFound when there is no such user.
  Status SetUserActive(const std::string& username, bool active);
  Status ResetPassword(const std::string& username, std::string_view password);
  std::optional<User> FindUser(const std::string& username) const;
  std::vector<User> ListUsers() const;
  // Whether the user exists and is active (cheap: asked on every request).
  bool UserActive(const std::string& username) const;
  // Checks a password, counting failures: after kMaxFailedSignIns the account
  // is locked for kLockout, whatever is sent.
  SignInResult SignIn(const std::string& username, std::string_view password, User* user);

  // kInvalid for a malformed id, JWKS, redirect URI or scope; kConflict when
  // the id is taken. `secret`, when not empty, is hashed.
  Status AddClient(Client client, std::string_view secret);
  Status SetClientActive(const std::string& client_id, bool active);
  std::optional<Client> FindClient(const std::string& client_id) const;
  std::vector<Client> ListClients() const;
  bool ClientActive(const std::string& client_id) const;

 private:
  struct Failures {
    int count = 0;
    std::chrono::steady_clock::time_point locked_until;
  };
  Status SaveUser(const User& user);
  Status SaveClient(const Client& client);

  store::ResourceStore& store_;
  mutable std::shared_mutex mu_;
  std::map<std::string, User> users_;       // guarded by mu_
  std::map<std::string, Client> clients_;   // guarded by mu_
  std::map<std::string, Failures> failed_;  // guarded by mu_
};

// Checks shared by the CLI and the admin API.
Status CheckUsername(std::string_view name);
Status CheckFacilityCode(std::string_view code);
Status CheckFhirUser(std::string_view reference);
Status CheckRedirectUri(std::string_view uri);

}  // namespace lienthong::auth
