// What a token lets through: a table of bad tokens (each refused with 401),
// and a table of scopes, each with the status it must get and, for searches,
// the exact result set.
#include <openssl/evp.h>

#include <algorithm>

#include "api/auth_fixture.h"

namespace lienthong::testing {
namespace {

class AuthScopeTest : public AuthTest {
 protected:
  static void SetUpTestSuite() {
    AuthTest::SetUpTestSuite();
    // The fixture's helpers, outside any test.
    struct Loader : AuthScopeTest {
      void TestBody() override {}
    } loader;
    loader.client_ = std::make_unique<HttpClient>("127.0.0.1", server_->port());
    const std::string token = loader.ClientToken("loader", kLoaderSecret, "system/*.cruds");
    const std::pair<const char*, const char*> fixtures[] = {
        {"Patient/p1", R"({"resourceType":"Patient","id":"p1","name":[{"family":"Nguyễn"}]})"},
        {"Patient/p2", R"({"resourceType":"Patient","id":"p2","name":[{"family":"Trần"}]})"},
        {"Practitioner/pr1", R"({"resourceType":"Practitioner","id":"pr1"})"},
        {"Encounter/e1",
         R"({"resourceType":"Encounter","id":"e1","status":"finished","class":{"code":"AMB"},"subject":{"reference":"Patient/p1"}})"},
        {"Observation/o1", R"({"resourceType":"Observation","id":"o1","status":"final",
          "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],
          "code":{"text":"glucose"},"subject":{"reference":"Patient/p1"},"performer":[{"reference":"Practitioner/pr1"}]})"},
        {"Observation/o2", R"({"resourceType":"Observation","id":"o2","status":"final",
          "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],
          "code":{"text":"pulse"},"subject":{"reference":"Patient/p1"}})"},
        {"Observation/o3", R"({"resourceType":"Observation","id":"o3","status":"final",
          "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],
          "code":{"text":"glucose"},"subject":{"reference":"Patient/p2"}})"},
    };
    for (const auto& [path, body] : fixtures) {
      ClientResponse r = loader.Fhir("PUT", path, token, body);
      ASSERT_TRUE(r.status == 200 || r.status == 201) << path << ": " << r.body;
    }
  }
  // The ids of the entries of a Bundle with search mode `mode`, sorted.
  static std::vector<std::string> Ids(const json::Value& bundle, const char* mode = "match") {
    std::vector<std::string> out;
    const json::Value* entries = bundle.find("entry");
    for (size_t i = 0; entries != nullptr && i < entries->size(); ++i) {
      const json::Value& e = entries->at(i);
      const json::Value* search = e.find("search");
      if (search == nullptr || search->get_string("mode") != mode) continue;
      out.emplace_back(e.find("resource")->get_string("id"));
    }
    std::sort(out.begin(), out.end());
    return out;
  }
};

std::string Hs256(const std::string& input, const std::string& secret) {
  unsigned char mac[32];
  size_t len = 0;
  EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, secret.data(), secret.size(),
            reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, sizeof(mac),
            &len);
  return auth::Base64UrlEncode(std::string(reinterpret_cast<char*>(mac), len));
}

TEST_F(AuthScopeTest, BadTokensAreRefusedWith401) {
  const int64_t now = std::time(nullptr);
  auto with = [&](const char* key, json::Value value) {
    json::Value c = UserClaims("user/*.rs");
    c.set(key, std::move(value));
    return Sign(c);
  };
  const std::string good = Sign(UserClaims("user/*.rs"));
  ASSERT_EQ(Fhir("GET", "Patient/p1", good).status, 200);
  auth::Pkey other = std::move(auth::GenerateEcKey("P-256").value());
  const std::string header_payload = good.substr(0, good.rfind('.'));
  const std::string payload = header_payload.substr(header_payload.find('.') + 1);
  const std::string public_jwk =
      json::Write(*auth::PublicJwk(server_key_.get(), server_kid_, "ES256"));
  const std::string hs_header =
      auth::Base64UrlEncode(R"({"alg":"HS256","typ":"JWT","kid":")" + server_kid_ + "\"}");
  const std::string none_header = auth::Base64UrlEncode(R"({"alg":"none","typ":"JWT"})");

  // Disable off.test through the administration API; its token must stop working.
  const std::string admin(Tokens("admin.test", "user/*.rs").get_string("access_token"));
  const std::string off_token = Sign(UserClaims("user/*.rs", "off.test"));
  ASSERT_EQ(Fhir("GET", "Patient/p1", off_token).status, 200);
  ASSERT_EQ(client_
                ->Send("POST", "/auth/admin/users/off.test/disable", "",
                       {{"Authorization", "Bearer " + admin}})
                .status,
            200);

  const std::vector<std::pair<const char*, std::string>> cases = {
      {"expired", with("exp", json::Value::Number(now - 3600))},
      {"not yet valid", with("nbf", json::Value::Number(now + 3600))},
      {"wrong audience", with("aud", json::Value::String("https://other.example/fhir"))},
      {"wrong issuer", with("iss", json::Value::String("https://evil.example/auth"))},
      {"unknown kid", Sign(UserClaims("user/*.rs"), nullptr, auth::JwsAlgorithm::kEs256, "nope")},
      {"bad signature",
       Sign(UserClaims("user/*.rs"), other.get(), auth::JwsAlgorithm::kEs256, server_kid_)},
      {"alg none", none_header + "." + payload + "."},
      {"alg none with a signature", none_header + "." + payload + ".c2ln"},
      {"HS256 with the public key",
       hs_header + "." + payload + "." + Hs256(hs_header + "." + payload, public_jwk)},
      {"disabled account", off_token},
      {"unknown account", Sign(UserClaims("user/*.rs", "nobody"))},
      {"truncated", good.substr(0, good.size() - 10)},
      {"garbage", "garbage"},
      {"three garbage parts", "a.b.c"},
  };
  for (const auto& [name, token] : cases) {
    SCOPED_TRACE(name);
    secrets_.insert(token);
    ClientResponse r = Fhir("GET", "Patient/p1", token);
    EXPECT_EQ(r.status, 401);
    EXPECT_NE(r.header("WWW-Authenticate").find("invalid_token"), std::string::npos);
    EXPECT_EQ(Json(r).get_string("resourceType"), "OperationOutcome");
  }
  ASSERT_EQ(client_
                ->Send("POST", "/auth/admin/users/off.test/enable", "",
                       {{"Authorization", "Bearer " + admin}})
                .status,
            200);
  EXPECT_EQ(Fhir("GET", "Patient/p1", off_token).status, 200);
}

struct ScopeCase {
  const char* scopes;
  const char* patient;  // launch context, empty for none
  const char* method;
  const char* path;
  const char* body;
  int status;
  std::vector<std::string> matches;   // for searches: the exact ids
  std::vector<std::string> included;  // and the included ones
};

TEST_F(AuthScopeTest, ScopesDecideEveryInteraction) {
  const std::string obs_p1 =
      R"({"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"Patient/p1"}})";
  const std::string obs_p2 =
      R"({"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"Patient/p2"}})";
  const std::vector<ScopeCase> cases = {
      {"user/Observation.rs", "", "GET", "Observation", "", 200, {"o1", "o2", "o3"}, {}},
      {"user/Observation.rs", "", "GET", "Patient", "", 403, {}, {}},
      {"user/Observation.rs", "", "GET", "Observation/o1", "", 200, {}, {}},
      {"user/Observation.r", "", "GET", "Observation", "", 403, {}, {}},
      {"user/Observation.s", "", "GET", "Observation/o1", "", 403, {}, {}},
      {"user/Observation.s", "", "GET", "Observation?code:text=glucose", "", 200, {"o1", "o3"}, {}},
      {"patient/Observation.rs", "p1", "GET", "Observation", "", 200, {"o1", "o2"}, {}},
      {"patient/Observation.rs", "p1", "GET", "Observation/o3", "", 403, {}, {}},
      {"patient/Observation.rs", "p1", "GET", "Observation/o2", "", 200, {}, {}},
      {"patient/Observation.rs", "p1", "GET", "Patient/p2/Observation", "", 403, {}, {}},
      {"patient/Observation.rs", "p1", "GET", "Patient/p1/Observation", "", 200, {"o1", "o2"}, {}},
      {"patient/*.rs", "p1", "GET", "Patient", "", 200, {"p1"}, {}},
      {"patient/*.rs", "p1", "GET", "Encounter", "", 200, {"e1"}, {}},
      {"patient/*.rs", "p1", "GET", "Practitioner/pr1", "", 200, {}, {}},
      {"patient/*.rs", "p1", "GET", "Patient/p2", "", 403, {}, {}},
      {"patient/*.rs",
       "p1",
       "GET",
       "Patient/p1/$everything",
       "",
       200,
       {"e1", "o1", "o2", "p1"},
       {"pr1"}},
      {"patient/*.rs", "p1", "GET", "Patient/p2/$everything", "", 403, {}, {}},
      {"patient/*.rs", "p1", "GET", "_history", "", 403, {}, {}},
      {"user/Observation.rs?category=laboratory",
       "",
       "GET",
       "Observation",
       "",
       200,
       {"o1", "o3"},
       {}},
      {"user/Observation.rs?category=laboratory", "", "GET", "Observation/o2", "", 403, {}, {}},
      {"user/Observation.rs?category=laboratory", "", "GET", "Observation/o1", "", 200, {}, {}},
      {"user/Observation.rs",
       "",
       "GET",
       "Observation?_include=Observation:subject",
       "",
       200,
       {"o1", "o2", "o3"},
       {}},
      {"user/Observation.rs user/Patient.rs",
       "",
       "GET",
       "Observation?_include=Observation:subject",
       "",
       200,
       {"o1", "o2", "o3"},
       {"p1", "p2"}},
      {"patient/*.rs",
       "p1",
       "GET",
       "Observation?_include=Observation:subject",
       "",
       200,
       {"o1", "o2"},
       {"p1"}},
      {"user/Observation.rs",
       "",
       "GET",
       "Observation?subject:Patient.name=nguyen",
       "",
       403,
       {},
       {}},
      {"user/Observation.rs user/Patient.s",
       "",
       "GET",
       "Observation?subject:Patient.name=nguyen",
       "",
       200,
       {"o1", "o2"},
       {}},
      {"user/*.rs", "", "GET", "_history?_count=1", "", 200, {}, {}},
      {"user/Observation.rs", "", "GET", "_history", "", 403, {}, {}},
      {"user/*.rs", "", "POST", "Patient", R"({"resourceType":"Patient"})", 403, {}, {}},
      {"user/Patient.c", "", "POST", "Patient", R"({"resourceType":"Patient"})", 201, {}, {}},
      {"user/Patient.rs", "", "DELETE", "Patient/p2", "", 403, {}, {}},
      {"patient/Observation.cruds", "p1", "POST", "Observation", obs_p2.c_str(), 403, {}, {}},
      {"patient/Observation.cruds", "p1", "POST", "Observation", obs_p1.c_str(), 201, {}, {}},
      {"patient/Observation.cruds",
       "p1",
       "PUT",
       "Observation/o3",
       R"({"resourceType":"Observation","id":"o3","status":"final","code":{"text":"x"},"subject":{"reference":"Patient/p1"}})",
       403,
       {},
       {}},
      {"user/Observation.rs?category=laboratory",
       "",
       "POST",
       "Observation",
       obs_p1.c_str(),
       403,
       {},
       {}},
      {"user/Observation.rs", "", "GET", "$export", "", 403, {}, {}},
      {"user/*.rs", "", "POST", "$reindex", "", 403, {}, {}},
  };
  for (const ScopeCase& c : cases) {
    SCOPED_TRACE(std::string(c.scopes) + " " + c.method + " " + c.path);
    const std::string token = TokenWithScopes(c.scopes, c.patient);
    ClientResponse r = Fhir(c.method, c.path, token, c.body);
    EXPECT_EQ(r.status, c.status) << r.body.substr(0, 300);
    if (r.status >= 400) {
      EXPECT_EQ(Json(r).get_string("resourceType"), "OperationOutcome");
    }
    if (r.status == 200 && (!c.matches.empty() || !c.included.empty())) {
      const json::Value bundle = Json(r);
      EXPECT_EQ(Ids(bundle), c.matches);
      EXPECT_EQ(Ids(bundle, "include"), c.included);
    }
    EXPECT_EQ(r.header("Cache-Control"), "no-store");
  }
}

TEST_F(AuthScopeTest, EveryBundleEntryPassesThePolicy) {
  const std::string token = TokenWithScopes("user/Observation.cruds");
  const std::string batch = R"({"resourceType":"Bundle","type":"batch","entry":[
      {"request":{"method":"GET","url":"Observation/o1"}},
      {"request":{"method":"GET","url":"Patient/p1"}},
      {"request":{"method":"GET","url":"Observation?_id=o2"}}]})";
  ClientResponse r = Fhir("POST", "", token, batch);
  ASSERT_EQ(r.status, 200) << r.body;
  const json::Value answer = Json(r);
  const json::Value* entries = answer.find("entry");
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ(entries->at(0).find("response")->get_string("status"), "200 OK");
  EXPECT_EQ(entries->at(1).find("response")->get_string("status").substr(0, 3), "403");
  EXPECT_EQ(entries->at(2).find("response")->get_string("status"), "200 OK");

  const std::string count_before =
      std::string(Json(Fhir("GET", "Observation?_summary=count", token)).find("total")->text());
  const std::string transaction = R"({"resourceType":"Bundle","type":"transaction","entry":[
      {"request":{"method":"POST","url":"Observation"},"resource":{"resourceType":"Observation","status":"final","code":{"text":"t"}}},
      {"request":{"method":"POST","url":"Patient"},"resource":{"resourceType":"Patient"}}]})";
  ClientResponse refused = Fhir("POST", "", token, transaction);
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("Bundle.entry[1]"), std::string::npos);
  EXPECT_EQ(
      std::string(Json(Fhir("GET", "Observation?_summary=count", token)).find("total")->text()),
      count_before);
  // Without a token, a bundle is refused as a whole.
  EXPECT_EQ(Fhir("POST", "", "", batch).status, 401);
}

TEST_F(AuthScopeTest, CitizensSeeTheirOwnRecordOnly) {
  json::Value tokens = Tokens("dan.test", "patient/*.rs user/*.rs launch/patient");
  EXPECT_EQ(tokens.get_string("patient"), "p1");
  // A citizen gets no user/ scopes.
  EXPECT_EQ(tokens.get_string("scope"), "patient/*.rs launch/patient");
  const std::string token(tokens.get_string("access_token"));
  EXPECT_EQ(Ids(Json(Fhir("GET", "Observation", token))), (std::vector<std::string>{"o1", "o2"}));
  EXPECT_EQ(Fhir("GET", "Patient/p2", token).status, 403);
}

}  // namespace
}  // namespace lienthong::testing
