#include "auth/authorization_server.h"

#include <fmt/format.h>

#include "auth/base64url.h"
#include "auth/sign_in_page.h"
#include "http/target.h"
#include "json/writer.h"

namespace lienthong::auth {
namespace {

constexpr size_t kMaxFormBytes = size_t{64} * 1024;

// The parameters of an authorization request, from its query.
struct AuthorizeParams {
  std::string response_type, client_id, redirect_uri, scope, state, code_challenge,
      code_challenge_method, aud, lang;
};

AuthorizeParams ReadAuthorizeParams(const http::Request& request) {
  AuthorizeParams p;
  for (const auto& [k, v] : request.query) {
    std::string* field = k == "response_type"               ? &p.response_type
                         : k == "client_id"                 ? &p.client_id
                         : k == "redirect_uri"              ? &p.redirect_uri
                         : k == "scope"                     ? &p.scope
                         : k == "state"                     ? &p.state
                         : k == "code_challenge"            ? &p.code_challenge
                         : k == "code_challenge_method"     ? &p.code_challenge_method
                         : k == "aud"                       ? &p.aud
                         : k == "lang" || k == "ui_locales" ? &p.lang
                                                            : nullptr;
    if (field != nullptr && field->empty()) *field = v;
  }
  if (p.lang.empty()) {
    const std::string_view accept = request.header("Accept-Language");
    p.lang = accept.starts_with("en") ? "en" : "vi";
  }
  p.lang = p.lang.starts_with("en") ? "en" : "vi";
  return p;
}

std::optional<FormParams> ReadForm(const http::Request& request) {
  if (request.body.size() > kMaxFormBytes) return std::nullopt;
  const std::string_view type = request.header("Content-Type");
  if (!request.body.empty() && !type.starts_with("application/x-www-form-urlencoded")) {
    return std::nullopt;
  }
  std::string path;
  FormParams form;
  if (!http::ParseTarget("/?" + request.body, &path, &form)) return std::nullopt;
  return form;
}

std::string Nonce() { return RandomToken(16); }

// Security headers of every HTML page: nothing loads but the page's own
// style element, forms post only here and to the client's redirect, and
// no other site may frame it.
void SetHtmlHeaders(http::Response& r, const std::string& nonce,
                    const std::string& redirect_origin) {
  r.set_header("Content-Type", "text/html; charset=utf-8");
  r.set_header("Cache-Control", "no-store");
  r.set_header("Content-Security-Policy",
               fmt::format("default-src 'none'; style-src 'nonce-{}'; form-action 'self'{}{}; "
                           "frame-ancestors 'none'; base-uri 'none'",
                           nonce, redirect_origin.empty() ? "" : " ", redirect_origin));
  r.set_header("X-Frame-Options", "DENY");
  r.set_header("Referrer-Policy", "no-referrer");
}

http::Response ErrorPage(int status, const std::string& lang, const std::string& message) {
  http::Response r;
  r.status = status;
  const std::string nonce = Nonce();
  r.body = RenderErrorPage(lang, message, nonce);
  SetHtmlHeaders(r, nonce, "");
  return r;
}

// scheme://host[:port] of a URL.
std::string OriginOf(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  const size_t path = url.find('/', scheme + 3);
  return url.substr(0, path);
}

http::Response Redirect(const std::string& redirect_uri,
                        const std::vector<std::pair<std::string, std::string>>& params) {
  std::string location = redirect_uri;
  char sep = redirect_uri.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [k, v] : params) {
    if (v.empty()) continue;
    location += sep;
    location += http::PercentEncode(k) + "=" + http::PercentEncode(v);
    sep = '&';
  }
  http::Response r;
  r.status = 302;
  r.set_header("Location", location);
  r.set_header("Cache-Control", "no-store");
  return r;
}

// What the user may be granted: the requested scopes the client may have,
// shaped by who the user is. A citizen gets patient/ scopes on their own
// record only; staff get user/ scopes (patient/ scopes would need a patient
// picker, which the built-in server does not offer).
ScopeSet GrantedScopes(const std::string& requested, const Client& client, const User& user,
                       std::string* patient) {
  ScopeSet granted = ScopeSet::Parse(requested).Intersect(ScopeSet::Parse(client.scope));
  granted = granted.Without(ScopeContext::kSystem);
  const bool citizen =
      std::find(user.roles.begin(), user.roles.end(), Role::kCitizen) != user.roles.end();
  if (citizen && user.fhir_user.starts_with("Patient/")) {
    *patient = user.fhir_user.substr(8);
    return granted.Without(ScopeContext::kUser);
  }
  if (citizen) return granted.Without(ScopeContext::kUser).Without(ScopeContext::kPatient);
  return granted.Without(ScopeContext::kPatient);
}

}  // namespace

std::string PublicUrls::Origin(const http::Request& request) const {
  if (!configured_origin.empty()) return configured_origin;
  std::string_view host = request.header("Host");
  if (host.empty()) host = "localhost";
  return std::string(request.tls ? "https://" : "http://") + std::string(host);
}

http::Response OAuthJsonResponse(int status, const json::Value& body) {
  http::Response r;
  r.status = status;
  r.set_header("Content-Type", "application/json");
  r.set_header("Cache-Control", "no-store");
  r.set_header("Pragma", "no-cache");
  r.body = json::Write(body);
  return r;
}

http::Response OAuthErrorResponse(const OAuthError& error) {
  json::Value body = json::Value::Object();
  body.set("error", json::Value::String(error.error));
  if (!error.description.empty()) {
    body.set("error_description", json::Value::String(error.description));
  }
  http::Response r = OAuthJsonResponse(error.status, body);
  if (error.status == 401) r.set_header("WWW-Authenticate", "Basic realm=\"lienthong\"");
  return r;
}

AuthorizationServer::AuthorizationServer(AccountStore& accounts, TokenService& tokens,
                                         ClientAuthenticator& clients, RateLimiter& limiter,
                                         PublicUrls urls)
    : accounts_(accounts),
      tokens_(tokens),
      clients_(clients),
      limiter_(limiter),
      urls_(std::move(urls)) {}

http::Response AuthorizationServer::Handle(const http::Request& request) {
  const std::string& path = request.path;
  if (path == "/auth/authorize") return Authorize(request);
  if (path == "/auth/jwks") return Jwks();
  const bool post = request.method == "POST";
  if (path == "/auth/token" || path == "/auth/revoke" || path == "/auth/introspect") {
    if (!post) return OAuthErrorResponse({405, "invalid_request", "use POST"});
    if (!limiter_.Allow(request.remote_address)) {
      return OAuthErrorResponse({429, "slow_down", "too many requests; try again later"});
    }
    if (path == "/auth/token") return Token(request);
    if (path == "/auth/revoke") return Revoke(request);
    return Introspect(request);
  }
  return OAuthErrorResponse({404, "invalid_request", "no such endpoint"});
}

http::Response AuthorizationServer::Authorize(const http::Request& request) {
  if (request.method != "GET" && request.method != "POST") {
    return ErrorPage(405, "vi", "GET or POST only");
  }
  const AuthorizeParams p = ReadAuthorizeParams(request);
  std::optional<Client> client = accounts_.FindClient(p.client_id);
  if (!client || !client->active) return ErrorPage(400, p.lang, "unknown or disabled client_id");
  if (std::find(client->redirect_uris.begin(), client->redirect_uris.end(), p.redirect_uri) ==
      client->redirect_uris.end()) {
    return ErrorPage(400, p.lang, "redirect_uri is not registered for this client");
  }
  if (p.state.empty()) return ErrorPage(400, p.lang, "state is required");
  auto fail = [&](const char* error, const char* description) {
    return Redirect(p.redirect_uri,
                    {{"error", error}, {"error_description", description}, {"state", p.state}});
  };
  if (p.response_type != "code")
    return fail("unsupported_response_type", "response_type must be code");
  if (p.code_challenge_method != "S256" || p.code_challenge.size() != 43) {
    return fail("invalid_request", "PKCE with code_challenge_method S256 is required");
  }
  if (!p.aud.empty() && p.aud != urls_.FhirBase(request)) {
    return fail("invalid_request", "aud is not this FHIR server");
  }
  SignInPage page{.lang = p.lang,
                  .action = request.target,
                  .client_id = client->client_id,
                  .scope = p.scope,
                  .username = "",
                  .error = "",
                  .nonce = Nonce()};
  auto render = [&](int status) {
    http::Response r;
    r.status = status;
    r.body = RenderSignInPage(page);
    SetHtmlHeaders(r, page.nonce, OriginOf(p.redirect_uri));
    return r;
  };
  if (request.method == "GET") return render(200);
  if (!limiter_.Allow(request.remote_address)) {
    page.error = "throttled";
    return render(429);
  }
  std::optional<FormParams> form = ReadForm(request);
  if (!form) return ErrorPage(400, p.lang, "the form could not be read");
  page.username = FormValue(*form, "username").substr(0, 64);
  User user;
  const SignInResult signed_in =
      accounts_.SignIn(page.username, FormValue(*form, "password"), &user);
  if (signed_in != SignInResult::kOk) {
    page.error = signed_in == SignInResult::kLocked     ? "locked"
                 : signed_in == SignInResult::kDisabled ? "disabled"
                                                        : "bad";
    return render(401);
  }
  CodeGrant grant;
  grant.client_id = client->client_id;
  grant.redirect_uri = p.redirect_uri;
  grant.code_challenge = p.code_challenge;
  grant.username = user.username;
  grant.scope = GrantedScopes(p.scope, *client, user, &grant.patient).ToString();
  grant.audience = urls_.FhirBase(request);
  const std::string code = tokens_.IssueCode(std::move(grant));
  return Redirect(p.redirect_uri, {{"code", code}, {"state", p.state}});
}

http::Response AuthorizationServer::Token(const http::Request& request) {
  std::optional<FormParams> form = ReadForm(request);
  if (!form) return OAuthErrorResponse(InvalidRequest("the body must be a form"));
  const std::string grant_type = FormValue(*form, "grant_type");
  const bool is_code = grant_type == "authorization_code";
  const bool is_refresh = grant_type == "refresh_token";
  const bool is_client = grant_type == "client_credentials";
  if (!is_code && !is_refresh && !is_client) {
    return OAuthErrorResponse({400, "unsupported_grant_type", "unsupported grant_type"});
  }
  OAuthResult<Client> client = clients_.Authenticate(*form, request.header("Authorization"),
                                                     urls_.TokenUrl(request), !is_client);
  if (auto* e = std::get_if<OAuthError>(&client)) return OAuthErrorResponse(*e);
  const Client& c = std::get<Client>(client);
  OAuthResult<json::Value> answer =
      is_code ? tokens_.ExchangeCode(c, FormValue(*form, "code"), FormValue(*form, "redirect_uri"),
                                     FormValue(*form, "code_verifier"))
      : is_refresh
          ? tokens_.Refresh(c, FormValue(*form, "refresh_token"), FormValue(*form, "scope"))
          : tokens_.ClientCredentials(c, FormValue(*form, "scope"), urls_.FhirBase(request));
  if (auto* e = std::get_if<OAuthError>(&answer)) return OAuthErrorResponse(*e);
  return OAuthJsonResponse(200, std::get<json::Value>(answer));
}

http::Response AuthorizationServer::Revoke(const http::Request& request) {
  std::optional<FormParams> form = ReadForm(request);
  if (!form) return OAuthErrorResponse(InvalidRequest("the body must be a form"));
  OAuthResult<Client> client =
      clients_.Authenticate(*form, request.header("Authorization"), urls_.TokenUrl(request), true);
  if (auto* e = std::get_if<OAuthError>(&client)) return OAuthErrorResponse(*e);
  const std::string token = FormValue(*form, "token");
  if (token.empty()) return OAuthErrorResponse(InvalidRequest("token is required"));
  if (!tokens_.Revoke(std::get<Client>(client), token).ok()) {
    return OAuthErrorResponse({503, "temporarily_unavailable", "the token store failed"});
  }
  http::Response r;
  r.set_header("Cache-Control", "no-store");
  return r;
}

http::Response AuthorizationServer::Introspect(const http::Request& request) {
  std::optional<FormParams> form = ReadForm(request);
  if (!form) return OAuthErrorResponse(InvalidRequest("the body must be a form"));
  OAuthResult<Client> client =
      clients_.Authenticate(*form, request.header("Authorization"), urls_.TokenUrl(request), false);
  if (auto* e = std::get_if<OAuthError>(&client)) return OAuthErrorResponse(*e);
  return OAuthJsonResponse(200,
                           tokens_.Introspect(FormValue(*form, "token"), urls_.FhirBase(request)));
}

http::Response AuthorizationServer::Jwks() const {
  http::Response r;
  r.set_header("Content-Type", "application/json");
  r.set_header("Cache-Control", "public, max-age=300");
  r.body = json::Write(tokens_.keys().PublicJwks());
  return r;
}

}  // namespace lienthong::auth
