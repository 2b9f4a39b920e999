// The FHIR RESTful interactions, driven over HTTP against the real server.
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <thread>

#include "api_fixture.h"
#include "json/writer.h"

namespace lienthong::testing {
namespace {

const char* kPatient =
    R"({"resourceType":"Patient","name":[{"family":"Nguyễn","given":["Văn","An"]}],"gender":"male","birthDate":"1985-04-12"})";

class RestApiTest : public ApiTest {
 protected:
  // Creates a Patient and returns its id.
  std::string CreatePatient() {
    ClientResponse r = Post("Patient", kPatient);
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(Json(r).get_string("id"));
  }
};

TEST_F(RestApiTest, CreateAssignsIdVersionAndHeaders) {
  ClientResponse r = Post("Patient", kPatient);
  ASSERT_EQ(r.status, 201) << r.body;
  json::Value created = Json(r);
  const std::string id(created.get_string("id"));
  EXPECT_EQ(id.size(), 36u);
  EXPECT_EQ(created.find("meta")->get_string("versionId"), "1");
  EXPECT_EQ(r.header("ETag"), "W/\"1\"");
  EXPECT_FALSE(r.header("Last-Modified").empty());
  EXPECT_TRUE(std::string(r.header("Location")).ends_with("/fhir/Patient/" + id + "/_history/1"))
      << r.header("Location");
  EXPECT_EQ(r.header("Content-Type"), "application/fhir+json;charset=utf-8");
  // Diacritics survive byte for byte.
  EXPECT_NE(r.body.find("Nguyễn"), std::string::npos);

  ClientResponse read = Get("Patient/" + id);
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(read.body, r.body);  // the stored bytes, served as stored
}

TEST_F(RestApiTest, ServerIgnoresTheIdOfACreatedResource) {
  ClientResponse r = Post("Patient", R"({"resourceType":"Patient","id":"mine"})");
  ASSERT_EQ(r.status, 201);
  EXPECT_NE(Json(r).get_string("id"), "mine");
}

TEST_F(RestApiTest, UpdateCreatesVersionsAndVreadReadsThem) {
  ClientResponse put =
      Put("Patient/bn-001", R"({"resourceType":"Patient","id":"bn-001","active":true})");
  ASSERT_EQ(put.status, 201) << put.body;  // update as create
  ClientResponse put2 =
      Put("Patient/bn-001", R"({"resourceType":"Patient","id":"bn-001","active":false})");
  ASSERT_EQ(put2.status, 200);
  EXPECT_EQ(put2.header("ETag"), "W/\"2\"");
  ClientResponse v1 = Get("Patient/bn-001/_history/1");
  ASSERT_EQ(v1.status, 200);
  EXPECT_TRUE(Json(v1).find("active")->as_bool());
  EXPECT_EQ(v1.header("ETag"), "W/\"1\"");
  EXPECT_EQ(Get("Patient/bn-001/_history/3").status, 404);
  EXPECT_EQ(Get("Patient/bn-001/_history/x").status, 404);
}

TEST_F(RestApiTest, IfMatchGuardsUpdatesAndDeletes) {
  const std::string id = CreatePatient();
  const std::string body = fmt::format(R"({{"resourceType":"Patient","id":"{}"}})", id);
  ClientResponse stale = Put("Patient/" + id, body, {{"If-Match", "W/\"7\""}});
  EXPECT_EQ(stale.status, 412);
  ExpectOutcome(stale);
  ClientResponse ok = Put("Patient/" + id, body, {{"If-Match", "W/\"1\""}});
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(Delete("Patient/" + id, {{"If-Match", "W/\"1\""}}).status, 412);
  EXPECT_EQ(Get("Patient/" + id).status, 200);
}

TEST_F(RestApiTest, ConditionalReadsAnswerNotModified) {
  const std::string id = CreatePatient();
  ClientResponse r = Get("Patient/" + id);
  EXPECT_EQ(Get("Patient/" + id, {{"If-None-Match", "W/\"1\""}}).status, 304);
  EXPECT_EQ(Get("Patient/" + id, {{"If-None-Match", "W/\"2\""}}).status, 200);
  EXPECT_EQ(
      Get("Patient/" + id, {{"If-Modified-Since", std::string(r.header("Last-Modified"))}}).status,
      304);
  EXPECT_EQ(Get("Patient/" + id, {{"If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT"}}).status,
            200);
}

TEST_F(RestApiTest, DeleteAnswersGoneAndKeepsHistory) {
  const std::string id = CreatePatient();
  ClientResponse del = Delete("Patient/" + id);
  EXPECT_EQ(del.status, 200);
  EXPECT_EQ(del.header("ETag"), "W/\"2\"");
  ClientResponse gone = Get("Patient/" + id);
  EXPECT_EQ(gone.status, 410);
  ExpectOutcome(gone);
  EXPECT_EQ(Get("Patient/" + id + "/_history/1").status, 200);
  EXPECT_EQ(Get("Patient/" + id + "/_history/2").status, 410);
  ClientResponse history = Get("Patient/" + id + "/_history");
  ASSERT_EQ(history.status, 200);
  json::Value bundle = Json(history);
  EXPECT_EQ(bundle.get_string("type"), "history");
  ASSERT_EQ(bundle.find("entry")->size(), 2u);
  const json::Value& newest = bundle.find("entry")->at(0);
  EXPECT_EQ(newest.find("request")->get_string("method"), "DELETE");
  EXPECT_EQ(newest.find("resource"), nullptr);
  EXPECT_EQ(Delete("Patient/" + id).status, 200);  // deleting again is fine
  EXPECT_EQ(Delete("Patient/never-was").status, 200);
}

TEST_F(RestApiTest, PreferControlsTheWriteResponseBody) {
  ClientResponse minimal = Post("Patient", kPatient, {{"Prefer", "return=minimal"}});
  EXPECT_EQ(minimal.status, 201);
  EXPECT_TRUE(minimal.body.empty());
  EXPECT_FALSE(minimal.header("Location").empty());
  ClientResponse outcome = Post("Patient", kPatient, {{"Prefer", "return=OperationOutcome"}});
  EXPECT_EQ(outcome.status, 201);
  EXPECT_EQ(Json(outcome).get_string("resourceType"), "OperationOutcome");
  ClientResponse full = Post("Patient", kPatient, {{"Prefer", "return=representation"}});
  EXPECT_EQ(Json(full).get_string("resourceType"), "Patient");
}

TEST_F(RestApiTest, JsonPatchMakesANewValidatedVersion) {
  const std::string id = CreatePatient();
  std::vector<http::Header> patch_type = {{"Content-Type", "application/json-patch+json"}};
  ClientResponse patched = client_->Send(
      "PATCH", "/fhir/Patient/" + id,
      R"([{"op":"replace","path":"/gender","value":"female"},{"op":"add","path":"/active","value":true}])",
      patch_type);
  ASSERT_EQ(patched.status, 200) << patched.body;
  json::Value p = Json(patched);
  EXPECT_EQ(p.get_string("gender"), "female");
  EXPECT_EQ(p.find("meta")->get_string("versionId"), "2");
  // A patch that breaks validation stores nothing.
  ClientResponse bad =
      client_->Send("PATCH", "/fhir/Patient/" + id,
                    R"([{"op":"replace","path":"/gender","value":"nam"}])", patch_type);
  EXPECT_EQ(bad.status, 422);
  ExpectOutcome(bad);
  ClientResponse failed_test =
      client_->Send("PATCH", "/fhir/Patient/" + id,
                    R"([{"op":"test","path":"/gender","value":"male"}])", patch_type);
  EXPECT_EQ(failed_test.status, 422);
  EXPECT_EQ(Json(Get("Patient/" + id)).find("meta")->get_string("versionId"), "2");
  EXPECT_EQ(client_->Send("PATCH", "/fhir/Patient/" + id, R"([])", {{"Content-Type", "text/plain"}})
                .status,
            415);
}

TEST_F(RestApiTest, HistoryAtTypeAndSystemLevelPagesWithSince) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(Put(fmt::format("Practitioner/pr-{}", i),
                  fmt::format(R"({{"resourceType":"Practitioner","id":"pr-{}"}})", i))
                  .status,
              201);
  }
  ClientResponse page1 = Get("Practitioner/_history?_count=2");
  ASSERT_EQ(page1.status, 200);
  json::Value b1 = Json(page1);
  ASSERT_EQ(b1.find("entry")->size(), 2u);
  EXPECT_EQ(b1.find("entry")->at(0).find("resource")->get_string("id"), "pr-4");
  std::string next;
  for (const auto& link : b1.find("link")->members()) {
    if (link.value.get_string("relation") == "next") next = link.value.get_string("url");
  }
  ASSERT_FALSE(next.empty());
  const std::string next_path = next.substr(next.find("/fhir/") + 6);
  ClientResponse page2 = Get(next_path);
  ASSERT_EQ(page2.status, 200) << page2.body;
  EXPECT_EQ(Json(page2).find("entry")->at(0).find("resource")->get_string("id"), "pr-2");

  const std::string since(Json(Get("Practitioner/pr-3")).find("meta")->get_string("lastUpdated"));
  json::Value recent = Json(Get("Practitioner/_history?_since=" + since));
  EXPECT_EQ(recent.find("entry")->size(), 2u);  // pr-3 and pr-4
  EXPECT_EQ(Get("_history?_since=yesterday").status, 400);
  json::Value system = Json(Get("_history?_count=3"));
  EXPECT_EQ(system.find("entry")->size(), 3u);
}

TEST_F(RestApiTest, HistoryAtReturnsTheVersionCurrentThen) {
  ASSERT_EQ(Put("Patient/at-1", R"({"resourceType":"Patient","id":"at-1","gender":"male"})").status,
            201);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ClientResponse v2 =
      Put("Patient/at-1", R"({"resourceType":"Patient","id":"at-1","gender":"female"})");
  ASSERT_EQ(v2.status, 200);
  const std::string v2_time(Json(v2).find("meta")->get_string("lastUpdated"));
  // At version 1's own instant only version 1 was current.
  const std::string v1_time(
      Json(Get("Patient/at-1/_history/1")).find("meta")->get_string("lastUpdated"));
  json::Value at = Json(Get("Patient/at-1/_history?_at=" + v1_time));
  ASSERT_EQ(at.find("entry")->size(), 1u) << v1_time;
  EXPECT_EQ(at.find("entry")->at(0).find("resource")->find("meta")->get_string("versionId"), "1");
  json::Value now = Json(Get("Patient/at-1/_history?_at=" + v2_time));
  ASSERT_EQ(now.find("entry")->size(), 1u);
  EXPECT_EQ(now.find("entry")->at(0).find("resource")->find("meta")->get_string("versionId"), "2");
  EXPECT_TRUE(Json(Get("Patient/at-1/_history?_at=2001")).find("entry")->empty());
}

TEST_F(RestApiTest, SummaryAndElementsShapeReads) {
  const std::string id = CreatePatient();
  json::Value elements = Json(Get("Patient/" + id + "?_elements=gender"));
  EXPECT_EQ(elements.get_string("gender"), "male");
  EXPECT_EQ(elements.find("name"), nullptr);
  EXPECT_EQ(elements.get_string("id"), id);
  json::Value summary = Json(Get("Patient/" + id + "?_summary=true"));
  EXPECT_NE(summary.find("name"), nullptr);
  ClientResponse pretty = Get("Patient/" + id + "?_pretty=true");
  EXPECT_NE(pretty.body.find("\n  \"resourceType\""), std::string::npos);
  EXPECT_EQ(Get("Patient/" + id + "?_summary=bogus").status, 400);
}

TEST_F(RestApiTest, FormatsOtherThanJsonAreRefusedClearly) {
  const std::string id = CreatePatient();
  EXPECT_EQ(Get("Patient/" + id + "?_format=xml").status, 406);
  EXPECT_EQ(Get("Patient/" + id, {{"Accept", "application/fhir+xml"}}).status, 406);
  EXPECT_EQ(Get("Patient/" + id, {{"Accept", "application/fhir+json"}}).status, 200);
  EXPECT_EQ(Get("Patient/" + id + "?_format=json").status, 200);
  ClientResponse xml = client_->Send("POST", "/fhir/Patient", "<Patient/>",
                                     {{"Content-Type", "application/fhir+xml"}});
  EXPECT_EQ(xml.status, 415);
  ExpectOutcome(xml);
}

TEST_F(RestApiTest, LargeResponsesAreGzippedWhenAccepted) {
  std::string body = R"({"resourceType":"Patient","name":[)";
  for (int i = 0; i < 100; ++i) {
    body += fmt::format(R"({}{{"family":"Trần","given":["Thị","Bích {}"]}})", i ? "," : "", i);
  }
  body += "]}";
  ClientResponse created = Post("Patient", body);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id(Json(created).get_string("id"));
  ClientResponse zipped = Get("Patient/" + id, {{"Accept-Encoding", "gzip"}});
  EXPECT_TRUE(zipped.gzipped);
  EXPECT_LT(zipped.wire_body_size, zipped.body.size());
  EXPECT_EQ(Json(zipped).find("name")->size(), 100u);
  EXPECT_FALSE(Get("Patient/" + id).gzipped);
}

TEST_F(RestApiTest, CapabilityStatementListsWhatIsImplemented) {
  ClientResponse r = Get("metadata");
  ASSERT_EQ(r.status, 200);
  json::Value cs = Json(r);
  EXPECT_EQ(cs.get_string("fhirVersion"), "4.0.1");
  const json::Value& rest = cs.find("rest")->at(0);
  bool has_patient = false;
  for (const auto& res : rest.find("resource")->members()) {
    if (res.value.get_string("type") == "Observation") {
      bool composite = false;
      for (const auto& p : res.value.find("searchParam")->members()) {
        if (p.value.get_string("name") == "component-code-value-quantity") {
          composite = p.value.get_string("type") == "composite";
        }
      }
      EXPECT_TRUE(composite);
    }
    if (res.value.get_string("type") != "Patient") continue;
    has_patient = true;
    std::vector<std::string> codes;
    for (const auto& i : res.value.find("interaction")->members()) {
      codes.emplace_back(i.value.get_string("code"));
    }
    EXPECT_NE(std::find(codes.begin(), codes.end(), "patch"), codes.end());
    EXPECT_NE(std::find(codes.begin(), codes.end(), "search-type"), codes.end());
    // Its search parameters, with _text, _content and _list.
    std::vector<std::string> params;
    for (const auto& p : res.value.find("searchParam")->members()) {
      params.emplace_back(p.value.get_string("name"));
    }
    for (const char* name : {"_id", "_lastUpdated", "name", "birthdate", "identifier", "gender",
                             "_text", "_content", "_list"}) {
      EXPECT_NE(std::find(params.begin(), params.end(), name), params.end()) << name;
    }
    EXPECT_EQ(res.value.get_string("conditionalDelete"), "multiple");
  }
  EXPECT_TRUE(has_patient);
}

TEST_F(RestApiTest, HealthAndMetricsAreServed) {
  ClientResponse health = client_->Send("GET", "/health");
  EXPECT_EQ(health.status, 200);
  CreatePatient();
  ClientResponse metrics = client_->Send("GET", "/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("lienthong_requests_total{interaction=\"create\",status=\"201\"}"),
            std::string::npos);
  EXPECT_NE(metrics.body.find("lienthong_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(metrics.body.find("lienthong_commit_group_ops_count"), std::string::npos);
  EXPECT_NE(metrics.body.find("lienthong_store_disk_bytes"), std::string::npos);
}

TEST_F(RestApiTest, LogsCarryNoResourceContent) {
  ClientResponse r =
      Post("Patient", R"({"resourceType":"Patient","name":[{"family":"Bí-Mật-Xyz"}]})");
  ASSERT_EQ(r.status, 201);
  ClientResponse bad = Post("Patient", R"({"resourceType":"Patient","birthDate":"Bí-Mật-Qrs"})");
  ASSERT_EQ(bad.status, 422);
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));  // the log flushes every second
  std::ifstream log(server_->log_path());
  std::stringstream text;
  text << log.rdbuf();
  EXPECT_NE(text.str().find("\"interaction\":\"create\""), std::string::npos);
  EXPECT_EQ(text.str().find("Bí-Mật"), std::string::npos);
  EXPECT_EQ(bad.body.find("Bí-Mật"), std::string::npos) << "the outcome echoes patient data";
}

}  // namespace
}  // namespace lienthong::testing
