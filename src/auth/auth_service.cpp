#include "auth/auth_service.h"

#include "auth/bearer.h"
#include "auth/signing_keys.h"

namespace lienthong::auth {

AuthService::AuthService(store::ResourceStore& store, AuthOptions options)
    : options_(std::move(options)),
      urls_{options_.configured_origin},
      accounts_(store),
      limiter_(options_.rate_limit_per_minute) {}

Result<std::unique_ptr<AuthService>> AuthService::Open(store::ResourceStore& store,
                                                       AuthOptions options) {
  std::unique_ptr<AuthService> service(new AuthService(store, std::move(options)));
  const AuthOptions& o = service->options_;
  LT_RETURN_IF_ERROR(service->accounts_.Load());
  Result<SigningKeys> keys = SigningKeys::Load(o.keys_folder);
  if (!keys.ok()) return keys.take_status();
  TokenServiceOptions token_options;
  token_options.issuer = o.issuer;
  token_options.access_lifetime = o.access_lifetime;
  service->tokens_ = std::make_unique<TokenService>(store, service->accounts_,
                                                    std::move(keys.value()), token_options);
  LT_RETURN_IF_ERROR(service->tokens_->Load());
  std::vector<std::unique_ptr<TrustedIssuer>> trusted;
  for (const TrustedIssuerConfig& c : o.trusted_issuers) {
    auto issuer = std::make_unique<TrustedIssuer>(c, o.fetch);
    Status loaded = issuer->Load();
    if (!loaded.ok()) {
      return Status(loaded.code(), "trusted issuer " + c.issuer + ": " + loaded.message());
    }
    trusted.push_back(std::move(issuer));
  }
  service->verifier_ = std::make_unique<TokenVerifier>(*service->tokens_, std::move(trusted));
  service->clients_ = std::make_unique<ClientAuthenticator>(service->accounts_, o.fetch);
  service->server_ = std::make_unique<AuthorizationServer>(
      service->accounts_, *service->tokens_, *service->clients_, service->limiter_, service->urls_);
  service->admin_ = std::make_unique<AdminApi>(service->accounts_);
  return service;
}

Result<PrincipalPtr> AuthService::Authenticate(const http::Request& request,
                                               const std::string& audience) {
  if (!options_.enabled) return OpenPrincipal();
  std::string_view token;
  switch (ParseBearer(request.header("Authorization"), &token)) {
    case BearerParse::kAbsent:
      return AnonymousPrincipal();
    case BearerParse::kMalformed:
      return Status::Unauthorized("the Authorization header is not a Bearer token");
    case BearerParse::kOk:
      break;
  }
  return verifier_->Verify(token, audience);
}

http::Response AuthService::HandleAuthEndpoint(const http::Request& request) {
  if (!request.path.starts_with("/auth/admin/")) return server_->Handle(request);
  Result<PrincipalPtr> principal = Authenticate(request, urls_.FhirBase(request));
  if (!principal.ok() || !(*principal)->authenticated()) {
    http::Response r =
        OAuthErrorResponse({401, "invalid_token", "a valid bearer token is required"});
    r.set_header("WWW-Authenticate", principal.ok()
                                         ? "Bearer realm=\"lienthong\""
                                         : "Bearer realm=\"lienthong\", error=\"invalid_token\"");
    return r;
  }
  return admin_->Handle(request, **principal);
}

json::Value AuthService::SmartConfiguration(const http::Request& request) const {
  const std::string origin = urls_.Origin(request);
  auto strings = [](std::initializer_list<const char*> items) {
    json::Value a = json::Value::Array();
    for (const char* s : items) a.push_back(json::Value::String(s));
    return a;
  };
  json::Value c = json::Value::Object();
  c.set("issuer", json::Value::String(tokens_->options().issuer));
  c.set("jwks_uri", json::Value::String(origin + "/auth/jwks"));
  c.set("authorization_endpoint", json::Value::String(origin + "/auth/authorize"));
  c.set("token_endpoint", json::Value::String(origin + "/auth/token"));
  c.set("revocation_endpoint", json::Value::String(origin + "/auth/revoke"));
  c.set("introspection_endpoint", json::Value::String(origin + "/auth/introspect"));
  c.set("grant_types_supported",
        strings({"authorization_code", "refresh_token", "client_credentials"}));
  c.set("response_types_supported", strings({"code"}));
  c.set("code_challenge_methods_supported", strings({"S256"}));
  c.set("token_endpoint_auth_methods_supported",
        strings({"private_key_jwt", "client_secret_basic", "none"}));
  c.set("token_endpoint_auth_signing_alg_values_supported", strings({"RS384", "ES384"}));
  c.set("scopes_supported",
        strings({"fhirUser", "launch/patient", "offline_access", "online_access", "patient/*.rs",
                 "patient/*.cruds", "user/*.rs", "user/*.cruds", "system/*.rs", "system/*.cruds",
                 "patient/*.read", "user/*.read", "user/*.write", "system/*.read"}));
  c.set("capabilities",
        strings({"launch-standalone", "client-public", "client-confidential-symmetric",
                 "client-confidential-asymmetric", "context-standalone-patient",
                 "permission-offline", "permission-online", "permission-patient", "permission-user",
                 "permission-v1", "permission-v2"}));
  return c;
}

}  // namespace lienthong::auth
