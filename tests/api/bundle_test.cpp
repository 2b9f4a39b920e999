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

}  // namespace
}  // namespace lienthong::testing
