#include "auth/token_service.h"

#include <fmt/format.h>

#include "auth/base64url.h"
#include "common/time.h"
#include "json/parser.h"
#include "json/writer.h"

namespace lienthong::auth {
namespace {

constexpr std::string_view kRefreshPrefix = "auth/refresh/";
constexpr std::string_view kFamilyPrefix = "auth/family/";
constexpr std::string_view kRevokedPrefix = "auth/revoked/";
constexpr int64_t kClockSkewSeconds = 60;

int64_t Now() { return NowMicros() / 1000000; }

bool ValidVerifier(std::string_view v) {
  if (v.size() < 43 || v.size() > 128) return false;
  return std::all_of(v.begin(), v.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
  });
}

bool HasAudience(const json::Value& claims, std::string_view audience) {
  const json::Value* aud = claims.find("aud");
  if (aud == nullptr) return false;
  if (aud->is_string()) return aud->text() == audience;
  if (!aud->is_array()) return false;
  for (size_t i = 0; i < aud->size(); ++i) {
    if (aud->at(i).is_string() && aud->at(i).text() == audience) return true;
  }
  return false;
}

int64_t NumberMember(const json::Value& v, std::string_view key) {
  const json::Value* n = v.find(key);
  return n != nullptr && n->is_number() ? std::stoll(n->text()) : 0;
}

bool WantsRefresh(const ScopeSet& scopes) {
  return scopes.Has("offline_access") || scopes.Has("online_access");
}

}  // namespace

TokenService::TokenService(store::ResourceStore& store, AccountStore& accounts, SigningKeys keys,
                           TokenServiceOptions options)
    : store_(store), accounts_(accounts), keys_(std::move(keys)), options_(std::move(options)) {}

Status TokenService::Load() {
  std::unique_lock lock(revoked_mu_);
  const int64_t now = Now();
  std::vector<store::SystemRecordWrite> expired;
  LT_RETURN_IF_ERROR(
      store_.ScanSystemRecords(kRevokedPrefix, [&](std::string_view key, std::string_view value) {
        const int64_t exp = std::atoll(std::string(value).c_str());
        if (exp + kClockSkewSeconds < now) {
          expired.push_back({std::string(key), std::nullopt});
        } else {
          revoked_jti_[std::string(key.substr(kRevokedPrefix.size()))] = exp;
        }
        return true;
      }));
  LT_RETURN_IF_ERROR(
      store_.ScanSystemRecords(kFamilyPrefix, [&](std::string_view key, std::string_view) {
        revoked_families_.insert(std::string(key.substr(kFamilyPrefix.size())));
        return true;
      }));
  return expired.empty() ? Status::Ok() : store_.WriteSystemRecords(expired);
}

std::string TokenService::IssueCode(CodeGrant grant) {
  std::string code = RandomToken(32);
  std::lock_guard lock(codes_mu_);
  const auto now = std::chrono::steady_clock::now();
  std::erase_if(codes_, [&](const auto& entry) {
    return entry.second.expires + options_.code_lifetime < now;
  });
  codes_[Sha256Base64Url(code)] = PendingCode{std::move(grant), now + options_.code_lifetime};
  return code;
}

OAuthResult<json::Value> TokenService::ExchangeCode(const Client& client, const std::string& code,
                                                    const std::string& redirect_uri,
                                                    const std::string& code_verifier) {
  if (code.empty() || code_verifier.empty()) {
    return InvalidRequest("code and code_verifier are required");
  }
  CodeGrant grant;
  std::string family = RandomToken(16);
  {
    std::lock_guard lock(codes_mu_);
    auto it = codes_.find(Sha256Base64Url(code));
    if (it == codes_.end()) return InvalidGrant("the code is unknown or expired");
    if (it->second.used) {
      // A second use: whoever holds the code may not be its client; what the
      // first use issued is revoked.
      const std::string first_family = it->second.family;
      codes_.erase(it);
      (void)RevokeFamily(first_family);
      return InvalidGrant("the code was already used");
    }
    if (std::chrono::steady_clock::now() > it->second.expires) {
      codes_.erase(it);
      return InvalidGrant("the code has expired");
    }
    it->second.used = true;
    it->second.family = family;
    grant = it->second.grant;
  }
  if (grant.client_id != client.client_id)
    return InvalidGrant("the code was issued to another client");
  if (grant.redirect_uri != redirect_uri) return InvalidGrant("redirect_uri does not match");
  if (!ValidVerifier(code_verifier) ||
      !ConstantTimeEquals(Sha256Base64Url(code_verifier), grant.code_challenge)) {
    return InvalidGrant("code_verifier does not match the code_challenge");
  }
  if (!accounts_.UserActive(grant.username)) return InvalidGrant("the account is disabled");
  const ScopeSet scopes = ScopeSet::Parse(grant.scope);
  if (!WantsRefresh(scopes)) family.clear();
  return IssueTokens(grant.username, true, client, grant.scope, grant.patient, grant.audience,
                     family);
}

OAuthResult<json::Value> TokenService::Refresh(const Client& client,
                                               const std::string& refresh_token,
                                               const std::string& scope) {
  if (refresh_token.empty()) return InvalidRequest("refresh_token is required");
  std::lock_guard lock(refresh_mu_);
  const std::string key = std::string(kRefreshPrefix) + Sha256Base64Url(refresh_token);
  Result<std::optional<std::string>> stored = store_.GetSystemRecord(key);
  if (!stored.ok()) return OAuthError{500, "server_error", "the token store failed"};
  if (!stored->has_value()) return InvalidGrant("the refresh token is unknown");
  Result<json::Value> record = json::Parse(**stored);
  if (!record.ok()) return InvalidGrant("the refresh token is unknown");
  const std::string family(record->get_string("family"));
  {
    std::shared_lock rlock(revoked_mu_);
    if (revoked_families_.count(family) > 0) return InvalidGrant("the refresh token was revoked");
  }
  const json::Value* used = record->find("used");
  if (used != nullptr && used->is_bool() && used->as_bool()) {
    (void)RevokeFamily(family);
    return InvalidGrant("the refresh token was already used; its family is revoked");
  }
  if (record->get_string("clientId") != client.client_id) {
    return InvalidGrant("the refresh token was issued to another client");
  }
  if (NumberMember(*record, "exp") < Now()) return InvalidGrant("the refresh token has expired");
  const std::string subject(record->get_string("subject"));
  if (!accounts_.UserActive(subject)) return InvalidGrant("the account is disabled");
  std::string granted(record->get_string("scope"));
  if (!scope.empty()) {
    const ScopeSet narrowed = ScopeSet::Parse(scope).Intersect(ScopeSet::Parse(granted));
    if (narrowed.ToString().empty()) return InvalidScope("no requested scope was granted before");
    granted = narrowed.ToString();
  }
  record->set("used", json::Value::Bool(true));
  if (!store_.WriteSystemRecords({{key, json::Write(*record)}}).ok()) {
    return OAuthError{500, "server_error", "the token store failed"};
  }
  return IssueTokens(subject, true, client, granted, std::string(record->get_string("patient")),
                     std::string(record->get_string("aud")), family);
}

OAuthResult<json::Value> TokenService::ClientCredentials(const Client& client,
                                                         const std::string& scope,
                                                         const std::string& audience) {
  ScopeSet requested = ScopeSet::Parse(scope);
  // A backend service acts for itself: only system/ scopes apply.
  ScopeSet granted = requested.Intersect(ScopeSet::Parse(client.scope))
                         .Without(ScopeContext::kPatient)
                         .Without(ScopeContext::kUser);
  if (granted.resource_scopes().empty()) {
    return InvalidScope("none of the requested scopes may be granted to this client");
  }
  return IssueTokens(client.client_id, false, client, granted.ToString(), "", audience, "");
}

OAuthResult<json::Value> TokenService::IssueTokens(const std::string& subject, bool is_user,
                                                   const Client& client, const std::string& scope,
                                                   const std::string& patient,
                                                   const std::string& audience,
                                                   const std::string& family) {
  std::string jti;
  Result<std::string> access =
      SignAccessToken(subject, is_user, client, scope, patient, audience, family, &jti);
  if (!access.ok()) return OAuthError{500, "server_error", "the token could not be signed"};
  json::Value out = json::Value::Object();
  out.set("access_token", json::Value::String(std::move(access.value())));
  out.set("token_type", json::Value::String("Bearer"));
  out.set("expires_in",
          json::Value::Number(static_cast<int64_t>(options_.access_lifetime.count())));
  out.set("scope", json::Value::String(scope));
  if (!family.empty()) {
    Result<std::string> refresh =
        NewRefreshToken(family, subject, client, scope, patient, audience);
    if (!refresh.ok()) return OAuthError{500, "server_error", "the token store failed"};
    out.set("refresh_token", json::Value::String(std::move(refresh.value())));
  }
  if (!patient.empty()) out.set("patient", json::Value::String(patient));
  if (is_user) {
    std::optional<User> user = accounts_.FindUser(subject);
    if (user && !user->fhir_user.empty() && ScopeSet::Parse(scope).Has("fhirUser")) {
      out.set("fhirUser", json::Value::String(user->fhir_user));
    }
  }
  return out;
}

Result<std::string> TokenService::SignAccessToken(const std::string& subject, bool is_user,
                                                  const Client& client, const std::string& scope,
                                                  const std::string& patient,
                                                  const std::string& audience,
                                                  const std::string& family, std::string* jti) {
  const int64_t now = Now();
  *jti = RandomToken(16);
  json::Value claims = json::Value::Object();
  claims.set("iss", json::Value::String(options_.issuer));
  claims.set("sub", json::Value::String(subject));
  claims.set("aud", json::Value::String(audience));
  claims.set("iat", json::Value::Number(now));
  claims.set("exp", json::Value::Number(now + options_.access_lifetime.count()));
  claims.set("jti", json::Value::String(*jti));
  claims.set("client_id", json::Value::String(client.client_id));
  claims.set("scope", json::Value::String(scope));
  claims.set("kind", json::Value::String(is_user ? "user" : "client"));
  json::Value roles = json::Value::Array();
  std::string facility = client.facility;
  if (is_user) {
    std::optional<User> user = accounts_.FindUser(subject);
    if (!user) return Status::NotFound("no such user");
    for (Role r : user->roles) roles.push_back(json::Value::String(std::string(RoleName(r))));
    facility = user->facility;
    if (!user->fhir_user.empty()) claims.set("fhirUser", json::Value::String(user->fhir_user));
  } else {
    roles.push_back(json::Value::String("system"));
  }
  claims.set("roles", std::move(roles));
  if (!facility.empty()) claims.set("facility", json::Value::String(facility));
  if (!patient.empty()) claims.set("patient", json::Value::String(patient));
  if (!family.empty()) claims.set("fam", json::Value::String(family));
  const SigningKey& key = keys_.current();
  return SignJwt(claims, key.alg, key.key.get(), key.kid);
}

Result<std::string> TokenService::NewRefreshToken(const std::string& family,
                                                  const std::string& subject, const Client& client,
                                                  const std::string& scope,
                                                  const std::string& patient,
                                                  const std::string& audience) {
  const std::string token = RandomToken(32);
  const bool offline = ScopeSet::Parse(scope).Has("offline_access");
  const int64_t lifetime =
      (offline ? options_.offline_refresh_lifetime : options_.online_refresh_lifetime).count();
  json::Value record = json::Value::Object();
  record.set("family", json::Value::String(family));
  record.set("subject", json::Value::String(subject));
  record.set("clientId", json::Value::String(client.client_id));
  record.set("scope", json::Value::String(scope));
  record.set("patient", json::Value::String(patient));
  record.set("aud", json::Value::String(audience));
  record.set("exp", json::Value::Number(Now() + lifetime));
  record.set("used", json::Value::Bool(false));
  LT_RETURN_IF_ERROR(store_.WriteSystemRecords(
      {{std::string(kRefreshPrefix) + Sha256Base64Url(token), json::Write(record)}}));
  return token;
}

Status TokenService::RevokeFamily(const std::string& family) {
  if (family.empty()) return Status::Ok();
  {
    std::unique_lock lock(revoked_mu_);
    revoked_families_.insert(family);
  }
  return store_.WriteSystemRecords({{std::string(kFamilyPrefix) + family, "revoked"}});
}

Status TokenService::RevokeAccessToken(const Jwt& jwt) {
  const std::string jti(jwt.claim("jti"));
  const int64_t exp = jwt.time_claim("exp").value_or(Now() + options_.access_lifetime.count());
  if (jti.empty()) return Status::Ok();
  {
    std::unique_lock lock(revoked_mu_);
    revoked_jti_[jti] = exp;
  }
  return store_.WriteSystemRecords({{std::string(kRevokedPrefix) + jti, std::to_string(exp)}});
}

Status TokenService::Revoke(const Client& client, const std::string& token) {
  Result<Jwt> jwt = ParseJwt(token);
  if (jwt.ok()) {
    const SigningKey* key = keys_.Find(jwt->kid);
    if (key == nullptr || !VerifySignature(*jwt, key->key.get())) return Status::Ok();
    if (jwt->claim("client_id") != client.client_id) return Status::Ok();
    LT_RETURN_IF_ERROR(RevokeAccessToken(*jwt));
    return RevokeFamily(std::string(jwt->claim("fam")));
  }
  Result<std::optional<std::string>> stored =
      store_.GetSystemRecord(std::string(kRefreshPrefix) + Sha256Base64Url(token));
  if (!stored.ok()) return stored.take_status();
  if (!stored->has_value()) return Status::Ok();
  Result<json::Value> record = json::Parse(**stored);
  if (!record.ok() || record->get_string("clientId") != client.client_id) return Status::Ok();
  return RevokeFamily(std::string(record->get_string("family")));
}

json::Value TokenService::Introspect(const std::string& token, const std::string& audience) {
  json::Value inactive = json::Value::Object();
  inactive.set("active", json::Value::Bool(false));
  Result<Jwt> jwt = ParseJwt(token);
  if (!jwt.ok()) return inactive;
  Result<PrincipalPtr> principal = VerifyOwn(*jwt, audience);
  if (!principal.ok()) return inactive;
  json::Value out = json::Value::Object();
  out.set("active", json::Value::Bool(true));
  for (const char* name : {"scope", "client_id", "sub", "iss", "jti", "patient", "fhirUser"}) {
    if (!jwt->claim(name).empty())
      out.set(name, json::Value::String(std::string(jwt->claim(name))));
  }
  if (const json::Value* aud = jwt->claims.find("aud")) out.set("aud", *aud);
  out.set("exp", json::Value::Number((*principal)->expires_at));
  if (std::optional<int64_t> iat = jwt->time_claim("iat"))
    out.set("iat", json::Value::Number(*iat));
  out.set("token_type", json::Value::String("Bearer"));
  if (const json::Value* roles = jwt->claims.find("roles")) out.set("roles", *roles);
  if (!jwt->claim("facility").empty()) {
    out.set("facility", json::Value::String(std::string(jwt->claim("facility"))));
  }
  return out;
}

Result<PrincipalPtr> TokenService::VerifyOwn(const Jwt& jwt, const std::string& audience) const {
  const SigningKey* key = keys_.Find(jwt.kid);
  if (key == nullptr) return Status::Unauthorized("the token was signed with an unknown key");
  if (!VerifySignature(jwt, key->key.get())) return Status::Unauthorized("bad token signature");
  if (jwt.claim("iss") != options_.issuer) return Status::Unauthorized("wrong token issuer");
  if (!HasAudience(jwt.claims, audience)) return Status::Unauthorized("wrong token audience");
  const int64_t now = Now();
  std::optional<int64_t> exp = jwt.time_claim("exp");
  if (!exp || *exp + kClockSkewSeconds < now) return Status::Unauthorized("the token has expired");
  if (std::optional<int64_t> nbf = jwt.time_claim("nbf"); nbf && *nbf - kClockSkewSeconds > now) {
    return Status::Unauthorized("the token is not valid yet");
  }
  Result<PrincipalPtr> principal = PrincipalFromClaims(jwt);
  if (!principal.ok()) return principal;
  if (!StillValid(**principal)) return Status::Unauthorized("the token was revoked");
  return principal;
}

Result<PrincipalPtr> TokenService::PrincipalFromClaims(const Jwt& jwt) const {
  auto p = std::make_shared<Principal>();
  const std::string_view kind = jwt.claim("kind");
  if (kind != "user" && kind != "client") return Status::Unauthorized("the token has no kind");
  p->kind = kind == "user" ? Principal::Kind::kUser : Principal::Kind::kClient;
  p->subject = std::string(jwt.claim("sub"));
  p->client_id = std::string(jwt.claim("client_id"));
  p->issuer = std::string(jwt.claim("iss"));
  if (const json::Value* roles = jwt.claims.find("roles"); roles && roles->is_array()) {
    for (size_t i = 0; i < roles->size(); ++i) {
      if (std::optional<Role> r = RoleNamed(roles->at(i).text())) p->roles.push_back(*r);
    }
  }
  p->facility = std::string(jwt.claim("facility"));
  p->fhir_user = std::string(jwt.claim("fhirUser"));
  p->patient = std::string(jwt.claim("patient"));
  p->scopes = ScopeSet::Parse(jwt.claim("scope"));
  p->token_id = std::string(jwt.claim("jti"));
  p->family = std::string(jwt.claim("fam"));
  p->expires_at = jwt.time_claim("exp").value_or(0);
  if (p->subject.empty() || p->token_id.empty()) return Status::Unauthorized("incomplete token");
  return PrincipalPtr(std::move(p));
}

bool TokenService::StillValid(const Principal& principal) const {
  if (principal.issuer != options_.issuer) return true;  // another issuer's token
  {
    std::shared_lock lock(revoked_mu_);
    if (revoked_jti_.count(principal.token_id) > 0) return false;
    if (!principal.family.empty() && revoked_families_.count(principal.family) > 0) return false;
  }
  if (principal.kind == Principal::Kind::kUser) return accounts_.UserActive(principal.subject);
  return accounts_.ClientActive(principal.client_id);
}

}  // namespace lienthong::auth
