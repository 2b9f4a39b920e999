#include "auth/admin_api.h"

#include "auth/authorization_server.h"
#include "json/parser.h"
#include "json/writer.h"

namespace lienthong::auth {
namespace {

http::Response Error(int status, const std::string& message) {
  json::Value body = json::Value::Object();
  body.set("error", json::Value::String(message));
  return OAuthJsonResponse(status, body);
}

http::Response FromStatus(const Status& st, int ok_status, const json::Value& body) {
  if (st.ok()) return OAuthJsonResponse(ok_status, body);
  return Error(InfoFor(st.code()).http_status, st.message());
}

std::vector<std::string> StringList(const json::Value* v) {
  std::vector<std::string> out;
  if (v == nullptr || !v->is_array()) return out;
  for (size_t i = 0; i < v->size(); ++i) out.push_back(v->at(i).text());
  return out;
}

}  // namespace

json::Value UserJson(const User& u) {
  json::Value v = json::Value::Object();
  v.set("username", json::Value::String(u.username));
  json::Value roles = json::Value::Array();
  for (Role r : u.roles) roles.push_back(json::Value::String(std::string(RoleName(r))));
  v.set("roles", std::move(roles));
  if (!u.facility.empty()) v.set("facility", json::Value::String(u.facility));
  if (!u.fhir_user.empty()) v.set("fhirUser", json::Value::String(u.fhir_user));
  v.set("active", json::Value::Bool(u.active));
  return v;
}

json::Value ClientJson(const Client& c) {
  json::Value v = json::Value::Object();
  v.set("clientId", json::Value::String(c.client_id));
  v.set("authentication",
        json::Value::String(!c.jwks.empty() || !c.jwks_url.empty() ? "private_key_jwt"
                            : !c.secret_hash.empty()               ? "client_secret_basic"
                                                                   : "none"));
  if (!c.jwks_url.empty()) v.set("jwksUrl", json::Value::String(c.jwks_url));
  json::Value uris = json::Value::Array();
  for (const std::string& u : c.redirect_uris) uris.push_back(json::Value::String(u));
  v.set("redirectUris", std::move(uris));
  v.set("scope", json::Value::String(c.scope));
  if (!c.facility.empty()) v.set("facility", json::Value::String(c.facility));
  v.set("active", json::Value::Bool(c.active));
  return v;
}

http::Response AdminApi::Handle(const http::Request& request, const Principal& principal) {
  if (!principal.unrestricted() && !principal.HasRole(Role::kAdmin)) {
    return Error(403, "the administration API is for administrators");
  }
  constexpr std::string_view kBase = "/auth/admin/";
  std::string_view rest = std::string_view(request.path).substr(kBase.size());
  if (rest.starts_with("users")) return Users(request, rest.substr(5));
  if (rest.starts_with("clients")) return Clients(request, rest.substr(7));
  return Error(404, "no such administration endpoint");
}

http::Response AdminApi::Users(const http::Request& request, std::string_view rest) {
  if (rest.empty() && request.method == "GET") {
    json::Value list = json::Value::Array();
    for (const User& u : accounts_.ListUsers()) list.push_back(UserJson(u));
    return OAuthJsonResponse(200, list);
  }
  if (request.method != "POST") return Error(405, "use GET or POST");
  Result<json::Value> body = json::Parse(request.body, {.max_depth = 8});
  if (rest.empty()) {
    if (!body.ok() || !body->is_object()) return Error(400, "the body must be a JSON object");
    User user;
    user.username = std::string(body->get_string("username"));
    std::string roles;
    for (const std::string& r : StringList(body->find("roles")))
      roles += (roles.empty() ? "" : ",") + r;
    Result<std::vector<Role>> parsed = ParseRoles(roles);
    if (!parsed.ok()) return Error(400, parsed.status().message());
    user.roles = std::move(parsed.value());
    user.facility = std::string(body->get_string("facility"));
    user.fhir_user = std::string(body->get_string("fhirUser"));
    Status added = accounts_.AddUser(user, body->get_string("password"));
    std::optional<User> stored = accounts_.FindUser(user.username);
    return FromStatus(added, 201, stored ? UserJson(*stored) : json::Value::Object());
  }
  // /users/{name}/{action}
  const size_t slash = rest.find('/', 1);
  if (!rest.starts_with("/") || slash == std::string_view::npos)
    return Error(404, "no such endpoint");
  const std::string name(rest.substr(1, slash - 1));
  const std::string_view action = rest.substr(slash + 1);
  Status st = Status::NotFound("no such action");
  if (action == "disable" || action == "enable") {
    st = accounts_.SetUserActive(name, action == "enable");
  } else if (action == "reset-password") {
    if (!body.ok() || !body->is_object()) return Error(400, "the body must be a JSON object");
    st = accounts_.ResetPassword(name, body->get_string("password"));
  }
  std::optional<User> stored = accounts_.FindUser(name);
  return FromStatus(st, 200, stored ? UserJson(*stored) : json::Value::Object());
}

http::Response AdminApi::Clients(const http::Request& request, std::string_view rest) {
  if (rest.empty() && request.method == "GET") {
    json::Value list = json::Value::Array();
    for (const Client& c : accounts_.ListClients()) list.push_back(ClientJson(c));
    return OAuthJsonResponse(200, list);
  }
  if (request.method != "POST") return Error(405, "use GET or POST");
  if (rest.empty()) {
    Result<json::Value> body = json::Parse(request.body, {.max_depth = 16});
    if (!body.ok() || !body->is_object()) return Error(400, "the body must be a JSON object");
    Client client;
    client.client_id = std::string(body->get_string("clientId"));
    if (const json::Value* jwks = body->find("jwks"); jwks != nullptr && jwks->is_object()) {
      client.jwks = json::Write(*jwks);
    }
    client.jwks_url = std::string(body->get_string("jwksUrl"));
    client.redirect_uris = StringList(body->find("redirectUris"));
    client.scope = std::string(body->get_string("scope"));
    client.facility = std::string(body->get_string("facility"));
    Status added = accounts_.AddClient(client, body->get_string("secret"));
    std::optional<Client> stored = accounts_.FindClient(client.client_id);
    return FromStatus(added, 201, stored ? ClientJson(*stored) : json::Value::Object());
  }
  const size_t slash = rest.find('/', 1);
  if (!rest.starts_with("/") || slash == std::string_view::npos)
    return Error(404, "no such endpoint");
  const std::string id(rest.substr(1, slash - 1));
  const std::string_view action = rest.substr(slash + 1);
  if (action != "disable" && action != "enable") return Error(404, "no such action");
  Status st = accounts_.SetClientActive(id, action == "enable");
  std::optional<Client> stored = accounts_.FindClient(id);
  return FromStatus(st, 200, stored ? ClientJson(*stored) : json::Value::Object());
}

}  // namespace lienthong::auth
