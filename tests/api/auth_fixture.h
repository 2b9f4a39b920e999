// AuthTest: a fixture that runs the real server with sign-in on (one per
// test suite), with accounts and clients made by `lienthong user add` and
// `lienthong client add` before it starts, and helpers to sign in, to get
// tokens, and to make tokens with the server's own key (for the cases a
// client cannot produce: expired, other audiences, chosen scopes).
//
// Every password, secret, token and code a test sees is remembered; after
// the suite the server's log must hold none of them.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "auth/base64url.h"
#include "auth/jwk.h"
#include "auth/jwt.h"
#include "http/target.h"
#include "json/parser.h"
#include "json/value.h"
#include "json/writer.h"
#include "support/command_run.h"
#include "support/http_client.h"
#include "support/server_process.h"

namespace lienthong::testing {

inline constexpr const char* kAppRedirect = "http://localhost/cb";
inline constexpr const char* kDoctorPassword = "doctor-password-1";
inline constexpr const char* kLoaderSecret = "loader-secret-0123456789";
inline constexpr const char* kIntrospectorSecret = "introspector-secret-0123";

class AuthTest : public ::testing::Test {
 protected:
  static std::string Dir() { return data_dir_; }

  static void SetUpTestSuite() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_suite();
    data_dir_ = (std::filesystem::temp_directory_path() /
                 ("lienthong-auth-" + std::to_string(::getpid()) + "-" + info->name()))
                    .string();
    std::filesystem::remove_all(data_dir_);
    std::filesystem::create_directories(data_dir_);
    secrets_ = {kDoctorPassword, kLoaderSecret, kIntrospectorSecret};
    // A store with accounts before the server ever ran: created by the CLI.
    MakeStore();
    AddUser("bs.test", "doctor", "79001", "Practitioner/pr1", kDoctorPassword);
    AddUser("dan.test", "citizen", "", "Patient/p1", "citizen-password-1");
    AddUser("admin.test", "admin", "", "", "admin-password-12");
    AddUser("locked.test", "nurse", "79001", "", "nurse-password-12");
    AddUser("off.test", "nurse", "79001", "", "off-password-123");
    AddClient(
        "--client-id app --redirect-uri http://localhost/cb --scope "
        "'user/*.cruds user/*.rs patient/*.rs patient/*.cruds fhirUser launch/patient "
        "offline_access online_access'",
        "");
    AddClient("--client-id loader --scope 'system/*.cruds' --secret-stdin", kLoaderSecret);
    AddClient("--client-id introspector --scope 'system/*.rs' --secret-stdin", kIntrospectorSecret);
    backend_key_ = std::move(auth::GenerateEcKey("P-384").value());
    json::Value keys = json::Value::Array();
    keys.push_back(*auth::PublicJwk(backend_key_.get(), "backend-1", "ES384"));
    json::Value jwks = json::Value::Object();
    jwks.set("keys", std::move(keys));
    WriteFile(data_dir_ + "-backend.jwks", json::Write(jwks));
    AddClient("--client-id backend --scope 'system/*.rs' --jwks " + data_dir_ + "-backend.jwks",
              "");
    setenv("LIENTHONG_AUTH_RATE_LIMIT_PER_MINUTE", "100000", 1);
    server_ = std::make_unique<ServerProcess>(data_dir_, std::vector<std::string>{"--auth", "on"});
    ASSERT_TRUE(server_->Start()) << "server did not start; see " << server_->log_path();
    unsetenv("LIENTHONG_AUTH_RATE_LIMIT_PER_MINUTE");
    LoadServerKey();
  }

  static void TearDownTestSuite() {
    if (server_) {
      EXPECT_EQ(server_->Stop(), 0);
    }
    // No password, secret, token or code may ever reach the log.
    std::ifstream in(data_dir_ + ".log");
    std::stringstream log;
    log << in.rdbuf();
    EXPECT_FALSE(log.str().empty());
    for (const std::string& s : secrets_) {
      EXPECT_EQ(log.str().find(s), std::string::npos)
          << "the log holds a secret: " << s.substr(0, 12);
    }
    server_.reset();
    std::filesystem::remove_all(data_dir_);
    std::filesystem::remove(data_dir_ + ".log");
    std::filesystem::remove(data_dir_ + "-backend.jwks");
    std::filesystem::remove(data_dir_ + "-secret");
    server_key_.reset();
    backend_key_.reset();
  }

  void SetUp() override {
    ASSERT_TRUE(server_ && server_->running());
    client_ = std::make_unique<HttpClient>("127.0.0.1", server_->port());
  }

 public:
  static void WriteFile(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::trunc);
    out << text;
  }

 protected:
  static void MakeStore() {
    // `user add` opens an existing store only: a first start makes one.
    ServerProcess first(data_dir_, {"--auth", "on"});
    ASSERT_TRUE(first.Start());
    EXPECT_EQ(first.Stop(), 0);
  }
  static void AddUser(const std::string& name, const std::string& roles,
                      const std::string& facility, const std::string& fhir_user,
                      const std::string& password) {
    secrets_.insert(password);
    WriteFile(data_dir_ + "-secret", password + "\n");
    std::string args = "user add --data-dir " + data_dir_ + " --username " + name + " --role " +
                       roles + " --password-stdin";
    if (!facility.empty()) args += " --facility " + facility;
    if (!fhir_user.empty()) args += " --fhir-user " + fhir_user;
    CommandRun run = RunLienthong(args + " < " + data_dir_ + "-secret");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    passwords_[name] = password;
  }
  static void AddClient(const std::string& args, const std::string& secret) {
    std::string command = "client add --data-dir " + data_dir_ + " " + args;
    if (!secret.empty()) {
      WriteFile(data_dir_ + "-secret", secret + "\n");
      command += " < " + data_dir_ + "-secret";
    }
    CommandRun run = RunLienthong(command);
    ASSERT_EQ(run.exit_code, 0) << run.output;
  }
  static void LoadServerKey() {
    for (const auto& e : std::filesystem::directory_iterator(data_dir_ + "/auth/signing-keys")) {
      std::ifstream in(e.path());
      std::stringstream pem;
      pem << in.rdbuf();
      server_key_ = std::move(auth::ReadPrivateKeyPem(pem.str()).value());
      server_kid_ = *auth::Thumbprint(server_key_.get());
    }
  }

  std::string Origin() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
  std::string FhirBase() const { return Origin() + "/fhir"; }
  std::string Issuer() const {
    return "http://localhost:" + std::to_string(server_->port()) + "/auth";
  }

  // Claims as the server writes them, for a user with the given scopes.
  json::Value UserClaims(const std::string& scope, const std::string& sub = "bs.test") const {
    const int64_t now = std::time(nullptr);
    json::Value c = json::Value::Object();
    c.set("iss", json::Value::String(Issuer()));
    c.set("sub", json::Value::String(sub));
    c.set("aud", json::Value::String(FhirBase()));
    c.set("iat", json::Value::Number(now));
    c.set("exp", json::Value::Number(now + 600));
    c.set("jti", json::Value::String(auth::RandomToken(12)));
    c.set("client_id", json::Value::String("app"));
    c.set("scope", json::Value::String(scope));
    c.set("kind", json::Value::String("user"));
    json::Value roles = json::Value::Array();
    roles.push_back(json::Value::String("doctor"));
    c.set("roles", std::move(roles));
    return c;
  }
  std::string Sign(const json::Value& claims, EVP_PKEY* key = nullptr,
                   auth::JwsAlgorithm alg = auth::JwsAlgorithm::kEs256,
                   std::string kid = "") const {
    std::string token =
        *auth::SignJwt(claims, alg, key ? key : server_key_.get(), kid.empty() ? server_kid_ : kid);
    secrets_.insert(token);
    return token;
  }
  std::string TokenWithScopes(const std::string& scope, const std::string& patient = "") const {
    json::Value claims = UserClaims(scope, patient.empty() ? "bs.test" : "dan.test");
    if (!patient.empty()) claims.set("patient", json::Value::String(patient));
    return Sign(claims);
  }

  static std::string Form(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string out;
    for (const auto& [k, v] : fields) {
      out += (out.empty() ? "" : "&") + http::PercentEncode(k) + "=" + http::PercentEncode(v);
    }
    return out;
  }
  ClientResponse PostForm(const std::string& path,
                          const std::vector<std::pair<std::string, std::string>>& fields,
                          std::vector<http::Header> headers = {}) {
    headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
    return client_->Send("POST", path, Form(fields), headers);
  }
  ClientResponse Fhir(const std::string& method, const std::string& path, const std::string& token,
                      const std::string& body = "") {
    std::vector<http::Header> headers = {{"Content-Type", "application/fhir+json"}};
    if (!token.empty()) headers.push_back({"Authorization", "Bearer " + token});
    return client_->Send(method, "/fhir/" + path, body, headers);
  }
  static json::Value Json(const ClientResponse& r) {
    Result<json::Value> parsed = json::Parse(r.body, {.max_depth = 1000});
    return parsed.ok() ? std::move(parsed.value()) : json::Value();
  }

  // The authorization code flow through the sign-in form: the code, or
  // empty when the sign-in did not redirect with one.
  struct Pkce {
    std::string verifier = auth::RandomToken(32);
    std::string challenge = auth::Sha256Base64Url(verifier);
  };
  std::string AuthorizeQuery(const std::string& scope, const Pkce& pkce,
                             const std::string& state = "st-1") const {
    return "/auth/authorize?" + Form({{"response_type", "code"},
                                      {"client_id", "app"},
                                      {"redirect_uri", kAppRedirect},
                                      {"scope", scope},
                                      {"state", state},
                                      {"aud", FhirBase()},
                                      {"code_challenge", pkce.challenge},
                                      {"code_challenge_method", "S256"}});
  }
  ClientResponse SignIn(const std::string& user, const std::string& password,
                        const std::string& scope, const Pkce& pkce) {
    return PostForm(AuthorizeQuery(scope, pkce), {{"username", user}, {"password", password}});
  }
  static std::string QueryValue(std::string_view location, const std::string& name) {
    std::string path;
    std::vector<std::pair<std::string, std::string>> query;
    const size_t q = location.find('?');
    if (q == std::string_view::npos) return "";
    http::ParseTarget("/" + std::string(location.substr(q)), &path, &query);
    for (const auto& [k, v] : query) {
      if (k == name) return v;
    }
    return "";
  }
  std::string CodeFor(const std::string& user, const std::string& scope, const Pkce& pkce) {
    ClientResponse r = SignIn(user, passwords_[user], scope, pkce);
    EXPECT_EQ(r.status, 302) << r.body.substr(0, 300);
    const std::string code = QueryValue(r.header("Location"), "code");
    secrets_.insert(code);
    return code;
  }
  // Signs in and exchanges the code: the token response.
  json::Value Tokens(const std::string& user, const std::string& scope) {
    Pkce pkce;
    const std::string code = CodeFor(user, scope, pkce);
    ClientResponse r = PostForm("/auth/token", {{"grant_type", "authorization_code"},
                                                {"client_id", "app"},
                                                {"redirect_uri", kAppRedirect},
                                                {"code", code},
                                                {"code_verifier", pkce.verifier}});
    EXPECT_EQ(r.status, 200) << r.body;
    json::Value tokens = Json(r);
    Remember(tokens);
    return tokens;
  }
  static void Remember(const json::Value& tokens) {
    for (const char* k : {"access_token", "refresh_token"}) {
      if (!tokens.get_string(k).empty()) secrets_.insert(std::string(tokens.get_string(k)));
    }
  }
  // A token for a confidential client by client_secret_basic.
  std::string ClientToken(const std::string& id, const std::string& secret,
                          const std::string& scope) {
    const std::string basic =
        "Basic " + Base64(http::PercentEncode(id) + ":" + http::PercentEncode(secret));
    ClientResponse r =
        PostForm("/auth/token", {{"grant_type", "client_credentials"}, {"scope", scope}},
                 {{"Authorization", basic}});
    EXPECT_EQ(r.status, 200) << r.body;
    json::Value tokens = Json(r);
    Remember(tokens);
    return std::string(tokens.get_string("access_token"));
  }
  static std::string Base64(const std::string& bytes) {
    std::string s = auth::Base64UrlEncode(bytes);
    for (char& c : s) c = c == '-' ? '+' : c == '_' ? '/' : c;
    while (s.size() % 4 != 0) s += '=';
    return s;
  }

  static inline std::string data_dir_;
  static inline std::unique_ptr<ServerProcess> server_;
  static inline std::set<std::string> secrets_;
  static inline std::map<std::string, std::string> passwords_;
  static inline auth::Pkey server_key_;
  static inline std::string server_kid_;
  static inline auth::Pkey backend_key_;
  std::unique_ptr<HttpClient> client_;
};

}  // namespace lienthong::testing
