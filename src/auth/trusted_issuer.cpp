#include "auth/trusted_issuer.h"

#include <fmt/format.h>

#include <fstream>
#include <mutex>
#include <sstream>

#include "common/time.h"

namespace lienthong::auth {
namespace {

constexpr int64_t kClockSkewSeconds = 60;
constexpr std::chrono::seconds kMinRereadInterval{30};

// The value at a dotted path ("realm_access.roles"), or nullptr.
const json::Value* ClaimAt(const json::Value& claims, std::string_view path) {
  const json::Value* v = &claims;
  while (v != nullptr && !path.empty()) {
    const size_t dot = path.find('.');
    v = v->find(path.substr(0, dot));
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  }
  return v;
}

// Strings of a claim that is a string (split on spaces and commas) or an
// array of strings.
std::vector<std::string> ClaimStrings(const json::Value* v) {
  std::vector<std::string> out;
  if (v == nullptr) return out;
  auto split = [&](std::string_view s) {
    while (!s.empty()) {
      const size_t sep = s.find_first_of(" ,");
      if (sep != 0) out.emplace_back(s.substr(0, sep));
      if (sep == std::string_view::npos) break;
      s.remove_prefix(sep + 1);
    }
  };
  if (v->is_string()) split(v->text());
  if (v->is_array()) {
    for (size_t i = 0; i < v->size(); ++i) {
      if (v->at(i).is_string()) out.push_back(v->at(i).text());
    }
  }
  return out;
}

std::string ClaimString(const json::Value& claims, const std::string& path) {
  const json::Value* v = ClaimAt(claims, path);
  return v != nullptr && v->is_string() ? v->text() : std::string();
}

bool HasAudience(const json::Value& claims, const std::string& audience) {
  for (const std::string& a : ClaimStrings(claims.find("aud"))) {
    if (a == audience) return true;
  }
  return false;
}

}  // namespace

Result<std::vector<TrustedIssuerConfig>> ParseTrustedIssuers(const json::Value& array) {
  if (!array.is_array()) return Status::Invalid("trusted_issuers must be an array");
  std::vector<TrustedIssuerConfig> out;
  for (size_t i = 0; i < array.size(); ++i) {
    const json::Value& e = array.at(i);
    const std::string where = fmt::format("trusted_issuers[{}]", i);
    if (!e.is_object()) return Status::Invalid(where + " must be an object");
    TrustedIssuerConfig c;
    for (const json::Value::Member& m : e.members()) {
      if (!m.value.is_string()) return Status::Invalid(where + "." + m.key + " must be a string");
      std::string* field = m.key == "issuer"            ? &c.issuer
                           : m.key == "jwks_file"       ? &c.jwks_file
                           : m.key == "jwks_url"        ? &c.jwks_url
                           : m.key == "audience"        ? &c.audience
                           : m.key == "roles_claim"     ? &c.roles_claim
                           : m.key == "facility_claim"  ? &c.facility_claim
                           : m.key == "fhir_user_claim" ? &c.fhir_user_claim
                           : m.key == "patient_claim"   ? &c.patient_claim
                           : m.key == "scope_claim"     ? &c.scope_claim
                                                        : nullptr;
      if (field == nullptr) return Status::Invalid(where + ": unknown member " + m.key);
      *field = m.value.text();
    }
    if (c.issuer.empty() || c.audience.empty()) {
      return Status::Invalid(where + " needs issuer and audience");
    }
    if (c.jwks_file.empty() == c.jwks_url.empty()) {
      return Status::Invalid(where + " needs exactly one of jwks_file and jwks_url");
    }
    out.push_back(std::move(c));
  }
  return out;
}

TrustedIssuer::TrustedIssuer(TrustedIssuerConfig config, JwksFetcher fetch)
    : config_(std::move(config)), fetch_(std::move(fetch)) {}

Result<std::vector<Jwk>> TrustedIssuer::ReadJwks() const {
  std::string text;
  if (!config_.jwks_file.empty()) {
    std::ifstream in(config_.jwks_file);
    if (!in) return Status::IoError("cannot read " + config_.jwks_file);
    std::stringstream s;
    s << in.rdbuf();
    text = s.str();
  } else {
    if (!fetch_) return Status::NotSupported("no way to fetch " + config_.jwks_url);
    Result<std::string> fetched = fetch_(config_.jwks_url);
    if (!fetched.ok()) return fetched.take_status();
    text = std::move(fetched.value());
  }
  return ParseJwks(text);
}

Status TrustedIssuer::Load() {
  Result<std::vector<Jwk>> keys = ReadJwks();
  if (!keys.ok()) return keys.take_status();
  std::unique_lock lock(mu_);
  keys_ = std::move(keys.value());
  last_read_ = std::chrono::steady_clock::now();
  return Status::Ok();
}

SharedPkey TrustedIssuer::FindKey(const std::string& kid) const {
  std::shared_lock lock(mu_);
  for (const Jwk& k : keys_) {
    // A JWKS of one key may leave kid out; then a token without kid uses it.
    if (k.kid == kid || (kid.empty() && keys_.size() == 1)) return k.key;
  }
  return nullptr;
}

Result<PrincipalPtr> TrustedIssuer::Verify(const Jwt& jwt) {
  if (jwt.claim("iss") != config_.issuer) return Status::Unauthorized("wrong token issuer");
  SharedPkey key = FindKey(jwt.kid);
  if (key == nullptr) {
    bool reread = false;
    {
      std::unique_lock lock(mu_);
      const auto now = std::chrono::steady_clock::now();
      if (now - last_read_ >= kMinRereadInterval) {
        last_read_ = now;
        reread = true;
      }
    }
    if (reread) {
      Result<std::vector<Jwk>> keys = ReadJwks();
      if (keys.ok()) {
        std::unique_lock lock(mu_);
        keys_ = std::move(keys.value());
      }
    }
    key = FindKey(jwt.kid);
    if (key == nullptr) return Status::Unauthorized("the token was signed with an unknown key");
  }
  if (!VerifySignature(jwt, key.get())) return Status::Unauthorized("bad token signature");
  if (!HasAudience(jwt.claims, config_.audience))
    return Status::Unauthorized("wrong token audience");
  const int64_t now = NowMicros() / 1000000;
  std::optional<int64_t> exp = jwt.time_claim("exp");
  if (!exp || *exp + kClockSkewSeconds < now) return Status::Unauthorized("the token has expired");
  if (std::optional<int64_t> nbf = jwt.time_claim("nbf"); nbf && *nbf - kClockSkewSeconds > now) {
    return Status::Unauthorized("the token is not valid yet");
  }
  if (jwt.claim("sub").empty()) return Status::Unauthorized("the token has no subject");
  return PrincipalOf(jwt);
}

PrincipalPtr TrustedIssuer::PrincipalOf(const Jwt& jwt) const {
  auto p = std::make_shared<Principal>();
  p->subject = std::string(jwt.claim("sub"));
  p->issuer = config_.issuer;
  p->client_id =
      std::string(jwt.claim("client_id").empty() ? jwt.claim("azp") : jwt.claim("client_id"));
  for (const std::string& name : ClaimStrings(ClaimAt(jwt.claims, config_.roles_claim))) {
    if (std::optional<Role> r = RoleNamed(name)) p->roles.push_back(*r);
  }
  p->kind = p->HasRole(Role::kSystem) && p->roles.size() == 1 ? Principal::Kind::kClient
                                                              : Principal::Kind::kUser;
  p->facility = ClaimString(jwt.claims, config_.facility_claim);
  p->fhir_user = ClaimString(jwt.claims, config_.fhir_user_claim);
  p->patient = ClaimString(jwt.claims, config_.patient_claim);
  std::string scope;
  for (const std::string& s : ClaimStrings(ClaimAt(jwt.claims, config_.scope_claim))) {
    scope += (scope.empty() ? "" : " ") + s;
  }
  p->scopes = ScopeSet::Parse(scope);
  p->token_id = std::string(jwt.claim("jti"));
  p->expires_at = jwt.time_claim("exp").value_or(0);
  return p;
}

}  // namespace lienthong::auth
