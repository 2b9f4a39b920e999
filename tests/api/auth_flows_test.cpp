// Sign-in end to end against the real server: the authorization code flow
// with PKCE through the sign-in form, refresh-token rotation and reuse
// detection, SMART Backend Services with a key made here, revocation,
// introspection, lock-out, the administration API, and what is open
// without a token.
#include "api/auth_fixture.h"

namespace lienthong::testing {
namespace {

class AuthFlowTest : public AuthTest {};

TEST_F(AuthFlowTest, NothingIsReadableWithoutAToken) {
  for (const char* path : {"Patient", "Patient/p1", "Observation?code=x", "_history", "$export"}) {
    SCOPED_TRACE(path);
    ClientResponse r = Fhir("GET", path, "");
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.header("WWW-Authenticate"), "Bearer realm=\"lienthong\"");
    EXPECT_EQ(Json(r).get_string("resourceType"), "OperationOutcome");
  }
  ClientResponse bad = Fhir("GET", "Patient", "not-a-token");
  EXPECT_EQ(bad.status, 401);
  EXPECT_NE(bad.header("WWW-Authenticate").find("error=\"invalid_token\""), std::string::npos);
}

TEST_F(AuthFlowTest, MetadataAndSmartConfigurationAreOpen) {
  ClientResponse cs = Fhir("GET", "metadata", "");
  ASSERT_EQ(cs.status, 200);
  const json::Value statement = Json(cs);
  const json::Value* rest = statement.find("rest");
  ASSERT_NE(rest, nullptr);
  const json::Value* security = rest->at(0).find("security");
  ASSERT_NE(security, nullptr);
  EXPECT_EQ(security->find("service")->at(0).find("coding")->at(0).get_string("code"),
            "SMART-on-FHIR");
  EXPECT_NE(json::Write(*security).find(Origin() + "/auth/token"), std::string::npos);

  ClientResponse smart = Fhir("GET", ".well-known/smart-configuration", "");
  ASSERT_EQ(smart.status, 200);
  json::Value c = Json(smart);
  EXPECT_EQ(c.get_string("token_endpoint"), Origin() + "/auth/token");
  EXPECT_EQ(c.get_string("authorization_endpoint"), Origin() + "/auth/authorize");
  EXPECT_EQ(c.get_string("jwks_uri"), Origin() + "/auth/jwks");
  EXPECT_EQ(json::Write(*c.find("code_challenge_methods_supported")), R"(["S256"])");
  EXPECT_NE(json::Write(*c.find("token_endpoint_auth_methods_supported")).find("private_key_jwt"),
            std::string::npos);
  for (const char* k : {"issuer", "revocation_endpoint", "introspection_endpoint",
                        "grant_types_supported", "scopes_supported", "capabilities"}) {
    EXPECT_NE(c.find(k), nullptr) << k;
  }
  EXPECT_EQ(client_->Send("GET", "/health").status, 200);
  ClientResponse jwks = client_->Send("GET", "/auth/jwks");
  ASSERT_EQ(jwks.status, 200);
  EXPECT_EQ(Json(jwks).find("keys")->at(0).get_string("kid"), server_kid_);
}

TEST_F(AuthFlowTest, SignInPageIsVietnameseFirstAndLocked) {
  Pkce pkce;
  ClientResponse page = client_->Send("GET", AuthorizeQuery("user/*.rs", pkce));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("lang=\"vi\""), std::string::npos);
  EXPECT_NE(page.body.find("Đăng nhập"), std::string::npos);
  EXPECT_NE(page.body.find("name=\"username\""), std::string::npos);
  EXPECT_NE(page.body.find("name=\"password\""), std::string::npos);
  EXPECT_NE(page.header("Content-Security-Policy").find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(page.header("X-Content-Type-Options"), "nosniff");
  ClientResponse english = client_->Send("GET", AuthorizeQuery("user/*.rs", pkce) + "&lang=en");
  EXPECT_NE(english.body.find("Sign in"), std::string::npos);
}

TEST_F(AuthFlowTest, AuthorizationCodeWithPkce) {
  json::Value tokens = Tokens("bs.test", "user/*.rs fhirUser offline_access");
  EXPECT_EQ(tokens.get_string("token_type"), "Bearer");
  EXPECT_EQ(tokens.get_string("scope"), "user/*.rs fhirUser offline_access");
  EXPECT_EQ(tokens.get_string("fhirUser"), "Practitioner/pr1");
  EXPECT_FALSE(tokens.get_string("refresh_token").empty());
  EXPECT_EQ(json::Write(*tokens.find("expires_in")), "900");
  const std::string token(tokens.get_string("access_token"));
  ClientResponse read = Fhir("GET", "metadata", token);
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(Fhir("GET", "Patient?_count=1", token).status, 200);
  // user/*.rs does not write.
  EXPECT_EQ(Fhir("POST", "Patient", token, R"({"resourceType":"Patient"})").status, 403);
}

TEST_F(AuthFlowTest, CodesAreSingleUseAndBoundToVerifierAndRedirect) {
  Pkce pkce;
  std::string code = CodeFor("bs.test", "user/*.rs", pkce);
  auto exchange = [&](const std::string& c, const std::string& verifier,
                      const std::string& redirect) {
    return PostForm("/auth/token", {{"grant_type", "authorization_code"},
                                    {"client_id", "app"},
                                    {"redirect_uri", redirect},
                                    {"code", c},
                                    {"code_verifier", verifier}});
  };
  ClientResponse wrong_verifier = exchange(code, Pkce().verifier, kAppRedirect);
  EXPECT_EQ(wrong_verifier.status, 400);
  EXPECT_EQ(Json(wrong_verifier).get_string("error"), "invalid_grant");
  // The code was spent by the failed attempt too.
  EXPECT_EQ(exchange(code, pkce.verifier, kAppRedirect).status, 400);

  Pkce second;
  code = CodeFor("bs.test", "user/*.rs", second);
  EXPECT_EQ(Json(exchange(code, second.verifier, "http://localhost/other")).get_string("error"),
            "invalid_grant");
  EXPECT_EQ(exchange("no-such-code", second.verifier, kAppRedirect).status, 400);
}

TEST_F(AuthFlowTest, BadAuthorizeRequestsAreNotRedirected) {
  Pkce pkce;
  std::string query = AuthorizeQuery("user/*.rs", pkce);
  const auto replace = [&](const std::string& from, const std::string& to) {
    std::string q = query;
    q.replace(q.find(from), from.size(), to);
    return q;
  };
  // An unregistered redirect URI or client: an error page, never a redirect.
  for (const std::string& q :
       {replace("localhost%2Fcb", "evil.example%2Fcb"),
        replace("client_id=app", "client_id=nobody"), replace("state=st-1", "state=")}) {
    ClientResponse r = client_->Send("GET", q);
    EXPECT_EQ(r.status, 400) << q;
    EXPECT_TRUE(r.header("Location").empty());
  }
  // Without PKCE: back to the client with an error.
  ClientResponse plain = client_->Send("GET", replace("S256", "plain"));
  EXPECT_EQ(plain.status, 302);
  EXPECT_EQ(QueryValue(plain.header("Location"), "error"), "invalid_request");
  EXPECT_EQ(QueryValue(plain.header("Location"), "state"), "st-1");
}

TEST_F(AuthFlowTest, RefreshRotatesAndReuseRevokesTheFamily) {
  json::Value first = Tokens("bs.test", "user/*.rs offline_access");
  const std::string refresh1(first.get_string("refresh_token"));
  auto refresh = [&](const std::string& token) {
    ClientResponse r =
        PostForm("/auth/token",
                 {{"grant_type", "refresh_token"}, {"client_id", "app"}, {"refresh_token", token}});
    json::Value body = Json(r);
    Remember(body);
    return std::pair{r.status, body};
  };
  auto [status2, second] = refresh(refresh1);
  ASSERT_EQ(status2, 200);
  const std::string refresh2(second.get_string("refresh_token"));
  const std::string access2(second.get_string("access_token"));
  EXPECT_NE(refresh2, refresh1);
  EXPECT_EQ(Fhir("GET", "Patient?_count=1", access2).status, 200);
  // The first refresh token again: refused, and its whole family with it.
  auto [reuse_status, reuse] = refresh(refresh1);
  EXPECT_EQ(reuse_status, 400);
  EXPECT_EQ(reuse.get_string("error"), "invalid_grant");
  EXPECT_EQ(refresh(refresh2).first, 400);
  EXPECT_EQ(Fhir("GET", "Patient?_count=1", access2).status, 401);
  EXPECT_EQ(Fhir("GET", "Patient?_count=1", std::string(first.get_string("access_token"))).status,
            401);
}

TEST_F(AuthFlowTest, BackendServicesWithPrivateKeyJwt) {
  const std::string token_url = Origin() + "/auth/token";
  auto assertion = [&](int64_t exp_in, const std::string& aud, const std::string& jti) {
    json::Value c = json::Value::Object();
    c.set("iss", json::Value::String("backend"));
    c.set("sub", json::Value::String("backend"));
    c.set("aud", json::Value::String(aud));
    c.set("exp", json::Value::Number(static_cast<int64_t>(std::time(nullptr)) + exp_in));
    c.set("jti", json::Value::String(jti));
    return Sign(c, backend_key_.get(), auth::JwsAlgorithm::kEs384, "backend-1");
  };
  auto request = [&](const std::string& jwt, const std::string& scope = "system/*.rs") {
    return PostForm("/auth/token", {{"grant_type", "client_credentials"},
                                    {"scope", scope},
                                    {"client_assertion_type",
                                     "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
                                    {"client_assertion", jwt}});
  };
  const std::string good = assertion(240, token_url, "jti-1");
  ClientResponse ok = request(good);
  ASSERT_EQ(ok.status, 200) << ok.body;
  json::Value tokens = Json(ok);
  Remember(tokens);
  EXPECT_EQ(tokens.get_string("scope"), "system/*.rs");
  EXPECT_EQ(tokens.find("refresh_token"), nullptr);
  EXPECT_EQ(Fhir("GET", "Patient?_count=1", std::string(tokens.get_string("access_token"))).status,
            200);
  // Replay, wrong audience, too long a lifetime, a signature by another key.
  EXPECT_EQ(request(good).status, 401);
  EXPECT_EQ(request(assertion(240, Origin() + "/fhir", "jti-2")).status, 401);
  EXPECT_EQ(request(assertion(3600, token_url, "jti-3")).status, 401);
  EXPECT_EQ(request(assertion(-120, token_url, "jti-4")).status, 401);
  auth::Pkey stranger = std::move(auth::GenerateEcKey("P-384").value());
  json::Value c = json::Value::Object();
  c.set("iss", json::Value::String("backend"));
  c.set("sub", json::Value::String("backend"));
  c.set("aud", json::Value::String(token_url));
  c.set("exp", json::Value::Number(static_cast<int64_t>(std::time(nullptr)) + 200));
  c.set("jti", json::Value::String("jti-5"));
  EXPECT_EQ(request(Sign(c, stranger.get(), auth::JwsAlgorithm::kEs384, "backend-1")).status, 401);
  // Scopes it was not registered for are not granted.
  ClientResponse wider = request(assertion(240, token_url, "jti-6"), "system/*.cruds");
  EXPECT_EQ(wider.status, 400);
  EXPECT_EQ(Json(wider).get_string("error"), "invalid_scope");
}

TEST_F(AuthFlowTest, RevocationAndIntrospection) {
  const std::string basic = "Basic " + Base64(std::string("introspector:") + kIntrospectorSecret);
  json::Value tokens = Tokens("bs.test", "user/*.rs online_access");
  const std::string access(tokens.get_string("access_token"));
  ClientResponse active =
      PostForm("/auth/introspect", {{"token", access}}, {{"Authorization", basic}});
  ASSERT_EQ(active.status, 200);
  json::Value info = Json(active);
  EXPECT_TRUE(info.find("active")->as_bool());
  EXPECT_EQ(info.get_string("sub"), "bs.test");
  EXPECT_EQ(info.get_string("scope"), "user/*.rs online_access");
  // Introspection needs a confidential client.
  EXPECT_EQ(PostForm("/auth/introspect", {{"token", access}, {"client_id", "app"}}).status, 401);
  EXPECT_EQ(PostForm("/auth/introspect", {{"token", access}},
                     {{"Authorization", "Basic " + Base64("introspector:wrong-secret")}})
                .status,
            401);

  EXPECT_EQ(PostForm("/auth/revoke", {{"token", access}, {"client_id", "app"}}).status, 200);
  EXPECT_EQ(Fhir("GET", "Patient?_count=1", access).status, 401);
  ClientResponse inactive =
      PostForm("/auth/introspect", {{"token", access}}, {{"Authorization", basic}});
  EXPECT_FALSE(Json(inactive).find("active")->as_bool());
  // Revoking the refresh token ends its family.
  ClientResponse refreshed =
      PostForm("/auth/revoke",
               {{"token", std::string(tokens.get_string("refresh_token"))}, {"client_id", "app"}});
  EXPECT_EQ(refreshed.status, 200);
  EXPECT_EQ(
      PostForm("/auth/token", {{"grant_type", "refresh_token"},
                               {"client_id", "app"},
                               {"refresh_token", std::string(tokens.get_string("refresh_token"))}})
          .status,
      400);
}

TEST_F(AuthFlowTest, FiveFailuresLockTheAccount) {
  Pkce pkce;
  for (int i = 0; i < 5; ++i) {
    ClientResponse r =
        SignIn("locked.test", "wrong-password-" + std::to_string(i), "user/*.rs", pkce);
    EXPECT_EQ(r.status, 401);
    EXPECT_TRUE(r.header("Location").empty());
  }
  // The right password no longer works for 15 minutes.
  ClientResponse locked = SignIn("locked.test", passwords_["locked.test"], "user/*.rs", pkce);
  EXPECT_EQ(locked.status, 401);
  EXPECT_NE(locked.body.find("15"), std::string::npos);
  // Other accounts are not affected.
  EXPECT_FALSE(CodeFor("bs.test", "user/*.rs", pkce).empty());
}

TEST_F(AuthFlowTest, AdministratorsManageAccountsAndDisabledAccountsLoseAccess) {
  const std::string admin(Tokens("admin.test", "user/*.rs").get_string("access_token"));
  const std::vector<http::Header> auth = {{"Authorization", "Bearer " + admin},
                                          {"Content-Type", "application/json"}};
  ClientResponse list = client_->Send("GET", "/auth/admin/users", "", auth);
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("bs.test"), std::string::npos);
  EXPECT_EQ(list.body.find("argon2"), std::string::npos);
  secrets_.insert("new-user-password-1");
  ClientResponse added = client_->Send(
      "POST", "/auth/admin/users",
      R"({"username":"dd.moi","roles":["nurse"],"facility":"79001","password":"new-user-password-1"})",
      auth);
  EXPECT_EQ(added.status, 201) << added.body;
  passwords_["dd.moi"] = "new-user-password-1";
  EXPECT_EQ(client_
                ->Send("POST", "/auth/admin/users",
                       R"({"username":"x","roles":["king"],"password":"long-enough-1"})", auth)
                .status,
            400);
  // A doctor is not an administrator.
  const std::string doctor(Tokens("bs.test", "user/*.rs").get_string("access_token"));
  EXPECT_EQ(
      client_->Send("GET", "/auth/admin/users", "", {{"Authorization", "Bearer " + doctor}}).status,
      403);
  EXPECT_EQ(client_->Send("GET", "/auth/admin/users").status, 401);

  const std::string nurse(Tokens("dd.moi", "user/*.rs").get_string("access_token"));
  EXPECT_EQ(Fhir("GET", "Patient?_count=1", nurse).status, 200);
  EXPECT_EQ(client_->Send("POST", "/auth/admin/users/dd.moi/disable", "", auth).status, 200);
  EXPECT_EQ(Fhir("GET", "Patient?_count=1", nurse).status, 401);
  Pkce pkce;
  EXPECT_EQ(SignIn("dd.moi", "new-user-password-1", "user/*.rs", pkce).status, 401);
  EXPECT_EQ(client_->Send("POST", "/auth/admin/users/dd.moi/enable", "", auth).status, 200);
  EXPECT_EQ(Fhir("GET", "Patient?_count=1", nurse).status, 200);
}

TEST(AuthSettingTest, AuthOffRefusesToListenBeyondLoopback) {
  const std::string dir =
      (std::filesystem::temp_directory_path() / ("lienthong-authoff-" + std::to_string(::getpid())))
          .string();
  CommandRun run = RunLienthong("serve --auth off --bind 0.0.0.0 --port 0 --data-dir " + dir);
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("loopback"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(AuthSettingTest, TokenRequestsAreRateLimitedPerAddress) {
  const std::string dir = (std::filesystem::temp_directory_path() /
                           ("lienthong-ratelimit-" + std::to_string(::getpid())))
                              .string();
  setenv("LIENTHONG_AUTH_RATE_LIMIT_PER_MINUTE", "5", 1);
  ServerProcess server(dir, {"--auth", "on"});
  ASSERT_TRUE(server.Start());
  unsetenv("LIENTHONG_AUTH_RATE_LIMIT_PER_MINUTE");
  HttpClient client("127.0.0.1", server.port());
  int limited = 0;
  for (int i = 0; i < 8; ++i) {
    ClientResponse r = client.Send("POST", "/auth/token", "grant_type=client_credentials",
                                   {{"Content-Type", "application/x-www-form-urlencoded"}});
    if (r.status == 429) ++limited;
  }
  EXPECT_EQ(limited, 3);
  EXPECT_EQ(server.Stop(), 0);
  std::filesystem::remove_all(dir);
  std::filesystem::remove(dir + ".log");
}

}  // namespace
}  // namespace lienthong::testing

namespace lienthong::testing {
namespace {

// Tokens of an external identity provider, whose JWKS is published at a URL
// (here another lienthong server's /auth/jwks) and read when a token names
// a key: the same Principal as the built-in server's, roles from a nested
// claim.
TEST(TrustedIssuerTest, TokensOfATrustedIssuerAreAccepted) {
  const std::string base =
      (std::filesystem::temp_directory_path() / ("lienthong-issuer-" + std::to_string(::getpid())))
          .string();
  ServerProcess provider(base + "-idp", {"--auth", "on"});
  ASSERT_TRUE(provider.Start());
  auth::Pkey key;
  std::string kid;
  for (const auto& e : std::filesystem::directory_iterator(base + "-idp/auth/signing-keys")) {
    std::ifstream in(e.path());
    std::stringstream pem;
    pem << in.rdbuf();
    key = std::move(auth::ReadPrivateKeyPem(pem.str()).value());
    kid = *auth::Thumbprint(key.get());
  }
  const std::string config = base + "-config.json";
  AuthTest::WriteFile(config, R"({"trusted_issuers": [{"issuer": "https://sso.example/realms/emr",
      "jwks_url": "http://127.0.0.1:)" +
                                  std::to_string(provider.port()) +
                                  R"(/auth/jwks", "audience": "urn:lienthong:test",
      "roles_claim": "realm_access.roles", "facility_claim": "facility"}]})");
  ServerProcess server(base + "-rs", {"--auth", "on", "--config", config});
  ASSERT_TRUE(server.Start()) << "see " << server.log_path();
  HttpClient client("127.0.0.1", server.port());
  auto token = [&](const std::string& aud, EVP_PKEY* signer, const std::string& scope) {
    json::Value c = json::Value::Object();
    c.set("iss", json::Value::String("https://sso.example/realms/emr"));
    c.set("sub", json::Value::String("kc-user-1"));
    c.set("aud", json::Value::String(aud));
    c.set("exp", json::Value::Number(static_cast<int64_t>(std::time(nullptr)) + 300));
    c.set("scope", json::Value::String(scope));
    c.set("facility", json::Value::String("79001"));
    json::Value realm = json::Value::Object();
    json::Value roles = json::Value::Array();
    roles.push_back(json::Value::String("doctor"));
    realm.set("roles", std::move(roles));
    c.set("realm_access", std::move(realm));
    return *auth::SignJwt(c, auth::JwsAlgorithm::kEs256, signer, kid);
  };
  auto get = [&](const std::string& path, const std::string& t) {
    return client.Send("GET", "/fhir/" + path, "", {{"Authorization", "Bearer " + t}});
  };
  EXPECT_EQ(get("Patient?_count=1", token("urn:lienthong:test", key.get(), "user/*.rs")).status,
            200);
  EXPECT_EQ(get("Patient", token("urn:lienthong:test", key.get(), "user/Observation.rs")).status,
            403);
  EXPECT_EQ(get("Patient", token("urn:other", key.get(), "user/*.rs")).status, 401);
  auth::Pkey stranger = std::move(auth::GenerateEcKey("P-256").value());
  EXPECT_EQ(get("Patient", token("urn:lienthong:test", stranger.get(), "user/*.rs")).status, 401);
  EXPECT_EQ(server.Stop(), 0);
  EXPECT_EQ(provider.Stop(), 0);
  for (const char* suffix : {"-idp", "-rs"}) {
    std::filesystem::remove_all(base + suffix);
    std::filesystem::remove(base + suffix + ".log");
  }
  std::filesystem::remove(config);
}

}  // namespace
}  // namespace lienthong::testing

namespace lienthong::testing {
namespace {

// CORS: only the configured origins are answered, never with a wildcard.
TEST(CorsTest, OnlyConfiguredOriginsGetCorsHeaders) {
  const std::string dir =
      (std::filesystem::temp_directory_path() / ("lienthong-cors-" + std::to_string(::getpid())))
          .string();
  setenv("LIENTHONG_CORS_ORIGINS", "https://emr.example.vn, http://localhost:3000", 1);
  ServerProcess server(dir, {"--auth", "on"});
  ASSERT_TRUE(server.Start());
  unsetenv("LIENTHONG_CORS_ORIGINS");
  HttpClient client("127.0.0.1", server.port());
  ClientResponse preflight = client.Send("OPTIONS", "/fhir/Patient", "",
                                         {{"Origin", "https://emr.example.vn"},
                                          {"Access-Control-Request-Method", "GET"},
                                          {"Access-Control-Request-Headers", "authorization"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.header("Access-Control-Allow-Origin"), "https://emr.example.vn");
  EXPECT_NE(preflight.header("Access-Control-Allow-Headers").find("Authorization"),
            std::string::npos);
  EXPECT_TRUE(preflight.header("Access-Control-Allow-Credentials").empty());
  ClientResponse stranger =
      client.Send("OPTIONS", "/fhir/Patient", "",
                  {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_EQ(stranger.status, 403);
  EXPECT_TRUE(stranger.header("Access-Control-Allow-Origin").empty());
  ClientResponse actual =
      client.Send("GET", "/fhir/metadata", "", {{"Origin", "http://localhost:3000"}});
  EXPECT_EQ(actual.status, 200);
  EXPECT_EQ(actual.header("Access-Control-Allow-Origin"), "http://localhost:3000");
  ClientResponse other =
      client.Send("GET", "/fhir/metadata", "", {{"Origin", "https://evil.example"}});
  EXPECT_TRUE(other.header("Access-Control-Allow-Origin").empty());
  EXPECT_EQ(server.Stop(), 0);
  std::filesystem::remove_all(dir);
  std::filesystem::remove(dir + ".log");
}

}  // namespace
}  // namespace lienthong::testing
