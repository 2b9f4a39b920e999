// A table of bad requests: each must answer the right status with an
// OperationOutcome (naming where the problem is, when it is in the body),
// leave the store unchanged, and leave the server running.
#include <fmt/format.h>

#include <cstdlib>

#include "api_fixture.h"

namespace lienthong::testing {
namespace {

struct BadRequest {
  const char* name;
  const char* method;
  std::string path;  // below /fhir/
  std::string body;
  std::string content_type = "application/fhir+json";
  int status;
  std::string expression = {};  // expected in some issue's expression, if set
  std::vector<http::Header> headers = {};
};

std::string Nested(int depth) {
  std::string s = R"({"resourceType":"Patient","extension":[)";
  std::string tail = "]}";
  for (int i = 0; i < depth; ++i) {
    s += R"({"url":"http://x","extension":[)";
    tail = "]}" + tail;
  }
  return s + tail;
}

std::string Transaction(const std::string& entries) {
  return R"({"resourceType":"Bundle","type":"transaction","entry":[)" + entries + "]}";
}

// A FHIRPath Patch of one operation with these parts.
std::string FhirPathPatch(const std::string& parts) {
  return R"({"resourceType":"Parameters","parameter":[{"name":"operation","part":)" + parts + "}]}";
}

const char* kGoodEntry =
    R"({"fullUrl":"urn:uuid:11111111-1111-1111-1111-111111111111","resource":{"resourceType":"Patient","gender":"female"},"request":{"method":"POST","url":"Patient"}})";

std::vector<BadRequest> Cases() {
  const std::string obs_head =
      R"({"resourceType":"Observation","status":"final","code":{"text":"x"})";
  std::string many_entries;
  for (int i = 0; i < 51; ++i) {
    many_entries += fmt::format(
        R"({}{{"resource":{{"resourceType":"Basic","code":{{"text":"t"}}}},"request":{{"method":"POST","url":"Basic"}}}})",
        i ? "," : "");
  }
  return {
      {"malformed_json", "POST", "Patient", R"({"resourceType":"Patient")", "application/fhir+json",
       400},
      {"empty_body", "POST", "Patient", "", "application/fhir+json", 400},
      {"array_body", "POST", "Patient", "[1,2]", "application/fhir+json", 400},
      {"no_resource_type", "POST", "Patient", "{}", "application/fhir+json", 400},
      {"type_mismatch", "POST", "Patient", R"({"resourceType":"Observation"})",
       "application/fhir+json", 400},
      {"unknown_type_in_url", "POST", "Foo", R"({"resourceType":"Foo"})", "application/fhir+json",
       404},
      {"abstract_type_in_url", "POST", "DomainResource", R"({"resourceType":"DomainResource"})",
       "application/fhir+json", 404},
      {"unknown_element", "POST", "Patient", R"({"resourceType":"Patient","foo":1})",
       "application/fhir+json", 422, "Patient.foo"},
      {"gender_number", "POST", "Patient", R"({"resourceType":"Patient","gender":1})",
       "application/fhir+json", 422, "Patient.gender"},
      {"bad_month", "POST", "Patient", R"({"resourceType":"Patient","birthDate":"1985-13-01"})",
       "application/fhir+json", 422, "Patient.birthDate"},
      {"slashed_date", "POST", "Patient", R"({"resourceType":"Patient","birthDate":"12/04/1985"})",
       "application/fhir+json", 422, "Patient.birthDate"},
      {"feb_30", "POST", "Patient", R"({"resourceType":"Patient","birthDate":"2023-02-30"})",
       "application/fhir+json", 422, "Patient.birthDate"},
      {"wrong_gender_code", "POST", "Patient", R"({"resourceType":"Patient","gender":"nam"})",
       "application/fhir+json", 422, "Patient.gender"},
      {"boolean_as_string", "POST", "Patient", R"({"resourceType":"Patient","active":"true"})",
       "application/fhir+json", 422, "Patient.active"},
      {"name_not_array", "POST", "Patient", R"({"resourceType":"Patient","name":{"family":"Lê"}})",
       "application/fhir+json", 422, "Patient.name"},
      {"array_for_single", "POST", "Patient", R"({"resourceType":"Patient","gender":["male"]})",
       "application/fhir+json", 422, "Patient.gender"},
      {"empty_string", "POST", "Patient", R"({"resourceType":"Patient","name":[{"family":""}]})",
       "application/fhir+json", 422, "Patient.name[0].family"},
      {"empty_object", "POST", "Patient", R"({"resourceType":"Patient","name":[{}]})",
       "application/fhir+json", 422, "Patient.name[0]"},
      {"empty_array", "POST", "Patient", R"({"resourceType":"Patient","name":[]})",
       "application/fhir+json", 422, "Patient.name"},
      {"null_value", "POST", "Patient", R"({"resourceType":"Patient","gender":null})",
       "application/fhir+json", 422, "Patient.gender"},
      {"two_choice_values", "POST", "Observation",
       obs_head + R"(,"valueString":"a","valueInteger":1})", "application/fhir+json", 422,
       "Observation.value"},
      {"bad_choice_type", "POST", "Observation", obs_head + R"(,"valueMoney":{"value":1}})",
       "application/fhir+json", 422, "Observation.valueMoney"},
      {"missing_status", "POST", "Observation",
       R"({"resourceType":"Observation","code":{"text":"x"}})", "application/fhir+json", 422,
       "Observation.status"},
      {"missing_code", "POST", "Observation", R"({"resourceType":"Observation","status":"final"})",
       "application/fhir+json", 422, "Observation.code"},
      {"bad_status_code", "POST", "Observation",
       R"({"resourceType":"Observation","status":"done","code":{"text":"x"}})",
       "application/fhir+json", 422, "Observation.status"},
      {"instant_without_zone", "POST", "Observation",
       obs_head + R"(,"issued":"2020-01-01T10:00:00"})", "application/fhir+json", 422,
       "Observation.issued"},
      {"bad_zone", "POST", "Observation",
       obs_head + R"(,"effectiveDateTime":"2020-01-01T10:00:00+25:00"})", "application/fhir+json",
       422, "Observation.effective"},
      {"decimal_as_string", "POST", "Observation",
       obs_head + R"(,"valueQuantity":{"value":"5.4"}})", "application/fhir+json", 422,
       "Observation.valueQuantity.value"},
      {"integer_out_of_range", "POST", "Observation", obs_head + R"(,"valueInteger":3000000000})",
       "application/fhir+json", 422, "Observation.valueInteger"},
      {"integer_with_fraction", "POST", "Observation", obs_head + R"(,"valueInteger":1.5})",
       "application/fhir+json", 422, "Observation.valueInteger"},
      {"control_character", "POST", "Patient",
       "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"a\\u0001b\"}]}",
       "application/fhir+json", 422, "Patient.name[0].family"},
      {"bad_base64", "POST", "Binary",
       R"({"resourceType":"Binary","contentType":"text/plain","data":"!!!"})",
       "application/fhir+json", 422, "Binary.data"},
      {"bad_primitive_extension", "POST", "Patient",
       R"({"resourceType":"Patient","_birthDate":"x"})", "application/fhir+json", 422, "Patient"},
      {"contained_unknown_element", "POST", "Patient",
       R"({"resourceType":"Patient","contained":[{"resourceType":"Organization","id":"o","bogus":true}]})",
       "application/fhir+json", 422, "bogus"},
      {"resource_type_inside", "POST", "Patient",
       R"({"resourceType":"Patient","name":[{"resourceType":"HumanName","family":"x"}]})",
       "application/fhir+json", 422, "Patient.name[0]"},
      {"duplicate_keys", "POST", "Patient",
       R"({"resourceType":"Patient","gender":"male","gender":"female"})", "application/fhir+json",
       400},
      {"too_deep", "POST", "Patient", Nested(40), "application/fhir+json", 400},
      {"invalid_utf8", "POST", "Patient",
       "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"\xc3\x28\"}]}",
       "application/fhir+json", 400},
      {"over_body_limit", "POST", "Patient",
       R"({"resourceType":"Patient","name":[{"family":")" + std::string(1100000, 'a') + R"("}]})",
       "application/fhir+json", 413},
      {"no_content_type", "POST", "Patient", R"({"resourceType":"Patient"})", "", 415},
      {"text_plain", "POST", "Patient", R"({"resourceType":"Patient"})", "text/plain", 415},
      {"xml_body", "POST", "Patient", "<Patient xmlns=\"http://hl7.org/fhir\"/>",
       "application/fhir+xml", 415},
      {"put_bad_url_id", "PUT", "Patient/a_b", R"({"resourceType":"Patient","id":"a_b"})",
       "application/fhir+json", 400},
      {"put_long_url_id", "PUT", "Patient/" + std::string(65, 'x'), R"({"resourceType":"Patient"})",
       "application/fhir+json", 400},
      {"put_id_mismatch", "PUT", "Patient/p1", R"({"resourceType":"Patient","id":"p2"})",
       "application/fhir+json", 400, "Patient.id"},
      {"put_no_id", "PUT", "Patient/p1", R"({"resourceType":"Patient"})", "application/fhir+json",
       400, "Patient.id"},
      {"put_unknown_type", "PUT", "Foo/1", R"({"resourceType":"Foo","id":"1"})",
       "application/fhir+json", 404},
      {"put_bad_if_match",
       "PUT",
       "Patient/p1",
       R"({"resourceType":"Patient","id":"p1"})",
       "application/fhir+json",
       400,
       "",
       {{"If-Match", "version-1"}}},
      {"patch_wrong_type", "PATCH", "Patient/existing", R"([])", "text/plain", 415},
      {"fhirpath_patch_not_parameters", "PATCH", "Patient/existing", R"([])",
       "application/fhir+json", 400, "resourceType"},
      {"fhirpath_patch_unknown_operation_type", "PATCH", "Patient/existing",
       FhirPathPatch(
           R"([{"name":"type","valueCode":"upsert"},{"name":"path","valueString":"Patient"}])"),
       "application/fhir+json", 400, "Parameters.parameter[0].part[0]"},
      {"fhirpath_patch_bad_path", "PATCH", "Patient/existing",
       FhirPathPatch(
           R"([{"name":"type","valueCode":"delete"},{"name":"path","valueString":"Patient.where("}])"),
       "application/fhir+json", 400, "Parameters.parameter[0].path"},
      {"fhirpath_patch_path_selects_several", "PATCH", "Patient/existing",
       FhirPathPatch(
           R"json([{"name":"type","valueCode":"delete"},{"name":"path","valueString":"Patient.children()"}])json"),
       "application/fhir+json", 422, "Parameters.parameter[0].path"},
      {"fhirpath_patch_breaks_resource", "PATCH", "Patient/existing",
       FhirPathPatch(
           R"([{"name":"type","valueCode":"replace"},{"name":"path","valueString":"Patient.gender"},{"name":"value","valueCode":"nam"}])"),
       "application/fhir+json", 422, "Patient.gender"},
      {"fhirpath_patch_changes_id", "PATCH", "Patient/existing",
       FhirPathPatch(
           R"([{"name":"type","valueCode":"replace"},{"name":"path","valueString":"Patient.id"},{"name":"value","valueId":"other"}])"),
       "application/fhir+json", 422},
      {"fhirpath_patch_stale_if_match",
       "PATCH",
       "Patient/existing",
       FhirPathPatch(
           R"([{"name":"type","valueCode":"delete"},{"name":"path","valueString":"Patient.gender"}])"),
       "application/fhir+json",
       412,
       "",
       {{"If-Match", "W/\"9\""}}},
      {"conditional_patch_no_match", "PATCH", "Patient?gender=female",
       FhirPathPatch(
           R"([{"name":"type","valueCode":"delete"},{"name":"path","valueString":"Patient.gender"}])"),
       "application/fhir+json", 404},
      {"conditional_patch_unknown_parameter", "PATCH", "Patient?colour=blue",
       FhirPathPatch(
           R"([{"name":"type","valueCode":"delete"},{"name":"path","valueString":"Patient.gender"}])"),
       "application/fhir+json", 400},
      {"patch_not_array", "PATCH", "Patient/existing", R"({"op":"remove"})",
       "application/json-patch+json", 400},
      {"patch_missing_path", "PATCH", "Patient/existing", R"([{"op":"remove","path":"/telecom"}])",
       "application/json-patch+json", 422},
      {"patch_breaks_resource", "PATCH", "Patient/existing",
       R"([{"op":"add","path":"/birthDate","value":"soon"}])", "application/json-patch+json", 422},
      {"patch_changes_id", "PATCH", "Patient/existing",
       R"([{"op":"replace","path":"/id","value":"other"}])", "application/json-patch+json", 422},
      {"patch_absent_resource", "PATCH", "Patient/absent", R"([{"op":"remove","path":"/gender"}])",
       "application/json-patch+json", 404},
      {"delete_on_type", "DELETE", "Patient", "", "", 405},
      {"conditional_delete_unknown_parameter", "DELETE", "Patient?colour=blue", "", "", 400},
      {"conditional_update_unknown_parameter", "PUT", "Patient?colour=blue",
       R"({"resourceType":"Patient"})", "application/fhir+json", 400},
      {"search_bad_date", "GET", "Patient?birthdate=soon", "", "", 400},
      {"search_unknown_modifier", "GET", "Patient?gender:sideways=male", "", "", 400},
      {"post_on_instance", "POST", "Patient/existing", R"({"resourceType":"Patient"})",
       "application/fhir+json", 405},
      {"unknown_url", "GET", "Patient/existing/_history/1/extra", "", "", 404},
      {"read_absent", "GET", "Patient/absent", "", "", 404},
      {"bad_summary", "GET", "Patient/existing?_summary=bogus", "", "", 400},
      {"xml_format", "GET", "Patient/existing?_format=xml", "", "", 406},
      {"bundle_document_to_base", "POST", "", R"({"resourceType":"Bundle","type":"document"})",
       "application/fhir+json", 400, "Bundle.type"},
      {"too_many_entries", "POST", "", Transaction(many_entries), "application/fhir+json", 413},
      {"transaction_one_bad_entry", "POST", "",
       Transaction(
           std::string(kGoodEntry) +
           R"(,{"resource":{"resourceType":"Patient","gender":"nam"},"request":{"method":"POST","url":"Patient"}})"),
       "application/fhir+json", 422, "Bundle.entry[1]"},
      {"transaction_unresolved_uuid", "POST", "",
       Transaction(
           R"({"resource":{"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"urn:uuid:99999999-9999-9999-9999-999999999999"}},"request":{"method":"POST","url":"Observation"}})"),
       "application/fhir+json", 400, "Bundle.entry[0].resource.subject.reference"},
      {"transaction_no_request", "POST", "",
       Transaction(R"({"resource":{"resourceType":"Patient"}})"), "application/fhir+json", 400,
       "Bundle.entry[0].request"},
      {"transaction_bad_method", "POST", "",
       Transaction(
           R"({"resource":{"resourceType":"Patient"},"request":{"method":"FETCH","url":"Patient"}})"),
       "application/fhir+json", 422, "Bundle.entry[0].request.method"},
      {"transaction_same_resource_twice", "POST", "",
       Transaction(
           R"({"resource":{"resourceType":"Patient","id":"t1"},"request":{"method":"PUT","url":"Patient/t1"}},{"resource":{"resourceType":"Patient","id":"t1"},"request":{"method":"PUT","url":"Patient/t1"}})"),
       "application/fhir+json", 400, "Bundle.entry[1].request.url"},
      {"transaction_type_mismatch", "POST", "",
       Transaction(
           R"({"resource":{"resourceType":"Patient","id":"t2"},"request":{"method":"PUT","url":"Observation/t2"}})"),
       "application/fhir+json", 400, "Bundle.entry[0]"},
      {"transaction_stale_if_match", "POST", "",
       Transaction(
           std::string(kGoodEntry) +
           R"(,{"resource":{"resourceType":"Patient","id":"existing"},"request":{"method":"PUT","url":"Patient/existing","ifMatch":"W/\"9\""}})"),
       "application/fhir+json", 412},
      {"transaction_fhirpath_patch_selects_several", "POST", "",
       Transaction(
           std::string(kGoodEntry) +
           R"json(,{"resource":{"resourceType":"Parameters","parameter":[{"name":"operation","part":[{"name":"type","valueCode":"delete"},{"name":"path","valueString":"Patient.children()"}]}]},"request":{"method":"PATCH","url":"Patient/existing"}})json"),
       "application/fhir+json", 422, "Bundle.entry[1].resource.parameter[0].path"},
      {"transaction_conditional_patch_no_match", "POST", "",
       Transaction(
           std::string(kGoodEntry) +
           R"(,{"resource":{"resourceType":"Parameters","parameter":[{"name":"operation","part":[{"name":"type","valueCode":"delete"},{"name":"path","valueString":"Patient.gender"}]}]},"request":{"method":"PATCH","url":"Patient?gender=other"}})"),
       "application/fhir+json", 404, "Bundle.entry[1].request.url"},
      {"transaction_patch_without_a_patch", "POST", "",
       Transaction(
           R"({"resource":{"resourceType":"Patient","id":"existing"},"request":{"method":"PATCH","url":"Patient/existing"}})"),
       "application/fhir+json", 400, "Bundle.entry[0].resource"},
      {"transaction_entry_unknown_element", "POST", "",
       Transaction(
           R"({"resource":{"resourceType":"Patient","colour":"red"},"request":{"method":"POST","url":"Patient"}})"),
       "application/fhir+json", 422, "colour"},
  };
}

// Names the case in test output instead of dumping its bytes.
void PrintTo(const BadRequest& c, std::ostream* os) { *os << c.name; }

class InvalidRequestsTest : public ApiTest, public ::testing::WithParamInterface<BadRequest> {
 protected:
  static void SetUpTestSuite() {
    // Small limits for this server, so that over-limit requests stay cheap.
    ::setenv("LIENTHONG_MAX_BODY_BYTES", "1048576", 1);
    ::setenv("LIENTHONG_MAX_BUNDLE_ENTRIES", "50", 1);
    ::setenv("LIENTHONG_MAX_JSON_DEPTH", "32", 1);
    ApiTest::SetUpTestSuite();
    ::unsetenv("LIENTHONG_MAX_BODY_BYTES");
    ::unsetenv("LIENTHONG_MAX_BUNDLE_ENTRIES");
    ::unsetenv("LIENTHONG_MAX_JSON_DEPTH");
    HttpClient client("127.0.0.1", server_->port());
    ClientResponse r = client.Send("PUT", "/fhir/Patient/existing",
                                   R"({"resourceType":"Patient","id":"existing","gender":"male"})",
                                   {{"Content-Type", "application/fhir+json"}});
    ASSERT_EQ(r.status, 201) << r.body;
  }
};

TEST_P(InvalidRequestsTest, IsRejectedWithAnOutcomeAndChangesNothing) {
  const BadRequest& c = GetParam();
  const std::string before = NewestHistoryEntry();
  ASSERT_FALSE(before.empty());
  std::vector<http::Header> headers = c.headers;
  if (!c.content_type.empty()) headers.push_back({"Content-Type", c.content_type});
  ClientResponse r = client_->Send(c.method, "/fhir/" + c.path, c.body, headers);
  EXPECT_EQ(r.status, c.status) << r.body.substr(0, 600);
  json::Value outcome = ExpectOutcome(r);
  if (!c.expression.empty()) {
    bool found = false;
    if (const json::Value* issues = outcome.find("issue")) {
      for (const auto& issue : issues->members()) {
        if (const json::Value* expressions = issue.value.find("expression")) {
          for (const auto& e : expressions->members()) {
            found |= e.value.text().find(c.expression) != std::string::npos;
          }
        }
      }
    }
    EXPECT_TRUE(found) << "no issue names " << c.expression << ": " << r.body.substr(0, 600);
  }
  HttpClient fresh("127.0.0.1", server_->port());
  EXPECT_EQ(fresh.Send("GET", "/health").status, 200) << "server no longer answers";
  client_ = std::make_unique<HttpClient>("127.0.0.1", server_->port());
  EXPECT_EQ(NewestHistoryEntry(), before) << "the store changed";
}

INSTANTIATE_TEST_SUITE_P(Table, InvalidRequestsTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<BadRequest>& info) {
                           return std::string(info.param.name);
                         });

TEST(InvalidRequestsTableTest, HasAtLeastFiftyCases) {
  EXPECT_GE(Cases().size(), 50u);
  std::cout << "invalid request cases: " << Cases().size() << "\n";
}

class RequestTimeLimitTest : public ApiTest {
 protected:
  static void SetUpTestSuite() {
    ::setenv("LIENTHONG_REQUEST_TIMEOUT_MS", "1", 1);
    ApiTest::SetUpTestSuite();
    ::unsetenv("LIENTHONG_REQUEST_TIMEOUT_MS");
  }
};

TEST_F(RequestTimeLimitTest, ATransactionPastTheLimitWritesNothing) {
  // Two hundred entries take well over a millisecond to validate and plan.
  std::string entries;
  for (int i = 0; i < 200; ++i) {
    entries += fmt::format(
        R"({}{{"fullUrl":"urn:uuid:00000000-0000-4000-8000-{:012}","resource":{{"resourceType":"Patient","name":[{{"family":"Đỗ","given":["Thị","Hoa"]}}],"birthDate":"1970-01-01"}},"request":{{"method":"POST","url":"Patient"}}}})",
        i ? "," : "", i);
  }
  ClientResponse r = Post("", Transaction(entries));
  EXPECT_EQ(r.status, 503) << r.body.substr(0, 300);
  ExpectOutcome(r);
  EXPECT_EQ(NewestHistoryEntry(), "");  // nothing was ever written
}

}  // namespace
}  // namespace lienthong::testing
