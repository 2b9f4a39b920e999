// PATCH with a FHIRPath Patch (Parameters), conditional patch, and the
// patch formats the CapabilityStatement offers.
#include <fmt/format.h>

#include <algorithm>

#include "api_fixture.h"
#include "json/writer.h"

namespace lienthong::testing {
namespace {

// One "operation" parameter; `more` holds the parts after type and path.
std::string Op(const std::string& type, const std::string& path, const std::string& more = "") {
  return fmt::format(
      R"({{"name":"operation","part":[{{"name":"type","valueCode":"{}"}},{{"name":"path","valueString":"{}"}}{}]}})",
      type, path, more);
}
std::string Parameters(const std::string& operations) {
  return R"({"resourceType":"Parameters","parameter":[)" + operations + "]}";
}

class PatchTest : public ApiTest {
 protected:
  ClientResponse Patch(const std::string& path, const std::string& body,
                       std::vector<http::Header> headers = {}) {
    return client_->Send("PATCH", "/fhir/" + path, body, FhirHeaders(std::move(headers)));
  }
  std::string VersionOf(const std::string& path) {
    return std::string(Json(Get(path)).find("meta")->get_string("versionId"));
  }
};

constexpr const char* kPatient = R"({"resourceType":"Patient","id":"fp-1",
  "identifier":[{"system":"https://lienthong.vn/fhir/sid/cccd","value":"079090000001"}],
  "name":[{"family":"Nguyễn","given":["Văn","An"]}],
  "telecom":[{"system":"phone","value":"0901000001"},{"system":"email","value":"an@example.vn"}],
  "gender":"male","birthDate":"1990-04-12"})";

TEST_F(PatchTest, EachOperationTypeMakesANewValidatedVersion) {
  ASSERT_EQ(Put("Patient/fp-1", kPatient).status, 201);

  // add: a nested anonymous element (Patient.contact) from parts.
  ClientResponse added =
      Patch("Patient/fp-1",
            Parameters(Op("add", "Patient",
                          R"(,{"name":"name","valueString":"contact"},{"name":"value","part":[
          {"name":"relationship","valueCodeableConcept":{"text":"mẹ"}},
          {"name":"name","valueHumanName":{"family":"Trần","given":["Thị","Mai"]}},
          {"name":"telecom","valueContactPoint":{"system":"phone","value":"0901000002"}}]})")));
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_EQ(added.header("ETag"), "W/\"2\"");
  json::Value p = Json(added);
  const json::Value& contact = p.find("contact")->at(0);
  EXPECT_EQ(contact.find("relationship")->at(0).get_string("text"), "mẹ");
  EXPECT_EQ(contact.find("name")->get_string("family"), "Trần");
  EXPECT_EQ(contact.find("telecom")->at(0).get_string("value"), "0901000002");

  // insert: a given name at the front of a list inside a list.
  ClientResponse inserted =
      Patch("Patient/fp-1", Parameters(Op("insert", "Patient.name[0].given",
                                          R"(,{"name":"index","valueInteger":0},
                                             {"name":"value","valueString":"Ông"})")));
  ASSERT_EQ(inserted.status, 200) << inserted.body;
  p = Json(inserted);
  const json::Value& given = *p.find("name")->at(0).find("given");
  ASSERT_EQ(given.size(), 3u);
  EXPECT_EQ(given.at(0).text(), "Ông");
  EXPECT_EQ(given.at(2).text(), "An");

  // move: the email before the phone.
  ClientResponse moved = Patch("Patient/fp-1", Parameters(Op("move", "Patient.telecom",
                                                             R"(,{"name":"source","valueInteger":1},
                                             {"name":"destination","valueInteger":0})")));
  ASSERT_EQ(moved.status, 200) << moved.body;
  p = Json(moved);
  EXPECT_EQ(p.find("telecom")->at(0).get_string("system"), "email");
  EXPECT_EQ(p.find("telecom")->at(1).get_string("system"), "phone");

  // replace and delete together: the operations apply in order.
  ClientResponse replaced =
      Patch("Patient/fp-1",
            Parameters(Op("replace", "Patient.telecom.where(system = 'phone').value",
                          R"(,{"name":"value","valueString":"0909999999"})") +
                       "," + Op("delete", "Patient.telecom.where(system = 'email')") + "," +
                       Op("replace", "Patient.birthDate",
                          R"(,{"name":"value","valueDate":"1990-04-21"})")));
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  p = Json(replaced);
  ASSERT_EQ(p.find("telecom")->size(), 1u);
  EXPECT_EQ(p.find("telecom")->at(0).get_string("value"), "0909999999");
  EXPECT_EQ(p.get_string("birthDate"), "1990-04-21");
  EXPECT_EQ(p.find("meta")->get_string("versionId"), "5");

  // What was answered is what was stored.
  json::Value stored = Json(Get("Patient/fp-1"));
  EXPECT_EQ(stored.find("telecom")->at(0).get_string("value"), "0909999999");
  EXPECT_EQ(stored.find("contact")->at(0).find("name")->get_string("family"), "Trần");
  EXPECT_EQ(stored.find("name")->at(0).find("given")->at(0).text(), "Ông");
}

TEST_F(PatchTest, DeletingWhatIsNotThereSucceeds) {
  ASSERT_EQ(Put("Patient/fp-2", R"({"resourceType":"Patient","id":"fp-2","gender":"male"})").status,
            201);
  ClientResponse r = Patch("Patient/fp-2", Parameters(Op("delete", "Patient.birthDate")));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r).get_string("gender"), "male");
}

TEST_F(PatchTest, AnExtensionOnAPrimitiveIsStoredAndValidated) {
  ASSERT_EQ(
      Put("Patient/fp-5", R"({"resourceType":"Patient","id":"fp-5","birthDate":"1990"})").status,
      201);
  ClientResponse r =
      Patch("Patient/fp-5",
            Parameters(Op("add", "Patient.birthDate",
                          R"(,{"name":"name","valueString":"extension"},{"name":"value","part":[
          {"name":"url","valueUri":"http://example.org/fhir/StructureDefinition/estimated"},
          {"name":"value","valueBoolean":true}]})")));
  ASSERT_EQ(r.status, 200) << r.body;
  json::Value stored = Json(Get("Patient/fp-5"));
  const json::Value* companion = stored.find("_birthDate");
  ASSERT_NE(companion, nullptr) << json::Write(stored);
  const json::Value& extension = companion->find("extension")->at(0);
  EXPECT_EQ(extension.get_string("url"), "http://example.org/fhir/StructureDefinition/estimated");
  EXPECT_TRUE(extension.find("valueBoolean")->as_bool());
}

TEST_F(PatchTest, IfMatchMustNameTheCurrentVersion) {
  ASSERT_EQ(Put("Patient/fp-3", R"({"resourceType":"Patient","id":"fp-3","gender":"male"})").status,
            201);
  const std::string patch =
      Parameters(Op("replace", "Patient.gender", R"(,{"name":"value","valueCode":"female"})"));
  ClientResponse stale = Patch("Patient/fp-3", patch, {{"If-Match", "W/\"2\""}});
  EXPECT_EQ(stale.status, 412) << stale.body;
  ExpectOutcome(stale);
  EXPECT_EQ(VersionOf("Patient/fp-3"), "1");
  EXPECT_EQ(Json(Get("Patient/fp-3")).get_string("gender"), "male");
  ClientResponse current = Patch("Patient/fp-3", patch, {{"If-Match", "W/\"1\""}});
  ASSERT_EQ(current.status, 200) << current.body;
  EXPECT_EQ(Json(current).get_string("gender"), "female");
}

TEST_F(PatchTest, AnInvalidResultIsRefusedAndNamesTheProblem) {
  ASSERT_EQ(Put("Patient/fp-4", R"({"resourceType":"Patient","id":"fp-4","gender":"male"})").status,
            201);
  const std::string before = NewestHistoryEntry();
  ClientResponse r =
      Patch("Patient/fp-4", Parameters(Op("add", "Patient",
                                          R"(,{"name":"name","valueString":"birthDate"},
                                                            {"name":"value","valueDate":"12/04/1990"})")));
  EXPECT_EQ(r.status, 422) << r.body;
  ExpectOutcome(r);
  EXPECT_NE(r.body.find("Patient.birthDate"), std::string::npos) << r.body;
  EXPECT_EQ(NewestHistoryEntry(), before);
  EXPECT_EQ(Json(Get("Patient/fp-4")).find("birthDate"), nullptr);
}

TEST_F(PatchTest, ConditionalPatchNeedsExactlyOneMatch) {
  ASSERT_EQ(Put("Patient/cp-1", R"({"resourceType":"Patient","id":"cp-1","identifier":[
      {"system":"https://lienthong.vn/fhir/sid/cccd","value":"079090000101"}],
      "name":[{"family":"Hồ"}],"gender":"male"})")
                .status,
            201);
  for (const char* id : {"cp-2", "cp-3"}) {
    ASSERT_EQ(Put(fmt::format("Patient/{}", id),
                  fmt::format(R"({{"resourceType":"Patient","id":"{}","name":[{{"family":"Song"}}],
                                  "gender":"male"}})",
                              id))
                  .status,
              201);
  }
  const std::string patch =
      Parameters(Op("replace", "Patient.gender", R"(,{"name":"value","valueCode":"female"})"));

  ClientResponse one =
      Patch("Patient?identifier=https://lienthong.vn/fhir/sid/cccd|079090000101", patch);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(Json(one).get_string("id"), "cp-1");
  EXPECT_EQ(Json(Get("Patient/cp-1")).get_string("gender"), "female");
  EXPECT_EQ(VersionOf("Patient/cp-1"), "2");

  const std::string before = NewestHistoryEntry();
  ClientResponse none =
      Patch("Patient?identifier=https://lienthong.vn/fhir/sid/cccd|079090000999", patch);
  EXPECT_EQ(none.status, 404) << none.body;
  ExpectOutcome(none);
  ClientResponse many = Patch("Patient?family=Song", patch);
  EXPECT_EQ(many.status, 412) << many.body;
  ExpectOutcome(many);
  EXPECT_EQ(NewestHistoryEntry(), before);
  EXPECT_EQ(Json(Get("Patient/cp-2")).get_string("gender"), "male");
  EXPECT_EQ(Json(Get("Patient/cp-3")).get_string("gender"), "male");

  // A JSON Patch may be conditional too.
  ClientResponse json_patch = client_->Send(
      "PATCH", "/fhir/Patient?identifier=https://lienthong.vn/fhir/sid/cccd|079090000101",
      R"([{"op":"replace","path":"/gender","value":"other"}])",
      {{"Content-Type", "application/json-patch+json"}});
  ASSERT_EQ(json_patch.status, 200) << json_patch.body;
  EXPECT_EQ(Json(Get("Patient/cp-1")).get_string("gender"), "other");
}

TEST_F(PatchTest, CapabilityStatementOffersBothPatchFormats) {
  json::Value cs = Json(Get("metadata"));
  const json::Value* formats = cs.find("patchFormat");
  ASSERT_NE(formats, nullptr);
  std::vector<std::string> names;
  for (const auto& m : formats->members()) names.push_back(m.value.text());
  EXPECT_NE(std::find(names.begin(), names.end(), "application/json-patch+json"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "application/fhir+json"), names.end());
}

}  // namespace
}  // namespace lienthong::testing
