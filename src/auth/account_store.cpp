#include "auth/account_store.h"

#include <fmt/format.h>

#include <mutex>

#include "auth/jwk.h"
#include "auth/password.h"
#include "auth/scope.h"
#include "common/time.h"
#include "json/parser.h"
#include "json/writer.h"

namespace lienthong::auth {
namespace {

constexpr std::string_view kUserPrefix = "auth/user/";
constexpr std::string_view kClientPrefix = "auth/client/";

bool IsIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-' || c == '@';
}

json::Value Strings(const std::vector<std::string>& values) {
  json::Value out = json::Value::Array();
  for (const std::string& v : values) out.push_back(json::Value::String(v));
  return out;
}

std::vector<std::string> StringsOf(const json::Value* array) {
  std::vector<std::string> out;
  if (array == nullptr || !array->is_array()) return out;
  for (size_t i = 0; i < array->size(); ++i) out.push_back(array->at(i).text());
  return out;
}

int64_t NumberOf(const json::Value& v, std::string_view key) {
  const json::Value* n = v.find(key);
  return n != nullptr && n->is_number() ? std::stoll(n->text()) : 0;
}

std::string UserRecord(const User& u) {
  json::Value v = json::Value::Object();
  v.set("username", json::Value::String(u.username));
  v.set("roles", json::Value::String(JoinRoles(u.roles)));
  v.set("facility", json::Value::String(u.facility));
  v.set("fhirUser", json::Value::String(u.fhir_user));
  v.set("active", json::Value::Bool(u.active));
  v.set("passwordHash", json::Value::String(u.password_hash));
  v.set("createdAt", json::Value::Number(u.created_at));
  return json::Write(v);
}

Result<User> ParseUserRecord(std::string_view text) {
  Result<json::Value> v = json::Parse(text);
  if (!v.ok()) return v.take_status();
  User u;
  u.username = std::string(v->get_string("username"));
  Result<std::vector<Role>> roles = ParseRoles(v->get_string("roles"));
  if (roles.ok()) u.roles = std::move(roles.value());
  u.facility = std::string(v->get_string("facility"));
  u.fhir_user = std::string(v->get_string("fhirUser"));
  const json::Value* active = v->find("active");
  u.active = active != nullptr && active->is_bool() && active->as_bool();
  u.password_hash = std::string(v->get_string("passwordHash"));
  u.created_at = NumberOf(*v, "createdAt");
  return u;
}

std::string ClientRecord(const Client& c) {
  json::Value v = json::Value::Object();
  v.set("clientId", json::Value::String(c.client_id));
  v.set("jwks", json::Value::String(c.jwks));
  v.set("jwksUrl", json::Value::String(c.jwks_url));
  v.set("secretHash", json::Value::String(c.secret_hash));
  v.set("redirectUris", Strings(c.redirect_uris));
  v.set("scope", json::Value::String(c.scope));
  v.set("facility", json::Value::String(c.facility));
  v.set("active", json::Value::Bool(c.active));
  v.set("createdAt", json::Value::Number(c.created_at));
  return json::Write(v);
}

Result<Client> ParseClientRecord(std::string_view text) {
  Result<json::Value> v = json::Parse(text);
  if (!v.ok()) return v.take_status();
  Client c;
  c.client_id = std::string(v->get_string("clientId"));
  c.jwks = std::string(v->get_string("jwks"));
  c.jwks_url = std::string(v->get_string("jwksUrl"));
  c.secret_hash = std::string(v->get_string("secretHash"));
  c.redirect_uris = StringsOf(v->find("redirectUris"));
  c.scope = std::string(v->get_string("scope"));
  c.facility = std::string(v->get_string("facility"));
  const json::Value* active = v->find("active");
  c.active = active != nullptr && active->is_bool() && active->as_bool();
  c.created_at = NumberOf(*v, "createdAt");
  return c;
}

int64_t NowSeconds() { return NowMicros() / 1000000; }

}  // namespace

Status CheckUsername(std::string_view name) {
  if (name.empty() || name.size() > 64) return Status::Invalid("a name has 1 to 64 characters");
  for (char c : name) {
    if (!IsIdChar(c)) {
      return Status::Invalid("a name may hold only letters, digits and . _ - @");
    }
  }
  return Status::Ok();
}

Status CheckFacilityCode(std::string_view code) {
  if (code.empty()) return Status::Ok();
  const bool ok = code.size() == 5 && code[0] >= '0' && code[0] <= '9' && code[1] >= '0' &&
                  code[1] <= '9' && std::all_of(code.begin(), code.end(), [](char c) {
                    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
                  });
  if (!ok) {
    return Status::Invalid(
        "a facility code has 5 characters (digits or capital letters), the first two the province");
  }
  return Status::Ok();
}

Status CheckFhirUser(std::string_view reference) {
  if (reference.empty()) return Status::Ok();
  static constexpr std::string_view kTypes[] = {"Practitioner/", "PractitionerRole/", "Patient/",
                                                "RelatedPerson/"};
  for (std::string_view t : kTypes) {
    if (!reference.starts_with(t)) continue;
    const std::string_view id = reference.substr(t.size());
    const bool ok = !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
      return IsIdChar(c) && c != '_' && c != '@';
    });
    if (ok) return Status::Ok();
  }
  return Status::Invalid(
      "fhirUser must be Practitioner/{id}, PractitionerRole/{id}, Patient/{id} or "
      "RelatedPerson/{id}");
}

Status CheckRedirectUri(std::string_view uri) {
  const bool https = uri.starts_with("https://");
  const bool loopback = uri.starts_with("http://localhost") ||
                        uri.starts_with("http://127.0.0.1") || uri.starts_with("http://[::1]");
  if (!https && !loopback) {
    return Status::Invalid("a redirect URI must be https, or http on a loopback address");
  }
  if (uri.find('#') != std::string_view::npos || uri.size() > 2000) {
    return Status::Invalid("a redirect URI may not hold a fragment");
  }
  return Status::Ok();
}

Status AccountStore::Load() {
  std::unique_lock lock(mu_);
  Status st = store_.ScanSystemRecords(kUserPrefix, [&](std::string_view, std::string_view value) {
    Result<User> u = ParseUserRecord(value);
    if (u.ok()) users_[u->username] = std::move(u.value());
    return true;
  });
  LT_RETURN_IF_ERROR(st);
  return store_.ScanSystemRecords(kClientPrefix, [&](std::string_view, std::string_view value) {
    Result<Client> c = ParseClientRecord(value);
    if (c.ok()) clients_[c->client_id] = std::move(c.value());
    return true;
  });
}

Status AccountStore::SaveUser(const User& user) {
  return store_.WriteSystemRecords({{std::string(kUserPrefix) + user.username, UserRecord(user)}});
}

Status AccountStore::SaveClient(const Client& client) {
  return store_.WriteSystemRecords(
      {{std::string(kClientPrefix) + client.client_id, ClientRecord(client)}});
}

Status AccountStore::AddUser(User user, std::string_view password) {
  LT_RETURN_IF_ERROR(CheckUsername(user.username));
  LT_RETURN_IF_ERROR(CheckFacilityCode(user.facility));
  LT_RETURN_IF_ERROR(CheckFhirUser(user.fhir_user));
  if (user.roles.empty()) return Status::Invalid("a user needs at least one role");
  Result<std::string> hash = HashPassword(password);
  if (!hash.ok()) return hash.take_status();
  user.password_hash = std::move(hash.value());
  user.created_at = NowSeconds();
  std::unique_lock lock(mu_);
  if (users_.count(user.username) > 0) {
    return Status::Conflict("there is already a user " + user.username);
  }
  LT_RETURN_IF_ERROR(SaveUser(user));
  users_[user.username] = std::move(user);
  return Status::Ok();
}

Status AccountStore::SetUserActive(const std::string& username, bool active) {
  std::unique_lock lock(mu_);
  auto it = users_.find(username);
  if (it == users_.end()) return Status::NotFound("no user " + username.substr(0, 64));
  User updated = it->second;
  updated.active = active;
  LT_RETURN_IF_ERROR(SaveUser(updated));
  it->second = std::move(updated);
  if (active) failed_.erase(username);
  return Status::Ok();
}

Status AccountStore::ResetPassword(const std::string& username, std::string_view password) {
  Result<std::string> hash = HashPassword(password);
  if (!hash.ok()) return hash.take_status();
  std::unique_lock lock(mu_);
  auto it = users_.find(username);
  if (it == users_.end()) return Status::NotFound("no user " + username.substr(0, 64));
  User updated = it->second;
  updated.password_hash = std::move(hash.value());
  LT_RETURN_IF_ERROR(SaveUser(updated));
  it->second = std::move(updated);
  failed_.erase(username);
  return Status::Ok();
}

std::optional<User> AccountStore::FindUser(const std::string& username) const {
  std::shared_lock lock(mu_);
  auto it = users_.find(username);
  if (it == users_.end()) return std::nullopt;
  return it->second;
}

std::vector<User> AccountStore::ListUsers() const {
  std::shared_lock lock(mu_);
  std::vector<User> out;
  for (const auto& [name, user] : users_) out.push_back(user);
  return out;
}

bool AccountStore::UserActive(const std::string& username) const {
  std::shared_lock lock(mu_);
  auto it = users_.find(username);
  return it != users_.end() && it->second.active;
}

SignInResult AccountStore::SignIn(const std::string& username, std::string_view password,
                                  User* user) {
  std::optional<User> found = FindUser(username);
  const auto now = std::chrono::steady_clock::now();
  {
    std::shared_lock lock(mu_);
    auto f = failed_.find(username);
    if (f != failed_.end() && f->second.locked_until > now) return SignInResult::kLocked;
  }
  if (!found) {
    SpendPasswordTime(password);
    return SignInResult::kBadCredentials;
  }
  const bool match = VerifyPassword(password, found->password_hash);
  std::unique_lock lock(mu_);
  if (!match) {
    Failures& f = failed_[username];
    if (++f.count >= kMaxFailedSignIns) {
      f.locked_until = now + kLockout;
      f.count = 0;
    }
    return SignInResult::kBadCredentials;
  }
  failed_.erase(username);
  if (!found->active) return SignInResult::kDisabled;
  *user = std::move(*found);
  return SignInResult::kOk;
}

Status AccountStore::AddClient(Client client, std::string_view secret) {
  LT_RETURN_IF_ERROR(CheckUsername(client.client_id));
  LT_RETURN_IF_ERROR(CheckFacilityCode(client.facility));
  for (const std::string& uri : client.redirect_uris) LT_RETURN_IF_ERROR(CheckRedirectUri(uri));
  if (!client.jwks.empty()) {
    Result<std::vector<Jwk>> keys = ParseJwks(client.jwks);
    if (!keys.ok()) return keys.take_status();
  }
  if (!client.jwks_url.empty() && !client.jwks_url.starts_with("https://") &&
      !client.jwks_url.starts_with("http://127.0.0.1") &&
      !client.jwks_url.starts_with("http://localhost")) {
    return Status::Invalid("a JWKS URL must be https (or http on a loopback address)");
  }
  const ScopeSet scopes = ScopeSet::Parse(client.scope);
  if (!scopes.unknown().empty()) {
    return Status::Invalid("unknown scope " + scopes.unknown().front());
  }
  if (!secret.empty()) {
    Result<std::string> hash = HashPassword(secret);
    if (!hash.ok()) return hash.take_status();
    client.secret_hash = std::move(hash.value());
  }
  client.created_at = NowSeconds();
  std::unique_lock lock(mu_);
  if (clients_.count(client.client_id) > 0) {
    return Status::Conflict("there is already a client " + client.client_id);
  }
  LT_RETURN_IF_ERROR(SaveClient(client));
  clients_[client.client_id] = std::move(client);
  return Status::Ok();
}

Status AccountStore::SetClientActive(const std::string& client_id, bool active) {
  std::unique_lock lock(mu_);
  auto it = clients_.find(client_id);
  if (it == clients_.end()) return Status::NotFound("no client " + client_id.substr(0, 64));
  Client updated = it->second;
  updated.active = active;
  LT_RETURN_IF_ERROR(SaveClient(updated));
  it->second = std::move(updated);
  return Status::Ok();
}

std::optional<Client> AccountStore::FindClient(const std::string& client_id) const {
  std::shared_lock lock(mu_);
  auto it = clients_.find(client_id);
  if (it == clients_.end()) return std::nullopt;
  return it->second;
}

std::vector<Client> AccountStore::ListClients() const {
  std::shared_lock lock(mu_);
  std::vector<Client> out;
  for (const auto& [id, client] : clients_) out.push_back(client);
  return out;
}

bool AccountStore::ClientActive(const std::string& client_id) const {
  std::shared_lock lock(mu_);
  auto it = clients_.find(client_id);
  return it != clients_.end() && it->second.active;
}

}  // namespace lienthong::auth
