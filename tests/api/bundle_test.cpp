// batch and transaction Bundles.
#include <fmt/format.h>

#include "api_fixture.h"

namespace lienthong::testing {
namespace {

class BundleTest : public ApiTest {};

TEST_F(BundleTest, TransactionResolvesUuidReferencesInProcessingOrder) {
  ASSERT_EQ(Put("Patient/to-delete", R"({"resourceType":"Patient","id":"to-delete"})").status, 201);
  // Entries deliberately out of order: the GET comes first, the DELETE last.
  const std::string bundle = R"({"resourceType":"Bundle","type":"transaction","entry":[
    {"request":{"method":"GET","url":"Patient/tx-put"}},
    {"fullUrl":"urn:uuid:0b7ee6d2-0000-4000-8000-000000000001",
     "resource":{"resourceType":"Observation","status":"final","code":{"text":"mạch"},
       "subject":{"reference":"urn:uuid:0b7ee6d2-0000-4000-8000-000000000002"},
       "performer":[{"reference":"Practitioner/tx-put-pr"}]},
     "request":{"method":"POST","url":"Observation"}},
    {"fullUrl":"urn:uuid:0b7ee6d2-0000-4000-8000-000000000002",
     "resource":{"resourceType":"Patient","name":[{"family":"Phạm"}]},
     "request":{"method":"POST","url":"Patient"}},
    {"resource":{"resourceType":"Patient","id":"tx-put","active":true},
     "request":{"method":"PUT","url":"Patient/tx-put"}},
    {"fullUrl":"http://example.org/fhir/Practitioner/tx-put-pr",
     "resource":{"resourceType":"Practitioner","id":"tx-put-pr"},
     "request":{"method":"PUT","url":"Practitioner/tx-put-pr"}},
    {"request":{"method":"DELETE","url":"Patient/to-delete"}}]})";
  ClientResponse r = Post("", bundle);
  ASSERT_EQ(r.status, 200) << r.body;
  json::Value response = Json(r);
  EXPECT_EQ(response.get_string("type"), "transaction-response");
  const json::Value& entries = *response.find("entry");
  ASSERT_EQ(entries.size(), 6u);
  // The GET ran after the PUT although it came first.
  EXPECT_EQ(entries.at(0).find("response")->get_string("status"), "200 OK");
  EXPECT_TRUE(entries.at(0).find("resource")->find("active")->as_bool());
  EXPECT_EQ(entries.at(1).find("response")->get_string("status"), "201 Created");
  EXPECT_EQ(entries.at(3).find("response")->get_string("status"), "201 Created");
  EXPECT_EQ(entries.at(5).find("response")->get_string("status"), "204 No Content");
  const std::string obs_location(entries.at(1).find("response")->get_string("location"));
  const std::string patient_location(entries.at(2).find("response")->get_string("location"));
  const std::string patient_ref = patient_location.substr(0, patient_location.find("/_history"));
  json::Value obs = Json(Get(obs_location.substr(0, obs_location.find("/_history"))));
  EXPECT_EQ(obs.find("subject")->get_string("reference"), patient_ref);
  EXPECT_EQ(obs.find("performer")->at(0).get_string("reference"), "Practitioner/tx-put-pr");
  EXPECT_EQ(Get("Patient/to-delete").status, 410);
  // Every write of the transaction carries the same lastUpdated.
  json::Value patient = Json(Get(patient_ref));
  EXPECT_EQ(patient.find("meta")->get_string("lastUpdated"),
            obs.find("meta")->get_string("lastUpdated"));
}

TEST_F(BundleTest, TransactionConditionalCreateUpdateAndReferences) {
  ASSERT_EQ(Put("Patient/cccd-1", R"({"resourceType":"Patient","id":"cccd-1",
      "identifier":[{"system":"https://lienthong.vn/fhir/sid/cccd","value":"079080000001"}]})")
                .status,
            201);
  const std::string bundle = R"({"resourceType":"Bundle","type":"transaction","entry":[
    {"fullUrl":"urn:uuid:0b7ee6d2-0000-4000-8000-0000000000a1",
     "resource":{"resourceType":"Patient","identifier":[{"system":"https://lienthong.vn/fhir/sid/cccd","value":"079080000001"}]},
     "request":{"method":"POST","url":"Patient","ifNoneExist":"identifier=https://lienthong.vn/fhir/sid/cccd|079080000001"}},
    {"resource":{"resourceType":"Observation","status":"final","code":{"text":"mạch"},
       "subject":{"reference":"urn:uuid:0b7ee6d2-0000-4000-8000-0000000000a1"}},
     "request":{"method":"POST","url":"Observation"}},
    {"resource":{"resourceType":"Observation","status":"final","code":{"text":"nhiệt độ"},
       "subject":{"reference":"Patient?identifier=https://lienthong.vn/fhir/sid/cccd|079080000001"}},
     "request":{"method":"POST","url":"Observation"}},
    {"resource":{"resourceType":"Organization","identifier":[{"system":"https://lienthong.vn/fhir/sid/facility-code","value":"79001"}],"name":"Bệnh viện"},
     "request":{"method":"PUT","url":"Organization?identifier=https://lienthong.vn/fhir/sid/facility-code|79001"}}]})";
  ClientResponse r = Post("", bundle);
  ASSERT_EQ(r.status, 200) << r.body;
  json::Value response = Json(r);
  const json::Value& entries = *response.find("entry");
  // The patient existed: no new one, and both observations point to it.
  EXPECT_EQ(entries.at(0).find("response")->get_string("status"), "200 OK");
  for (size_t i : {1u, 2u}) {
    const std::string location(entries.at(i).find("response")->get_string("location"));
    json::Value obs = Json(Get(location.substr(0, location.find("/_history"))));
    EXPECT_EQ(obs.find("subject")->get_string("reference"), "Patient/cccd-1") << i;
  }
  EXPECT_EQ(entries.at(3).find("response")->get_string("status"), "201 Created");
  // The same bundle again: the organization is updated in place, not duplicated.
  ClientResponse again = Post("", bundle);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Json(again).find("entry")->at(3).find("response")->get_string("status"), "200 OK");

  // A conditional reference that matches nothing fails the whole transaction.
  const std::string before = NewestHistoryEntry();
  ClientResponse missing = Post("", R"({"resourceType":"Bundle","type":"transaction","entry":[
    {"resource":{"resourceType":"Observation","status":"final","code":{"text":"x"},
       "subject":{"reference":"Patient?identifier=https://lienthong.vn/fhir/sid/cccd|000000000000"}},
     "request":{"method":"POST","url":"Observation"}}]})");
  EXPECT_EQ(missing.status, 412) << missing.body;
  ExpectOutcome(missing);
  EXPECT_EQ(NewestHistoryEntry(), before);
}

TEST_F(BundleTest, FailedTransactionWritesNothing) {
  const std::string before = NewestHistoryEntry();
  const std::string bundle = R"({"resourceType":"Bundle","type":"transaction","entry":[
    {"resource":{"resourceType":"Patient","id":"tx-a"},"request":{"method":"PUT","url":"Patient/tx-a"}},
    {"resource":{"resourceType":"Patient","id":"tx-b"},"request":{"method":"PUT","url":"Patient/tx-b","ifMatch":"W/\"4\""}}]})";
  ClientResponse r = Post("", bundle);
  EXPECT_EQ(r.status, 412);
  ExpectOutcome(r);
  EXPECT_EQ(Get("Patient/tx-a").status, 404);
  EXPECT_EQ(NewestHistoryEntry(), before);
}

TEST_F(BundleTest, BatchEntriesSucceedOrFailOnTheirOwn) {
  const std::string bundle = R"({"resourceType":"Bundle","type":"batch","entry":[
    {"resource":{"resourceType":"Patient","id":"b-1"},"request":{"method":"PUT","url":"Patient/b-1"}},
    {"resource":{"resourceType":"Patient","gender":"nam"},"request":{"method":"POST","url":"Patient"}},
    {"request":{"method":"GET","url":"Patient/b-1"}},
    {"request":{"method":"GET","url":"Patient/b-missing"}},
    {"request":{"method":"DELETE","url":"Patient/b-1"}}]})";
  ClientResponse r = Post("", bundle);
  ASSERT_EQ(r.status, 200) << r.body;
  json::Value response = Json(r);
  EXPECT_EQ(response.get_string("type"), "batch-response");
  const json::Value& entries = *response.find("entry");
  ASSERT_EQ(entries.size(), 5u);
  EXPECT_EQ(entries.at(0).find("response")->get_string("status"), "201 Created");
  EXPECT_EQ(entries.at(1).find("response")->get_string("status"), "422 Unprocessable Entity");
  EXPECT_EQ(entries.at(1).find("response")->find("outcome")->get_string("resourceType"),
            "OperationOutcome");
  EXPECT_EQ(entries.at(2).find("response")->get_string("status"), "200 OK");
  EXPECT_EQ(entries.at(2).find("resource")->get_string("id"), "b-1");
  EXPECT_EQ(entries.at(3).find("response")->get_string("status"), "404 Not Found");
  EXPECT_EQ(entries.at(4).find("response")->get_string("status"), "200 OK");
  EXPECT_EQ(Get("Patient/b-1").status, 410);
}

TEST_F(BundleTest, TransactionPatchUsesABinaryJsonPatch) {
  ASSERT_EQ(Put("Patient/tx-patch", R"({"resourceType":"Patient","id":"tx-patch","gender":"male"})")
                .status,
            201);
  // [{"op":"replace","path":"/gender","value":"female"}]
  const std::string bundle = R"({"resourceType":"Bundle","type":"transaction","entry":[
    {"resource":{"resourceType":"Binary","contentType":"application/json-patch+json",
      "data":"W3sib3AiOiJyZXBsYWNlIiwicGF0aCI6Ii9nZW5kZXIiLCJ2YWx1ZSI6ImZlbWFsZSJ9XQ=="},
     "request":{"method":"PATCH","url":"Patient/tx-patch"}}]})";
  ClientResponse r = Post("", bundle);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(Get("Patient/tx-patch")).get_string("gender"), "female");
}

TEST_F(BundleTest, TransactionTakesFhirPathPatchesPlainAndConditional) {
  ASSERT_EQ(
      Put("Patient/tx-fp", R"({"resourceType":"Patient","id":"tx-fp","gender":"male"})").status,
      201);
  ASSERT_EQ(Put("Patient/tx-fp-cond", R"({"resourceType":"Patient","id":"tx-fp-cond",
      "identifier":[{"system":"https://lienthong.vn/fhir/sid/cccd","value":"079090000201"}]})")
                .status,
            201);
  const std::string bundle = R"({"resourceType":"Bundle","type":"transaction","entry":[
    {"resource":{"resourceType":"Parameters","parameter":[
       {"name":"operation","part":[{"name":"type","valueCode":"replace"},
         {"name":"path","valueString":"Patient.gender"},{"name":"value","valueCode":"female"}]},
       {"name":"operation","part":[{"name":"type","valueCode":"add"},
         {"name":"path","valueString":"Patient"},{"name":"name","valueString":"generalPractitioner"},
         {"name":"value","valueReference":{"reference":"urn:uuid:0b7ee6d2-0000-4000-8000-0000000000f1"}}]}]},
     "request":{"method":"PATCH","url":"Patient/tx-fp"}},
    {"fullUrl":"urn:uuid:0b7ee6d2-0000-4000-8000-0000000000f1",
     "resource":{"resourceType":"Practitioner","name":[{"family":"Lý"}]},
     "request":{"method":"POST","url":"Practitioner"}},
    {"resource":{"resourceType":"Parameters","parameter":[
       {"name":"operation","part":[{"name":"type","valueCode":"add"},
         {"name":"path","valueString":"Patient"},{"name":"name","valueString":"active"},
         {"name":"value","valueBoolean":true}]}]},
     "request":{"method":"PATCH","url":"Patient?identifier=https://lienthong.vn/fhir/sid/cccd|079090000201"}}]})";
  ClientResponse r = Post("", bundle);
  ASSERT_EQ(r.status, 200) << r.body;
  const json::Value response = Json(r);
  const json::Value& entries = *response.find("entry");
  EXPECT_EQ(entries.at(0).find("response")->get_string("status"), "200 OK");
  EXPECT_EQ(entries.at(2).find("response")->get_string("status"), "200 OK");
  json::Value patched = Json(Get("Patient/tx-fp"));
  EXPECT_EQ(patched.get_string("gender"), "female");
  // The patch's reference to another entry's fullUrl was rewritten to its id.
  const std::string practitioner(entries.at(1).find("response")->get_string("location"));
  EXPECT_EQ(patched.find("generalPractitioner")->at(0).get_string("reference"),
            practitioner.substr(0, practitioner.find("/_history")));
  json::Value conditional = Json(Get("Patient/tx-fp-cond"));
  ASSERT_NE(conditional.find("active"), nullptr);
  EXPECT_TRUE(conditional.find("active")->as_bool());
}

TEST_F(BundleTest, TransactionConditionalDeleteOfNoneOneOrMany) {
  auto patient = [](const std::string& id, const std::string& cccd) {
    return fmt::format(R"({{"resourceType":"Patient","id":"{}","identifier":[
        {{"system":"https://lienthong.vn/fhir/sid/cccd","value":"{}"}}]}})",
                       id, cccd);
  };
  ASSERT_EQ(Put("Patient/cd-one", patient("cd-one", "079090000301")).status, 201);
  ASSERT_EQ(Put("Patient/cd-twin-a", patient("cd-twin-a", "079090000302")).status, 201);
  ASSERT_EQ(Put("Patient/cd-twin-b", patient("cd-twin-b", "079090000302")).status, 201);

  // None and one: the match goes, nothing else does, and the other entries are written.
  ClientResponse r = Post("", R"({"resourceType":"Bundle","type":"transaction","entry":[
    {"request":{"method":"DELETE","url":"Patient?identifier=https://lienthong.vn/fhir/sid/cccd|079090000399"}},
    {"request":{"method":"DELETE","url":"Patient?identifier=https://lienthong.vn/fhir/sid/cccd|079090000301"}},
    {"resource":{"resourceType":"Patient","id":"cd-new"},"request":{"method":"PUT","url":"Patient/cd-new"}}]})");
  ASSERT_EQ(r.status, 200) << r.body;
  const json::Value response = Json(r);
  const json::Value& entries = *response.find("entry");
  EXPECT_EQ(entries.at(0).find("response")->get_string("status"), "204 No Content");
  EXPECT_EQ(entries.at(1).find("response")->get_string("status"), "204 No Content");
  EXPECT_EQ(Get("Patient/cd-one").status, 410);
  EXPECT_EQ(Get("Patient/cd-twin-a").status, 200);
  EXPECT_EQ(Get("Patient/cd-new").status, 200);

  // Many: 412, and the whole transaction writes nothing.
  const std::string before = NewestHistoryEntry();
  ClientResponse many = Post("", R"({"resourceType":"Bundle","type":"transaction","entry":[
    {"resource":{"resourceType":"Patient","id":"cd-never"},"request":{"method":"PUT","url":"Patient/cd-never"}},
    {"request":{"method":"DELETE","url":"Patient?identifier=https://lienthong.vn/fhir/sid/cccd|079090000302"}}]})");
  EXPECT_EQ(many.status, 412) << many.body;
  ExpectOutcome(many);
  EXPECT_EQ(NewestHistoryEntry(), before);
  EXPECT_EQ(Get("Patient/cd-never").status, 404);
  EXPECT_EQ(Get("Patient/cd-twin-a").status, 200);
  EXPECT_EQ(Get("Patient/cd-twin-b").status, 200);
}

TEST_F(BundleTest, TransactionWithAFailingFhirPathPatchWritesNothing) {
  ASSERT_EQ(
      Put("Patient/tx-fp-bad", R"({"resourceType":"Patient","id":"tx-fp-bad","gender":"male"})")
          .status,
      201);
  ASSERT_EQ(Put("Patient/tx-fp-del", R"({"resourceType":"Patient","id":"tx-fp-del"})").status, 201);
  const std::string before = NewestHistoryEntry();
  // The patch applies, but its result is not a valid Patient.
  ClientResponse r = Post("", R"({"resourceType":"Bundle","type":"transaction","entry":[
    {"resource":{"resourceType":"Patient","id":"tx-fp-side"},"request":{"method":"PUT","url":"Patient/tx-fp-side"}},
    {"request":{"method":"DELETE","url":"Patient/tx-fp-del"}},
    {"resource":{"resourceType":"Parameters","parameter":[
       {"name":"operation","part":[{"name":"type","valueCode":"replace"},
         {"name":"path","valueString":"Patient.gender"},{"name":"value","valueCode":"nam"}]}]},
     "request":{"method":"PATCH","url":"Patient/tx-fp-bad"}}]})");
  EXPECT_EQ(r.status, 422) << r.body;
  ExpectOutcome(r);
  EXPECT_NE(r.body.find("Patient.gender"), std::string::npos) << r.body;
  EXPECT_EQ(NewestHistoryEntry(), before);
  EXPECT_EQ(Get("Patient/tx-fp-side").status, 404);
  EXPECT_EQ(Get("Patient/tx-fp-del").status, 200);
  EXPECT_EQ(Json(Get("Patient/tx-fp-bad")).get_string("gender"), "male");
}

}  // namespace
}  // namespace lienthong::testing
